import { and, count, eq, gte } from 'drizzle-orm'
import { loginAttempts } from '#db/schema.ts'
import { getDb } from '#app/utils/db.server.ts'
import { LOGIN_WINDOW_MS } from '#app/domain/login-throttle.ts'

export async function recordLoginAttempt(a: { username: string; address: string; succeeded: boolean; at: Date }) {
  await getDb().insert(loginAttempts).values(a)
}

/** Failed attempts within the throttle window, per account and per address. */
export async function countRecentFailures({ username, address, now }: { username: string; address: string; now: Date }) {
  const db = getDb()
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const failed = and(eq(loginAttempts.succeeded, false), gte(loginAttempts.at, since))
  const [byAccount] = await db.select({ n: count() }).from(loginAttempts).where(and(failed, eq(loginAttempts.username, username)))
  const [byAddress] = await db.select({ n: count() }).from(loginAttempts).where(and(failed, eq(loginAttempts.address, address)))
  return { account: byAccount?.n ?? 0, address: byAddress?.n ?? 0 }
}

/** Forget failures of an account after a successful login. */
export async function clearFailures(username: string) {
  await getDb().delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.succeeded, false)))
}

import { and, count, eq, gte, max } from 'drizzle-orm'
import { loginAttempts } from '#db/tables.ts'
import { getDb } from '#app/utils/db.server.ts'
import { LOGIN_WINDOW_MS, type RecentFailures } from '#app/domain/login-throttle.ts'

export async function recordLoginAttempt(a: { username: string; address: string; succeeded: boolean; at: Date }) {
  await getDb().insert(loginAttempts).values(a)
}

/** Failed attempts within the throttle window: of this account from this address, and from this address. */
export async function countRecentFailures({
  username,
  address,
  now,
}: {
  username: string
  address: string
  now: Date
}): Promise<RecentFailures> {
  const db = getDb()
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const failed = and(eq(loginAttempts.succeeded, false), gte(loginAttempts.at, since), eq(loginAttempts.address, address))
  const [pair] = await db
    .select({ n: count(), last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(failed, eq(loginAttempts.username, username)))
  const [byAddress] = await db.select({ n: count() }).from(loginAttempts).where(failed)
  return { pair: pair?.n ?? 0, lastPairFailureAt: pair?.last ? new Date(pair.last).getTime() : null, address: byAddress?.n ?? 0 }
}

/** Forget the failures of an account from an address after it logged in from there. */
export async function clearFailures(username: string, address: string) {
  await getDb()
    .delete(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.address, address), eq(loginAttempts.succeeded, false)))
}

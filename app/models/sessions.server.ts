import { randomBytes } from 'node:crypto'
import { eq, lt, sql } from 'drizzle-orm'
import { sessions } from '#db/tables.ts'
import { getDb, prepared } from '#app/utils/db.server.ts'

type Data = Record<string, unknown>

/** A session nobody used for this long ends, whatever its absolute expiry. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
/** How stale the recorded last use may get before a request writes it again. */
const SEEN_RESOLUTION_MS = 5 * 60 * 1000

function userIdOf(data: Data) {
  return typeof data.userId === 'string' ? data.userId : null
}

export async function createSessionRow(data: Data, expires: Date | undefined, now = new Date()) {
  const id = randomBytes(32).toString('base64url')
  const expiresAt = expires ?? new Date(now.getTime() + 1000 * 60 * 60 * 24)
  await getDb()
    .insert(sessions)
    .values({ id, data, userId: userIdOf(data), expiresAt, lastSeenAt: now })
  return id
}

export async function readSessionRow(id: string, now = new Date()) {
  const row = await prepared('sessions.byId', (db) =>
    db
      .select({ data: sessions.data, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt, createdAt: sessions.createdAt })
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('id'))),
  ).get({ id })
  if (!row) return null
  const seen = (row.lastSeenAt ?? row.createdAt).getTime()
  if (row.expiresAt.getTime() <= now.getTime() || now.getTime() - seen > SESSION_IDLE_MS) {
    await deleteSessionRow(id)
    return null
  }
  if (now.getTime() - seen > SEEN_RESOLUTION_MS) await getDb().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
  return row.data
}

export async function updateSessionRow(id: string, data: Data, expires: Date | undefined) {
  await getDb()
    .update(sessions)
    .set({ data, userId: userIdOf(data), ...(expires ? { expiresAt: expires } : {}) })
    .where(eq(sessions.id, id))
}

export async function deleteSessionRow(id: string) {
  await getDb().delete(sessions).where(eq(sessions.id, id))
}

export async function deleteExpiredSessions(now = new Date()) {
  await getDb().delete(sessions).where(lt(sessions.expiresAt, now))
}

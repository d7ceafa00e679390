import { randomBytes } from 'node:crypto'
import { eq, lt, sql } from 'drizzle-orm'
import { sessions } from '#db/schema.ts'
import { getDb, prepared } from '#app/utils/db.server.ts'

type Data = Record<string, unknown>

function userIdOf(data: Data) {
  return typeof data.userId === 'string' ? data.userId : null
}

export async function createSessionRow(data: Data, expires: Date | undefined, now = new Date()) {
  const id = randomBytes(32).toString('base64url')
  const expiresAt = expires ?? new Date(now.getTime() + 1000 * 60 * 60 * 24)
  await getDb().insert(sessions).values({ id, data, userId: userIdOf(data), expiresAt })
  return id
}

export async function readSessionRow(id: string, now = new Date()) {
  const row = prepared('sessions.byId', (db) =>
    db.select({ data: sessions.data, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, sql.placeholder('id'))).prepare(),
  ).get({ id })
  if (!row) return null
  if (row.expiresAt.getTime() <= now.getTime()) {
    await deleteSessionRow(id)
    return null
  }
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

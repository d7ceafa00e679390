/**
 * The inbox of unrecognised replies: queries only. Rows are written with the reply itself, in the
 * role-play's append transaction (app/models/roleplay.server.ts); the studio's inbox service
 * (app/studio/inbox.server.ts) groups and resolves them.
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm'
import { unrecognisedReplies } from '#db/tables.ts'
import { getDb, io, transaction } from '#app/utils/db.server.ts'

export type InboxStatus = (typeof unrecognisedReplies.$inferSelect)['status']
export type ResolvedStatus = Exclude<InboxStatus, 'open'>

/** No page groups more than this many open replies at once; the oldest come first. */
export const INBOX_LIMIT = 5000

/** Open replies, oldest first, of one scenario (and beat) or of all. */
export async function listOpenItems(filter: { scenarioId?: string; beat?: string } = {}) {
  const where = [eq(unrecognisedReplies.status, 'open')]
  if (filter.scenarioId) where.push(eq(unrecognisedReplies.scenarioId, filter.scenarioId))
  if (filter.scenarioId && filter.beat) where.push(eq(unrecognisedReplies.beat, filter.beat))
  return getDb()
    .select({
      id: unrecognisedReplies.id,
      attemptId: unrecognisedReplies.attemptId,
      scenarioId: unrecognisedReplies.scenarioId,
      scenarioVersion: unrecognisedReplies.scenarioVersion,
      beat: unrecognisedReplies.beat,
      text: unrecognisedReplies.text,
      reason: unrecognisedReplies.reason,
      at: unrecognisedReplies.at,
    })
    .from(unrecognisedReplies)
    .where(and(...where))
    .orderBy(asc(unrecognisedReplies.at), asc(unrecognisedReplies.id))
    .limit(INBOX_LIMIT)
}

/** Open replies per scenario and beat, for the inbox's filters. */
export async function countOpenByBeat() {
  return getDb()
    .select({ scenarioId: unrecognisedReplies.scenarioId, beat: unrecognisedReplies.beat, open: count() })
    .from(unrecognisedReplies)
    .where(eq(unrecognisedReplies.status, 'open'))
    .groupBy(unrecognisedReplies.scenarioId, unrecognisedReplies.beat)
    .orderBy(asc(unrecognisedReplies.scenarioId), asc(unrecognisedReplies.beat))
}

/** Open replies per scenario: the studio's library shows the count beside each scenario. */
export async function countOpenInbox(): Promise<Map<string, number>> {
  const rows = await getDb()
    .select({ scenarioId: unrecognisedReplies.scenarioId, open: count() })
    .from(unrecognisedReplies)
    .where(eq(unrecognisedReplies.status, 'open'))
    .groupBy(unrecognisedReplies.scenarioId)
  return new Map(rows.map((r) => [r.scenarioId, r.open]))
}

/** Some rows by id, whatever their status. */
export async function getItems(ids: readonly number[]) {
  if (ids.length === 0) return []
  return getDb()
    .select()
    .from(unrecognisedReplies)
    .where(inArray(unrecognisedReplies.id, [...ids]))
    .orderBy(asc(unrecognisedReplies.id))
}

/**
 * Marks those of the rows that are still open, in one scenario, as handled (a phrase or a sample
 * added, or dismissed), in one transaction. Rows already handled keep how they were handled, so
 * a resent request changes nothing. Returns the ids it marked.
 */
export async function resolveItems(input: { scenarioId: string; ids: readonly number[]; status: ResolvedStatus; by: string; now?: Date }) {
  const now = input.now ?? new Date()
  if (input.ids.length === 0) return []
  return transaction(function* (tx) {
    const open = and(
      inArray(unrecognisedReplies.id, [...input.ids]),
      eq(unrecognisedReplies.scenarioId, input.scenarioId),
      eq(unrecognisedReplies.status, 'open'),
    )
    const ids = yield* io(tx.select({ id: unrecognisedReplies.id }).from(unrecognisedReplies).where(open))
    if (ids.length === 0) return []
    yield* io(tx.update(unrecognisedReplies).set({ status: input.status, resolvedBy: input.by, resolvedAt: now }).where(open))
    return ids.map((r) => r.id)
  })
}

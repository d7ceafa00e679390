/**
 * Trainers' reviews of role-play scores: queries only. The review service
 * (app/roleplay/review.server.ts) validates the form and brings certification up to date.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, type SQL } from 'drizzle-orm'
import { roleplayAttempts, roleplayReviews, teams, users } from '#db/tables.ts'
import { first, getDb, io, transaction, type Work } from '#app/utils/db.server.ts'

export type Outcome = NonNullable<(typeof roleplayAttempts.$inferSelect)['outcome']>
export type Mode = (typeof roleplayAttempts.$inferSelect)['mode']

export interface ReviewFilters {
  scenarioId?: string
  teamId?: string
  outcome?: Outcome
  mode?: Mode
  /** Whether a trainer has reviewed it. */
  reviewed?: boolean
  /** Finished at or after this instant (ms). */
  from?: number
  /** Finished before this instant (ms). */
  until?: number
}

function conditions(f: ReviewFilters): SQL[] {
  const out: SQL[] = [eq(roleplayAttempts.status, 'finished')]
  if (f.scenarioId) out.push(eq(roleplayAttempts.scenarioId, f.scenarioId))
  if (f.teamId) out.push(eq(users.teamId, f.teamId))
  if (f.outcome) out.push(eq(roleplayAttempts.outcome, f.outcome))
  if (f.mode) out.push(eq(roleplayAttempts.mode, f.mode))
  if (f.reviewed !== undefined) out.push(f.reviewed ? isNotNull(roleplayAttempts.reviewedAt) : isNull(roleplayAttempts.reviewedAt))
  if (f.from !== undefined) out.push(gte(roleplayAttempts.finishedAt, new Date(f.from)))
  if (f.until !== undefined) out.push(lt(roleplayAttempts.finishedAt, new Date(f.until)))
  return out
}

/** One page of finished role-plays matching the filters, newest first, with how many match in all. */
export async function listAttemptsForReview(filters: ReviewFilters, page: { offset: number; limit: number }) {
  const where = and(...conditions(filters))
  const db = getDb()
  const rows = await db
    .select({
      id: roleplayAttempts.id,
      scenarioId: roleplayAttempts.scenarioId,
      scenarioVersion: roleplayAttempts.scenarioVersion,
      mode: roleplayAttempts.mode,
      outcome: roleplayAttempts.outcome,
      total: roleplayAttempts.total,
      passed: roleplayAttempts.passed,
      reviewedTotal: roleplayAttempts.reviewedTotal,
      reviewedPassed: roleplayAttempts.reviewedPassed,
      reviewedAt: roleplayAttempts.reviewedAt,
      finishedAt: roleplayAttempts.finishedAt,
      displayName: users.displayName,
      teamName: teams.name,
    })
    .from(roleplayAttempts)
    .innerJoin(users, eq(users.id, roleplayAttempts.userId))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(where)
    .orderBy(desc(roleplayAttempts.finishedAt), asc(roleplayAttempts.id))
    .limit(page.limit)
    .offset(page.offset)
  const [counted] = await db
    .select({ n: count() })
    .from(roleplayAttempts)
    .innerJoin(users, eq(users.id, roleplayAttempts.userId))
    .where(where)
  const total = counted?.n ?? 0
  return { rows, total }
}

/** An attempt's reviews, oldest first, with the reviewer's name: the audit log. */
export async function listReviews(attemptId: string) {
  return getDb()
    .select({
      id: roleplayReviews.id,
      originalTotal: roleplayReviews.originalTotal,
      originalPassed: roleplayReviews.originalPassed,
      total: roleplayReviews.total,
      passed: roleplayReviews.passed,
      reason: roleplayReviews.reason,
      at: roleplayReviews.at,
      reviewerName: users.displayName,
    })
    .from(roleplayReviews)
    .leftJoin(users, eq(users.id, roleplayReviews.reviewerId))
    .where(eq(roleplayReviews.attemptId, attemptId))
    .orderBy(asc(roleplayReviews.at), asc(roleplayReviews.id))
}

export type RecordReviewResult = 'stored' | 'duplicate' | 'not-finished'

/**
 * Stores a review of a finished attempt, in one transaction: the review row (with the judge's
 * score as it stood) and the attempt's reviewed score. The attempt's own total and pass stay the
 * judge's. A client id already stored counts once ('duplicate'), whichever attempt it was for.
 */
export async function recordReview(input: {
  attemptId: string
  reviewerId: string
  clientId: string
  total: number
  passed: boolean
  reason: string
  now: Date
}): Promise<RecordReviewResult> {
  return transaction(function* (tx): Work<RecordReviewResult> {
    const seen = yield* first(
      tx.select({ id: roleplayReviews.id }).from(roleplayReviews).where(eq(roleplayReviews.clientId, input.clientId)).limit(1),
    )
    if (seen) return 'duplicate'
    const attempt = yield* first(
      tx
        .select({ total: roleplayAttempts.total, passed: roleplayAttempts.passed, status: roleplayAttempts.status })
        .from(roleplayAttempts)
        .where(eq(roleplayAttempts.id, input.attemptId))
        .limit(1),
    )
    if (attempt?.status !== 'finished') return 'not-finished'
    yield* io(
      tx.insert(roleplayReviews).values({
        id: randomUUID(),
        attemptId: input.attemptId,
        reviewerId: input.reviewerId,
        clientId: input.clientId,
        originalTotal: attempt.total,
        originalPassed: attempt.passed,
        total: input.total,
        passed: input.passed,
        reason: input.reason,
        at: input.now,
      }),
    )
    yield* io(
      tx
        .update(roleplayAttempts)
        .set({ reviewedTotal: input.total, reviewedPassed: input.passed, reviewedAt: input.now })
        .where(eq(roleplayAttempts.id, input.attemptId)),
    )
    return 'stored'
  })
}

/**
 * A trainer's review of a role-play score: the list to choose from, and the override. The judge's
 * score stays on the attempt; the latest review is what the trainee, the lead and certification
 * see, and every review is kept as the audit log.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { endOfDay, isLocalDate, startOfDay } from '#app/domain/calendar.ts'
import { markDirty } from '#app/models/standings.server.ts'
import { reconcileUser } from '#app/certification/reconcile.server.ts'
import { listAttemptsForReview, listReviews, recordReview, type ReviewFilters } from '#app/models/reviews.server.ts'
import { getAttempt } from '#app/models/roleplay.server.ts'
import { listTeams } from '#app/models/teams.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { fieldErrors } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.ts'
import { scenarioTitles } from './attempt-rows.server.ts'
import { OUTCOMES } from './schema.ts'
import { liveScenarios, scenarioAt } from './scenarios.server.ts'

export const REASON_MIN = 4
export const REASON_MAX = 500
export const PAGE_SIZE = 20

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)

/** The list's filters as the URL carries them; a value that makes no sense is dropped, not an error. */
const filtersSchema = z.object({
  scenario: optional(z.string().max(100)),
  team: optional(z.string().max(100)),
  outcome: optional(z.enum(OUTCOMES)),
  mode: optional(z.enum(['free', 'guided'])),
  reviewed: optional(z.enum(['yes', 'no'])),
  from: optional(z.string().refine(isLocalDate)),
  to: optional(z.string().refine(isLocalDate)),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export type ReviewQuery = z.infer<typeof filtersSchema>

export function parseReviewQuery(params: URLSearchParams): ReviewQuery {
  const given = Object.fromEntries([...params].filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))
  return filtersSchema.parse(given)
}

/** One page of finished role-plays for a trainer to review, with the filters' choices. */
export async function reviewList(params: URLSearchParams) {
  const query = parseReviewQuery(params)
  const timeZone = getEnv().TIMEZONE
  const filters: ReviewFilters = {
    scenarioId: query.scenario,
    teamId: query.team,
    outcome: query.outcome,
    mode: query.mode,
    reviewed: query.reviewed === undefined ? undefined : query.reviewed === 'yes',
    // Dates are the app's calendar days, both ends included.
    from: query.from ? startOfDay(query.from, timeZone) : undefined,
    until: query.to ? endOfDay(query.to, timeZone) : undefined,
  }
  const { rows, total } = await listAttemptsForReview(filters, { offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
  const titleOf = await scenarioTitles(rows)
  const [scenarios, teams] = await Promise.all([liveScenarios(), listTeams()])
  return {
    query,
    badRange: Boolean(query.from && query.to && query.from > query.to),
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    attempts: rows.map((r) => ({
      id: r.id,
      title: titleOf(r),
      version: r.scenarioVersion,
      mode: r.mode,
      outcome: r.outcome,
      displayName: r.displayName,
      teamName: r.teamName,
      total: r.total,
      passed: r.passed,
      review: r.reviewedAt ? { total: r.reviewedTotal!, passed: r.reviewedPassed!, at: r.reviewedAt.toISOString() } : null,
      finishedAt: r.finishedAt!.toISOString(),
    })),
    scenarios: scenarios.map((s) => ({ id: s.script.id, title: s.script.title })).sort((a, b) => a.title.localeCompare(b.title, 'zh-CN')),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
  }
}

/** An attempt's reviews, oldest first (the audit log), times as ISO strings. */
export async function reviewHistory(attemptId: string) {
  return (await listReviews(attemptId)).map((r) => ({ ...r, at: r.at.toISOString() }))
}

/** The review in force (the latest), or null when no trainer has reviewed the attempt. */
export async function currentReview(attemptId: string) {
  return (await reviewHistory(attemptId)).at(-1) ?? null
}

/** A blank override form: a fresh client id, so a resent submission is stored once. */
export function newOverrideForm() {
  return { clientId: randomUUID(), reasonMax: REASON_MAX }
}

const overrideSchema = z.object({
  clientId: z.uuid('review.form.stale'),
  total: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, 'review.form.badTotal')
    .transform(Number)
    .refine((n) => n <= 100, 'review.form.badTotal'),
  passed: z.enum(['true', 'false'], 'review.form.needPassed').transform((v) => v === 'true'),
  reason: z.string().trim().min(REASON_MIN, 'review.form.needReason').max(REASON_MAX, 'review.form.reasonTooLong'),
})

export type OverrideResult = { ok: true; status: 'stored' | 'duplicate' } | { ok: false; errors: Record<string, string> }

/**
 * Overrides a finished attempt's score with a trainer's, from the review form: total 0–100, pass
 * or fail (a pass not below the scenario's pass mark), and a reason of at least four characters.
 * Stored in one transaction (the review and the attempt's reviewed score); a resent form counts
 * once. The trainee's certification standing is brought up to date before and after, so the new
 * verdict counts from this moment.
 * NOTE: a pass turned into a fail does not take back a certificate or refresher already earned
 * with it; an admin revokes a certificate (a record with a reason).
 */
export async function overrideScore(input: {
  attemptId: string
  reviewerId: string
  values: Record<string, string | string[] | undefined>
  now?: Date
}): Promise<OverrideResult> {
  const now = input.now ?? new Date()
  const text = (name: string) => String([input.values[name] ?? ''].flat()[0] ?? '')
  const parsed = overrideSchema.safeParse({
    clientId: text('clientId'),
    total: text('total'),
    passed: text('passed'),
    reason: text('reason'),
  })
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  const row = await getAttempt(input.attemptId)
  if (!row || row.attempt.status !== 'finished') throw notFound()
  // Nobody marks their own work.
  if (row.attempt.userId === input.reviewerId) return { ok: false, errors: { form: 'review.form.ownAttempt' } }
  // A pass below the scenario's pass mark would contradict the page that shows both; a fail above
  // it is allowed (a breach or an outcome the judge missed).
  const passMark = (await scenarioAt(row.attempt.scenarioId, row.attempt.scenarioVersion))?.script.passMark ?? 0
  if (parsed.data.passed && parsed.data.total < passMark) return { ok: false, errors: { total: 'review.form.belowPassMark' } }
  // Everything up to now happened under the score as it stood.
  await reconcileUser(row.owner.id, now)
  await markDirty([row.owner.id], now)
  const status = await recordReview({ attemptId: row.attempt.id, reviewerId: input.reviewerId, ...parsed.data, now })
  if (status === 'not-finished') throw notFound()
  await reconcileUser(row.owner.id, now)
  return { ok: true, status }
}

import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { certificationEvents, roleplayAttempts, roleplayReviews } from '#db/tables.ts'
import { JUDGE_VERSION } from '#app/judge/version.ts'
import { reconcileUser } from '#app/certification/reconcile.server.ts'
import { listReviews } from '#app/models/reviews.server.ts'
import { getAttempt, startAttempt } from '#app/models/roleplay.server.ts'
import { rescoreAttempts } from '#app/roleplay/rescore.server.ts'
import { overrideScore } from '#app/roleplay/review.server.ts'
import { getScenario } from '#app/roleplay/scenarios.server.ts'
import { loader as feedbackLoader } from '#app/routes/practice.$attemptId.feedback.tsx'
import { action as reviewAction, loader as reviewLoader } from '#app/routes/studio.reviews.$attemptId.tsx'
import { loader as listLoader } from '#app/routes/studio.reviews._index.tsx'
import { loader as memberLoader } from '#app/routes/team.$userId.tsx'
import { loader as trainerLoader } from '#app/routes/trainer.tsx'
import { loadModules } from '#app/utils/content.server.ts'
import { getDb } from '#app/utils/db.server.ts'
import { authedRequest, finishedRoleplay, makeTeam, makeUser, playSample, run, takeQuiz } from '#tests/factories.ts'

const ctx = { clientAddress: '127.0.0.1' }
const DAY = 24 * 60 * 60 * 1000
const modules = loadModules()
/** A Shanghai wall-clock time. */
const at = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`)

const play = playSample

/** A finished role-play stored as the current judge left it (factories store the outcome only). */
async function stored(userId: string, scenarioId: string, when: Date, options: Parameters<typeof finishedRoleplay>[3] = {}) {
  const id = await finishedRoleplay(userId, scenarioId, when, options)
  await getDb().update(roleplayAttempts).set({ judgeVersion: JUDGE_VERSION }).where(eq(roleplayAttempts.id, id))
  return id
}

function override(attemptId: string, reviewerId: string, values: Record<string, string>, now?: Date) {
  return overrideScore({ attemptId, reviewerId, values: { clientId: randomUUID(), ...values }, now })
}

async function post(attemptId: string, userId: string, fields: Record<string, string>) {
  return run(async () =>
    reviewAction({
      request: await authedRequest(`/studio/reviews/${attemptId}`, userId, {
        method: 'POST',
        body: new URLSearchParams({ intent: 'override', ...fields }),
      }),
      params: { attemptId },
      context: ctx,
    }),
  )
}

type Refused = { data: { ok: false; errors: Record<string, string>; values: Record<string, string> }; init: { status: number } }

describe('overriding a role-play score', () => {
  test('the reviewed score is stored beside the judge’s, each override in the audit log, the latest on the attempt', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const trainee = await makeUser()
    const id = await play(trainee.id, 'damaged-on-arrival', 'fail')
    const judged = (await getAttempt(id))!.attempt
    expect(judged.passed).toBe(false)

    const first = await override(id, trainer.id, {
      total: '72',
      passed: 'true',
      reason: '  第二轮已经提出先补发再找快递理赔，系统没有识别出来。 ',
    })
    expect(first).toEqual({ ok: true, status: 'stored' })
    let row = (await getAttempt(id))!.attempt
    // The judge's score stays on the attempt; the review sits beside it.
    expect(row).toMatchObject({ total: judged.total, passed: false, reviewedTotal: 72, reviewedPassed: true })
    expect(row.reviewedAt).toBeInstanceOf(Date)

    await override(id, trainer.id, { total: '70', passed: 'true', reason: '复核后再扣两分：结尾没有道别。' })
    row = (await getAttempt(id))!.attempt
    expect(row).toMatchObject({ total: judged.total, passed: false, reviewedTotal: 70, reviewedPassed: true })
    const log = await listReviews(id)
    expect(log.map((r) => [r.originalTotal, r.originalPassed, r.total, r.passed, r.reason, r.reviewerName])).toEqual([
      [judged.total, false, 72, true, '第二轮已经提出先补发再找快递理赔，系统没有识别出来。', trainer.displayName],
      // Each review records the judge's score, not the previous review's.
      [judged.total, false, 70, true, '复核后再扣两分：结尾没有道别。', trainer.displayName],
    ])
  })

  test('a resent form is stored once', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const id = await stored((await makeUser()).id, 'parcel-lost', new Date(Date.now() - DAY), { passed: false })
    const values = { clientId: randomUUID(), total: '80', passed: 'true', reason: '顾客的问题其实已经解决了。' }
    expect(await overrideScore({ attemptId: id, reviewerId: trainer.id, values })).toEqual({ ok: true, status: 'stored' })
    expect(await overrideScore({ attemptId: id, reviewerId: trainer.id, values })).toEqual({ ok: true, status: 'duplicate' })
    const sent = await post(id, trainer.id, values)
    expect(sent).toMatchObject({ ok: true, status: 'duplicate' })
    expect(await listReviews(id)).toHaveLength(1)
  })

  test('bad input is refused field by field and nothing is stored', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const id = await stored((await makeUser()).id, 'parcel-lost', new Date(Date.now() - DAY))
    const errors = async (values: Record<string, string>) => {
      const result = await overrideScore({ attemptId: id, reviewerId: trainer.id, values: { clientId: randomUUID(), ...values } })
      return result.ok ? null : result.errors
    }
    const good = { total: '60', passed: 'false', reason: '说错了退货规则' }
    for (const total of ['101', '-1', '7.5', 'abc', '', '1000'])
      expect(await errors({ ...good, total }), total).toEqual({ total: 'review.form.badTotal' })
    expect(await errors({ ...good, total: ' 0 ' })).toBeNull()
    expect(await errors({ ...good, total: '100' })).toBeNull()
    expect(await errors({ ...good, passed: '' })).toEqual({ passed: 'review.form.needPassed' })
    expect(await errors({ ...good, passed: 'yes' })).toEqual({ passed: 'review.form.needPassed' })
    // parcel-lost passes at 75: a pass below it is refused, a fail above it is allowed.
    expect(await errors({ ...good, total: '74', passed: 'true' })).toEqual({ total: 'review.form.belowPassMark' })
    expect(await errors({ ...good, total: '75', passed: 'true' })).toBeNull()
    expect(await errors({ ...good, total: '90', passed: 'false' })).toBeNull()
    // Four characters after trimming.
    expect(await errors({ ...good, reason: '  太短了  ' })).toEqual({ reason: 'review.form.needReason' })
    expect(await errors({ ...good, reason: '  规则说错  ' })).toBeNull()
    expect(await errors({ ...good, reason: '长'.repeat(501) })).toEqual({ reason: 'review.form.reasonTooLong' })
    expect(await errors({ ...good, clientId: 'not-a-uuid' })).toEqual({ clientId: 'review.form.stale' })
    expect(await errors({ total: 'x', passed: '', reason: '' })).toEqual({
      total: 'review.form.badTotal',
      passed: 'review.form.needPassed',
      reason: 'review.form.needReason',
    })

    // Through the page: 400, the input kept.
    const before = (await listReviews(id)).length
    const refused = (await post(id, trainer.id, {
      clientId: randomUUID(),
      total: '120',
      passed: 'true',
      reason: '态度很好',
    })) as unknown as Refused
    expect(refused.init.status).toBe(400)
    expect(refused.data.errors).toEqual({ total: 'review.form.badTotal' })
    expect(refused.data.values).toEqual({ total: '120', passed: 'true', reason: '态度很好' })
    expect(await listReviews(id)).toHaveLength(before)
  })

  test('nobody overrides their own score; an unfinished attempt has nothing to review', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const own = await stored(trainer.id, 'parcel-lost', new Date(Date.now() - DAY), { passed: false })
    expect(await override(own, trainer.id, { total: '90', passed: 'true', reason: '我觉得我答得不错' })).toEqual({
      ok: false,
      errors: { form: 'review.form.ownAttempt' },
    })
    expect(
      ((await post(own, trainer.id, { clientId: randomUUID(), total: '90', passed: 'true', reason: '我觉得不错' })) as Refused).init.status,
    ).toBe(403)
    const active = await startAttempt((await makeUser()).id, getScenario('parcel-lost')!, 'free')
    const refused = await run(() => override(active, trainer.id, { total: '90', passed: 'true', reason: '还没练完' }))
    expect((refused as Response).status).toBe(404)
    expect(
      ((await run(() => override(randomUUID(), trainer.id, { total: '90', passed: 'true', reason: '这条记录不存在' }))) as Response).status,
    ).toBe(404)
    expect(await getDb().select().from(roleplayReviews).where(eq(roleplayReviews.attemptId, own))).toEqual([])
  })

  test('rescoring under a newer judge moves the judge’s score and keeps the review', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const id = await play((await makeUser()).id, 'damaged-on-arrival', 'pass')
    const judged = (await getAttempt(id))!.attempt
    await override(id, trainer.id, { total: '55', passed: 'false', reason: '第三轮承诺了七天内一定到货，违反承诺规范。' })
    // As an older judge left it.
    await getDb().update(roleplayAttempts).set({ judgeVersion: 1, total: 99 }).where(eq(roleplayAttempts.id, id))
    await rescoreAttempts()
    const row = (await getAttempt(id))!.attempt
    expect(row).toMatchObject({ judgeVersion: JUDGE_VERSION, total: judged.total, reviewedTotal: 55, reviewedPassed: false })
    expect(row.reviewedAt).toBeInstanceOf(Date)
    expect(await listReviews(id)).toHaveLength(1)
  })
})

describe('certification counts the reviewed score', () => {
  /** Every onboarding requirement but the role-plays, then the given passes and fails, a day apart, ending at `last`. */
  async function records(userId: string, last: Date, plays: [scenarioId: string, passed: boolean][]) {
    let t = last.getTime() - (modules.length + plays.length) * DAY
    for (const m of modules) await takeQuiz(userId, m, new Date((t += DAY)))
    const ids: string[] = []
    for (const [scenarioId, passed] of plays) ids.push(await stored(userId, scenarioId, new Date((t += DAY)), { passed }))
    return ids
  }
  const passes = ['damaged-on-arrival', 'wrong-size-shipped', 'parcel-lost', 'price-drop', 'refund-not-received'].map(
    (s): [string, boolean] => [s, true],
  )
  const status = async (userId: string, now: Date) =>
    (await reconcileUser(userId, now)).find((r) => r.certification.id === 'onboarding')!.standing.status

  test('a required scenario failed by the judge and passed on review certifies the trainee, from the moment of the review', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const user = await makeUser()
    const ids = await records(user.id, at('2024-01-10 10:00'), [...passes, ['someone-elses-order', false]])
    expect(await status(user.id, at('2024-01-10 12:00'))).toBe('inProgress')

    const reviewedAt = at('2024-01-11 09:30')
    await override(
      ids.at(-1)!,
      trainer.id,
      { total: '78', passed: 'true', reason: '没有泄露信息，只是核实身份的话术和模板不同。' },
      reviewedAt,
    )
    // Reconciled by the override itself: no page had to be opened.
    const events = await getDb().select().from(certificationEvents).where(eq(certificationEvents.userId, user.id))
    const certified = events.find((e) => e.certificationId === 'onboarding' && e.toStatus === 'certified')
    expect(certified?.at.getTime()).toBe(reviewedAt.getTime())
    expect(await status(user.id, at('2024-01-11 10:00'))).toBe('certified')
  })

  test('a pass failed on review no longer counts toward the requirements', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const user = await makeUser()
    const [damaged] = await records(user.id, at('2024-03-10 10:00'), passes)
    expect(await status(user.id, at('2024-03-10 12:00'))).toBe('inProgress')
    await override(
      damaged!,
      trainer.id,
      { total: '40', passed: 'false', reason: '让顾客自己去找快递，属于推卸责任。' },
      at('2024-03-11 09:00'),
    )
    // The last requirement met after the review: still short of the required damaged-on-arrival.
    await stored(user.id, 'someone-elses-order', at('2024-03-12 10:00'))
    const onboarding = (await reconcileUser(user.id, at('2024-03-12 12:00'))).find((r) => r.certification.id === 'onboarding')
    expect(onboarding!.standing.status).toBe('inProgress')
    expect(onboarding!.records.roleplays.find((r) => r.id === damaged)?.passed).toBe(false)
  })
})

describe('review pages', () => {
  test('a trainee or a lead opening /studio/reviews gets 403, and may not open or post a review', async () => {
    const team = await makeTeam(1)
    const trainee = team.members[0]!
    const id = await stored(trainee.id, 'parcel-lost', new Date(Date.now() - DAY))
    for (const user of [trainee, team.lead]) {
      const list = await run(async () => listLoader({ request: await authedRequest('/studio/reviews', user.id), params: {}, context: ctx }))
      expect((list as Response).status).toBe(403)
      const page = await run(async () =>
        reviewLoader({ request: await authedRequest(`/studio/reviews/${id}`, user.id), params: { attemptId: id }, context: ctx }),
      )
      expect((page as Response).status).toBe(403)
      const sent = await post(id, user.id, { clientId: randomUUID(), total: '100', passed: 'true', reason: '给自己满分' })
      expect((sent as Response).status).toBe(403)
    }
    expect(await listReviews(id)).toEqual([])
    // Signed out: to the login page.
    const anonymous = await run(() => listLoader({ request: new Request('http://localhost/studio/reviews'), params: {}, context: ctx }))
    expect((anonymous as Response).headers.get('Location')).toMatch(/^\/login/)
  })

  test('the list filters by scenario, team, outcome, mode, date and review, and pages through the rest', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const team = await makeTeam(2)
    const [a, b] = team.members
    const day = (n: number) => at(`2021-05-${String(n).padStart(2, '0')} 10:00`)
    for (let n = 1; n <= 22; n++) await stored(a!.id, 'parcel-lost', day(n))
    const guided = await stored(b!.id, 'price-drop', day(23), { mode: 'guided' })
    const failed = await stored(b!.id, 'damaged-on-arrival', day(24), { passed: false })
    await override(failed, trainer.id, { total: '76', passed: 'true', reason: '第二轮已经答应补发。' })

    const list = async (query: string) => {
      const result = await listLoader({
        request: await authedRequest(`/studio/reviews?team=${team.teamId}&${query}`, trainer.id),
        params: {},
        context: ctx,
      })
      return result
    }
    const all = await list('')
    expect(all.total).toBe(24)
    expect(all.pages).toBe(2)
    expect(all.attempts).toHaveLength(20)
    // Newest first, with the team and both scores.
    expect(all.attempts[0]).toMatchObject({
      id: failed,
      title: getScenario('damaged-on-arrival')!.script.title,
      teamName: expect.stringMatching(/^组-/),
      outcome: 'left-angry',
      total: 40,
      passed: false,
      review: { total: 76, passed: true },
    })
    expect(all.attempts[1]).toMatchObject({ id: guided, review: null })
    const second = await list('page=2')
    expect(second.attempts).toHaveLength(4)
    expect(new Set([...all.attempts, ...second.attempts].map((r) => r.id)).size).toBe(24)

    expect((await list('scenario=price-drop')).attempts.map((r) => r.id)).toEqual([guided])
    expect((await list('outcome=left-angry')).attempts.map((r) => r.id)).toEqual([failed])
    expect((await list('mode=guided')).attempts.map((r) => r.id)).toEqual([guided])
    expect((await list('reviewed=yes')).attempts.map((r) => r.id)).toEqual([failed])
    expect((await list('reviewed=no')).total).toBe(23)
    // Calendar days in the app's timezone, both ends included.
    expect((await list('from=2021-05-23&to=2021-05-23')).attempts.map((r) => r.id)).toEqual([guided])
    expect((await list('from=2021-05-20&to=2021-05-22')).total).toBe(3)
    expect((await list('from=2021-05-24')).total).toBe(1)
    const backwards = await list('from=2021-05-24&to=2021-05-01')
    expect(backwards).toMatchObject({ badRange: true, total: 0 })
    // Nonsense in the URL is dropped, not an error.
    const odd = await list('outcome=exploded&mode=&from=2021-02-31&page=-3')
    expect(odd).toMatchObject({ total: 24, page: 1, query: { team: team.teamId } })
    expect(odd.query.outcome).toBeUndefined()
    expect(all.teams.map((t) => t.id)).toContain(team.teamId)
    expect(all.scenarios.map((s) => s.id)).toContain('parcel-lost')
  })

  test('the trainee sees the reviewed score and the comment; the lead’s tables and the trainer desk mark it reviewed', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const team = await makeTeam(1)
    const trainee = team.members[0]!
    const id = await play(trainee.id, 'damaged-on-arrival', 'fail')
    const judged = (await getAttempt(id))!.attempt

    const page = await reviewLoader({
      request: await authedRequest(`/studio/reviews/${id}`, trainer.id),
      params: { attemptId: id },
      context: ctx,
    })
    expect(page).toMatchObject({ own: false, review: null, history: [], ownerName: trainee.displayName })
    expect(page.items.some((i) => i.turn !== null)).toBe(true)
    const saved = await post(id, trainer.id, {
      clientId: page.form.clientId,
      total: '70',
      passed: 'true',
      reason: '第一轮道歉和补发都说到了。',
    })
    expect(saved).toMatchObject({ ok: true, status: 'stored' })

    const feedback = await feedbackLoader({
      request: await authedRequest(`/practice/${id}/feedback`, trainee.id),
      params: { attemptId: id },
      context: ctx,
    })
    expect(feedback.review).toMatchObject({
      total: 70,
      passed: true,
      originalTotal: judged.total,
      originalPassed: false,
      reason: '第一轮道歉和补发都说到了。',
      reviewerName: trainer.displayName,
    })
    expect(feedback.score.total).toBe(judged.total)
    expect(feedback.canReview).toBe(false)

    const member = await memberLoader({
      request: await authedRequest(`/team/${trainee.id}`, team.lead.id),
      params: { userId: trainee.id },
      context: ctx,
    })
    expect(member.roleplays!.find((r) => r.id === id)).toMatchObject({
      score: 70,
      passed: true,
      review: { originalScore: judged.total, originalPassed: false },
    })
    const leadFeedback = await feedbackLoader({
      request: await authedRequest(`/practice/${id}/feedback`, team.lead.id),
      params: { attemptId: id },
      context: ctx,
    })
    expect(leadFeedback.review).toMatchObject({ total: 70, reason: '第一轮道歉和补发都说到了。' })

    const desk = await trainerLoader({ request: await authedRequest('/trainer', trainer.id), params: {}, context: ctx })
    expect(desk.roleplays.find((r) => r.id === id)).toMatchObject({ score: 70, review: { originalScore: judged.total } })

    const after = await reviewLoader({
      request: await authedRequest(`/studio/reviews/${id}`, trainer.id),
      params: { attemptId: id },
      context: ctx,
    })
    expect(after.review).toMatchObject({ total: 70, passed: true })
    expect(after.history).toHaveLength(1)
    // A fresh form: the next override is a new submission.
    expect(after.form.clientId).not.toBe(page.form.clientId)
  })
})

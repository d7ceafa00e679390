import { describe, expect, test } from 'vitest'
import { addMonths, localDate } from '#app/domain/calendar.ts'
import { action as adminUserAction } from '#app/routes/admin.users.$userId.tsx'
import { loader as certificationsLoader } from '#app/routes/certifications._index.tsx'
import { loader as learnLoader } from '#app/routes/learn._index.tsx'
import { loader as memberLoader } from '#app/routes/team.$userId.tsx'
import { loadModules } from '#app/utils/content.server.ts'
import { authedRequest, finishedRoleplay, makeTeam, makeUser, takeQuiz } from '#tests/factories.ts'

// The learning path, 我的认证 and the lead's member page show one computation: the same ticks,
// the same percentage, the same list of what is missing or to redo.

const ctx = { clientAddress: '127.0.0.1' }
const DAY = 24 * 60 * 60 * 1000
const modules = loadModules()
const ONBOARDING_MODULES = [
  'service-etiquette',
  'emotion-management',
  'consumer-law',
  'complaint-handling',
  'service-flow',
  'privacy-security',
]

/** Meets every onboarding requirement; the last record lands at `last`. */
async function certifyOnboarding(userId: string, last: Date) {
  let t = last.getTime() - 20 * DAY
  for (const m of modules) await takeQuiz(userId, m, new Date((t += DAY)))
  for (const s of ['damaged-on-arrival', 'wrong-size-shipped', 'parcel-lost', 'price-drop', 'refund-not-received'])
    await finishedRoleplay(userId, s, new Date((t += DAY)))
  await finishedRoleplay(userId, 'someone-elses-order', last)
}

/** The onboarding path as each of the three pages has it. */
async function pages(memberId: string, leadId: string) {
  const learn = await learnLoader({ request: await authedRequest('/learn', memberId), params: {}, context: ctx })
  const mine = await certificationsLoader({ request: await authedRequest('/certifications', memberId), params: {}, context: ctx })
  const lead = await memberLoader({ request: await authedRequest(`/team/${memberId}`, leadId), params: { userId: memberId }, context: ctx })
  const onboarding = <T extends { id: string }>(list: T[]) => list.find((c) => c.id === 'onboarding')!
  return {
    learn,
    onLearn: onboarding(learn.certifications),
    onCard: onboarding(mine.certifications),
    onLead: onboarding(lead.certifications),
    lead,
  }
}

function expectSame(p: Awaited<ReturnType<typeof pages>>) {
  const numbers = (c: { path: { done: number; total: number; percent: number; missing: unknown[] } }) => ({
    done: c.path.done,
    total: c.path.total,
    percent: c.path.percent,
    missing: c.path.missing,
  })
  expect(numbers(p.onLearn)).toEqual(numbers(p.onCard))
  expect(numbers(p.onLead)).toEqual(numbers(p.onCard))
  expect(p.lead.modules).toEqual(
    p.learn.modules.map((m) => ({
      moduleId: m.id,
      title: m.title,
      status: m.status,
      bestScore: m.bestScore,
      certification: m.certification,
    })),
  )
}

describe('the same numbers everywhere', () => {
  test('after a revocation, /learn says so (when, why, what to do) and no module meets the certification', async () => {
    const team = await makeTeam(1)
    const holder = team.members[0]!
    await certifyOnboarding(holder.id, new Date(Date.now() - 10 * DAY))
    const admin = await makeUser({ roles: ['admin'] })
    const { certifications } = await certificationsLoader({
      request: await authedRequest('/certifications', holder.id),
      params: {},
      context: ctx,
    })
    const certificateId = certifications.find((c) => c.id === 'onboarding')!.certificate!.id
    await adminUserAction({
      request: await authedRequest(`/admin/users/${holder.id}`, admin.id, {
        method: 'POST',
        body: new URLSearchParams({ intent: 'revoke', certificateId, reason: '向他人泄露顾客手机号' }),
      }),
      params: { userId: holder.id },
      context: ctx,
    })

    const p = await pages(holder.id, team.lead.id)
    expect(p.onLearn).toMatchObject({
      status: 'revoked',
      certificate: { endReason: 'revoked', endedDate: localDate(new Date(), 'Asia/Shanghai'), revokeReason: '向他人泄露顾客手机号' },
    })
    // Everything is asked again: nothing counts, on every page.
    expect(p.onCard.path).toMatchObject({ basis: 'requirements', done: 0, total: 10, percent: 0 })
    expectSame(p)
    for (const id of ONBOARDING_MODULES) {
      const m = p.learn.modules.find((x) => x.id === id)!
      // Its quiz was passed before the revocation, but that no longer counts for the certification.
      expect(m.status).toBe('passed')
      expect(m.certification).toBe('missing')
    }
  })

  test('what is missing lists only what is missing, and the percentage is the ticks: 3 of 10 is 30%', async () => {
    const team = await makeTeam(1)
    const trainee = team.members[0]!
    const now = Date.now()
    for (const [i, id] of ['service-etiquette', 'emotion-management', 'consumer-law'].entries())
      await takeQuiz(
        trainee.id,
        modules.find((m) => m.id === id)!,
        new Date(now - (5 - i) * DAY),
      )

    const p = await pages(trainee.id, team.lead.id)
    expect(p.onCard.path).toMatchObject({ basis: 'requirements', done: 3, total: 10, percent: 30 })
    expect(p.onCard.path.items).toHaveLength(10)
    expect(p.onCard.path.missing).toHaveLength(7)
    expect(p.onCard.path.missing.every((i) => !i.done)).toBe(true)
    expect(p.onCard.path.missing.map((i) => i.href)).toEqual([
      '/learn/complaint-handling',
      '/learn/service-flow',
      '/learn/privacy-security',
      '/practice#damaged-on-arrival',
      '/practice#someone-elses-order',
      '/practice',
      '/practice',
    ])
    expectSame(p)
    expect(p.learn.modules.filter((m) => m.certification === 'met').map((m) => m.id)).toEqual([
      'service-etiquette',
      'emotion-management',
      'consumer-law',
    ])
  })

  test('a lapsed or refresher-due agent’s path names exactly the quizzes and role-plays to redo', async () => {
    const team = await makeTeam(2)
    const [lapsed, due] = team.members
    // Certified eight months ago, the six-month refresher never done: lapsed (like 吴昊 in the demo).
    await certifyOnboarding(lapsed!.id, new Date(addMonths(localDate(new Date(), 'Asia/Shanghai'), -8) + 'T10:00:00+08:00'))
    // Certified 165 days ago: the six-month refresher is open.
    await certifyOnboarding(due!.id, new Date(Date.now() - 165 * DAY))

    for (const [member, status] of [
      [lapsed!, 'lapsed'],
      [due!, 'refresherDue'],
    ] as const) {
      const p = await pages(member.id, team.lead.id)
      expect(p.onLearn.status).toBe(status)
      expect(p.onLearn.path).toMatchObject({ basis: 'refreshers', done: 0, total: 3, percent: 0 })
      expect(p.onLearn.path.missing).toEqual([
        { kind: 'quiz', moduleId: 'consumer-law', title: expect.any(String), done: false, href: '/learn/consumer-law/quiz' },
        { kind: 'quiz', moduleId: 'privacy-security', title: expect.any(String), done: false, href: '/learn/privacy-security/quiz' },
        { kind: 'roleplays', needed: 2, have: 0, difficulty: 2, done: false, href: '/practice' },
      ])
      expectSame(p)
      const state = Object.fromEntries(p.learn.modules.map((m) => [m.id, m.certification]))
      expect(state).toMatchObject({ 'consumer-law': 'redo', 'privacy-security': 'redo', 'service-etiquette': 'met', 'service-flow': 'met' })
    }
  })
})

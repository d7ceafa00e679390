import { describe, expect, test } from 'vitest'
import { seedDemoData } from '#db/seed.ts'
import { certificationViews } from '#app/certification/view.server.ts'
import { addDays, addMonths, localDate } from '#app/domain/calendar.ts'
import { reconcileUser } from '#app/certification/reconcile.server.ts'
import { getLearningRecords } from '#app/models/learning.server.ts'
import { listFinishedAttemptsOf } from '#app/models/roleplay.server.ts'
import { listUsers } from '#app/models/users.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

async function idOf(username: string) {
  const user = (await listUsers()).find((u) => u.username === username)
  if (!user) throw new Error(`no demo user ${username}`)
  return user.id
}

async function onboardingOf(userId: string) {
  const view = (await certificationViews(userId)).find((c) => c.id === 'onboarding')
  if (!view) throw new Error('no onboarding certification')
  return view
}

describe('demo data', () => {
  test(
    'a fresh set-up shows a refresher under way, a lapsed certificate and a new hire; a second run adds nothing',
    { timeout: 30_000 },
    async () => {
      const today = localDate(Date.now(), getEnv().TIMEZONE)
      const started = performance.now()
      expect(await seedDemoData()).toEqual({ created: true })
      expect(performance.now() - started).toBeLessThan(10_000)

      // 周晓: certified 5 months 10 days ago; the 6-month refresher is open and partly done.
      const zhou = await onboardingOf(await idOf('zhouxiao'))
      expect(zhou.status).toBe('refresherDue')
      expect(zhou.certificate).toMatchObject({ issuedDate: addDays(addMonths(today, -5), -10), endReason: null })
      expect(zhou.refreshers).toHaveLength(1)
      const [refresher] = zhou.refreshers
      expect(refresher).toMatchObject({ source: 'time', overdue: false })
      expect(refresher!.items.find((i) => i.kind === 'quiz' && i.href === '/learn/consumer-law/quiz')?.done).toBe(true)
      expect(refresher!.items.some((i) => !i.done)).toBe(true)
      expect(refresher!.percent).toBeGreaterThan(0)
      expect(refresher!.percent).toBeLessThan(100)

      // 吴昊: certified 8 months ago, did nothing since: the certificate lapsed, with its code kept.
      const wuId = await idOf('wuhao')
      const wu = await onboardingOf(wuId)
      expect(wu.status).toBe('lapsed')
      expect(wu.certificate?.issuedDate).toBe(addMonths(today, -8))
      const [certificate, ...more] = (await reconcileUser(wuId, new Date())).find((r) => r.certification.id === 'onboarding')!.rows
        .certificates
      expect(more).toEqual([])
      expect(certificate).toMatchObject({ endReason: 'lapsed' })
      expect(certificate!.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/)

      // 林小雨: two modules and one role-play this week, no certificate yet.
      const traineeId = await idOf('trainee')
      const trainee = await onboardingOf(traineeId)
      expect(trainee.status).toBe('inProgress')
      expect(trainee.certificate).toBeNull()
      expect(trainee.path.percent).toBeGreaterThanOrEqual(1)
      expect(trainee.path.percent).toBeLessThanOrEqual(99)
      expect(trainee.path.items.filter((i) => i.done).map((i) => i.href)).toEqual([
        '/learn/service-etiquette',
        '/learn/emotion-management',
        '/practice#damaged-on-arrival',
      ])
      const weekAgo = Date.now() - 7 * 24 * 60 * 60 * 1000
      const { attempts } = await getLearningRecords([traineeId])
      expect(
        attempts
          .filter((a) => a.passed)
          .map((a) => a.moduleId)
          .sort(),
      ).toEqual(['emotion-management', 'service-etiquette'])
      expect(attempts.every((a) => a.submittedAt!.getTime() > weekAgo)).toBe(true)
      // One failed role-play somewhere, for realism.
      const plays = await listFinishedAttemptsOf(null, 1000)
      expect(plays.some((p) => p.passed === false)).toBe(true)

      // Set-up run again: nothing new.
      const counts = async () => ({
        users: (await listUsers()).length,
        quizzes: (await getLearningRecords((await listUsers()).map((u) => u.id))).attempts.length,
        plays: (await listFinishedAttemptsOf(null, 1000)).length,
      })
      const before = await counts()
      expect(await seedDemoData()).toEqual({ created: false })
      expect(await counts()).toEqual(before)
    },
  )
})

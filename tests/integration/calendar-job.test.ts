import { randomUUID } from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { agentChecks, agentSummaries, certificates, certificationEvents, certificationStandings } from '#db/tables.ts'
import { CALENDAR_JOB, runCalendarJob } from '#app/certification/calendar-job.server.ts'
import { afterRecords, reconcileUsers } from '#app/certification/reconcile.server.ts'
import { addDays, localDate, startOfDay } from '#app/domain/calendar.ts'
import { acquireLease, countHeldLeases, getLease, releaseLease } from '#app/models/jobs.server.ts'
import { markDirty } from '#app/models/standings.server.ts'
import { loader as learnLoader } from '#app/routes/learn._index.tsx'
import { loader as memberLoader } from '#app/routes/team.$userId.tsx'
import { loader as teamLoader } from '#app/routes/team._index.tsx'
import { loader as exportLoader } from '#app/routes/team.export.tsx'
import { loadModules } from '#app/utils/content.server.ts'
import { getDb } from '#app/utils/db.server.ts'
import { holdWriteLock } from '#tests/write-lock.ts'
import {
  authedRequest,
  certifyOnboarding,
  ctx,
  finishedRoleplay,
  makeTeam,
  makeUser,
  onboardingRecords,
  takeQuiz,
} from '#tests/factories.ts'

const DAY = 24 * 60 * 60 * 1000
const TZ = 'Asia/Shanghai'
const module = (id: string) => loadModules().find((m) => m.id === id)!
/** A Shanghai wall-clock time. */
const at = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`)

/** What an agent's certifications came to, as stored: standings, certificates and the history of changes. */
async function outcome(userId: string) {
  const db = getDb()
  const standings = (await db.select().from(certificationStandings).where(eq(certificationStandings.userId, userId)))
    .map((s) => [s.certificationId, s.status])
    .sort()
  const certs = (await db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(asc(certificates.issuedAt))).map(
    (c) => [c.certificationId, c.issuedDate, c.validUntil, c.endedAt?.toISOString() ?? null, c.endReason],
  )
  const events = (
    await db
      .select()
      .from(certificationEvents)
      .where(eq(certificationEvents.userId, userId))
      .orderBy(asc(certificationEvents.at), asc(certificationEvents.id))
  )
    .filter((e) => e.fromStatus !== e.toStatus)
    .map((e) => `${e.certificationId} ${e.at.toISOString()} ${e.fromStatus}→${e.toStatus}:${(e.cause as { type: string }).type}`)
  return { standings, certs, events }
}

const summaryOf = async (userId: string) =>
  (await getDb().select().from(agentSummaries).where(eq(agentSummaries.userId, userId))).find((s) => s.mode === 'all')
const checkOf = async (userId: string) => (await getDb().select().from(agentChecks).where(eq(agentChecks.userId, userId)).limit(1))[0]

describe('the calendar job', () => {
  test('two years three ways: a view every day, writes and the daily job, the job once at the end: the same standings', async () => {
    // The walk of the certification test: certified, refresher due, lapsed, certified again, lapsed again.
    const records = [
      ...onboardingRecords(at('2027-01-10 10:00')),
      { at: at('2027-09-01 10:00'), write: (id: string) => takeQuiz(id, module('consumer-law'), at('2027-09-01 10:00')) },
      { at: at('2027-09-01 11:00'), write: (id: string) => takeQuiz(id, module('privacy-security'), at('2027-09-01 11:00')) },
      { at: at('2027-09-01 14:00'), write: (id: string) => finishedRoleplay(id, 'parcel-lost', at('2027-09-01 14:00')) },
      { at: at('2027-09-01 16:00'), write: (id: string) => finishedRoleplay(id, 'food-safety', at('2027-09-01 16:00')) },
    ]
    // Every morning at eight, from before the first record to two years on.
    const days: Date[] = []
    for (let d = '2026-12-15'; d <= '2028-12-01'; d = addDays(d, 1)) days.push(new Date(startOfDay(d, TZ) + 8 * 3600_000))
    const end = days.at(-1)!
    type Step = { at: Date; write?: (id: string) => unknown; tick?: true }
    const steps: Step[] = [...records, ...days.map((d): Step => ({ at: d, tick: true }))].sort((a, b) => a.at.getTime() - b.at.getTime())

    // 1. Plain writes, and the agent's page viewed every day.
    const viewed = await makeUser()
    for (const s of steps) {
      if (s.write) await s.write(viewed.id)
      else await reconcileUsers([viewed.id], s.at)
    }
    const byViews = await outcome(viewed.id)

    // 2. Each write brings the standing up to date at its time; the calendar job runs every day.
    const written = await makeUser()
    for (const s of steps) {
      if (s.write) await afterRecords([written.id], () => s.write!(written.id), s.at)
      else expect((await runCalendarJob({ now: s.at, holder: 'walk' })).ran).toBe(true)
    }

    // 3. Nobody looks and nothing is refreshed until the job runs once, two years on.
    const untouched = await makeUser()
    for (const s of records) await s.write(untouched.id)
    const job = await runCalendarJob({ now: end, holder: 'walk' })
    expect(job.ran).toBe(true)
    expect(job.checked).toBeGreaterThanOrEqual(1)

    expect(byViews.events.filter((e) => e.startsWith('onboarding')).map((e) => e.split(' ').at(-1))).toEqual([
      'notStarted→inProgress:started',
      'inProgress→certified:requirementsMet',
      'certified→refresherDue:refresherOpened',
      'refresherDue→lapsed:lapsed',
      'lapsed→certified:recertified',
      'certified→refresherDue:refresherOpened',
      'refresherDue→lapsed:lapsed',
    ])
    expect(byViews.certs.filter((c) => c[0] === 'onboarding').map((c) => [c[1], c[2], c[4]])).toEqual([
      ['2027-01-10', '2028-01-10', 'lapsed'],
      ['2027-09-01', '2028-09-01', 'lapsed'],
    ])
    expect(byViews.standings).toContainEqual(['onboarding', 'lapsed'])
    expect(await outcome(written.id)).toEqual(byViews)
    expect(await outcome(untouched.id)).toEqual(byViews)
    // The summaries agree with the standings, however they were reached.
    for (const id of [viewed.id, written.id, untouched.id]) expect(await summaryOf(id)).toMatchObject({ status: 'lapsed' })
  }, 240_000)

  test('viewing current standings takes no write lock: the team page, its CSV, an agent’s page and their home page', async () => {
    const team = await makeTeam(2)
    const [holder, newcomer] = team.members
    await certifyOnboarding(holder!.id, new Date(Date.now() - 20 * DAY))
    await takeQuiz(newcomer!.id, module('service-etiquette'), new Date(Date.now() - DAY))
    // Signed in before the lock is taken: a new session is a write of its own.
    const [teamPage, csvFile, memberPage, homePage] = [
      await authedRequest('/team', team.lead.id),
      await authedRequest('/team/export', team.lead.id),
      await authedRequest(`/team/${holder!.id}`, team.lead.id),
      await authedRequest('/learn', holder!.id),
    ]
    const views = {
      team: () => teamLoader({ request: teamPage.clone(), params: {}, context: ctx }),
      csv: async () => ((await exportLoader({ request: csvFile.clone(), params: {}, context: ctx })) as Response).text(),
      member: () => memberLoader({ request: memberPage.clone(), params: { userId: holder!.id }, context: ctx }),
      home: () => learnLoader({ request: homePage.clone(), params: {}, context: ctx }),
    }
    // The first views bring everything up to date (that writes).
    const before = await views.team()
    await views.member()
    await views.home()

    // Another process or connection holds the write lock and gives way to no one.
    const lock = await holdWriteLock()
    const locked: string[] = []
    const waiting: Promise<unknown>[] = []
    const attempt = async <T>(name: string, view: () => Promise<T>) => {
      // On PostgreSQL a write waits for the lock: a view still running after a few seconds is waiting.
      let timer: NodeJS.Timeout | undefined
      const running = view()
      waiting.push(running.catch(() => {}))
      try {
        const result = await Promise.race([
          running,
          new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), 3000))),
        ])
        if (result !== 'waiting') return result
        locked.push(`${name}: waits for the lock`)
        return null
      } catch (error) {
        if (!(error instanceof Error && /database is locked/.test(error.message))) throw error
        locked.push(`${name}: ${error.stack?.split('\n').find((l) => l.includes('/app/')) ?? ''}`)
        return null
      } finally {
        clearTimeout(timer)
      }
    }
    try {
      const page = await attempt('team', views.team)
      const csv = await attempt('csv', views.csv)
      const member = await attempt('member', views.member)
      const home = await attempt('home', views.home)
      expect(locked).toEqual([])
      expect(page!.table.rows.map((r) => [r.userId, r.status])).toEqual(before.table.rows.map((r) => [r.userId, r.status]))
      expect(page!.table.rows.find((r) => r.userId === holder!.id)?.status).toBe('certified')
      expect(csv).toContain(holder!.username)
      expect(member!.certifications.find((c) => c.id === 'onboarding')?.status).toBe('certified')
      expect(home!.notices.find((n) => n.id === 'onboarding')?.status).toBe('certified')
    } finally {
      await lock.release()
      await Promise.all(waiting)
    }
  })

  test('one server at a time: while A holds the lease, B does nothing; once A lets go, or its lease runs out, B runs', async () => {
    const waiting = await makeUser()
    expect(await acquireLease(CALENDAR_JOB, 'A', new Date(), new Date(Date.now() + 60_000))).toBe(true)
    expect(await runCalendarJob({ holder: 'B' })).toEqual({ ran: false, checked: 0, batches: 0 })
    // Nothing was refreshed, and A still holds it.
    expect(await summaryOf(waiting.id)).toBeUndefined()
    expect(await getLease(CALENDAR_JOB)).toMatchObject({ holder: 'A' })

    await releaseLease(CALENDAR_JOB, 'A', new Date(), { checked: 0, batches: 0 })
    const run = await runCalendarJob({ holder: 'B' })
    expect(run).toMatchObject({ ran: true })
    expect(run.checked).toBeGreaterThanOrEqual(1)
    expect(await summaryOf(waiting.id)).toMatchObject({ status: 'notStarted' })
    const lease = (await getLease(CALENDAR_JOB))!
    expect(lease).toMatchObject({ holder: 'B', lastResult: { checked: run.checked, batches: run.batches } })
    expect(lease.expiresAt.getTime()).toBeLessThanOrEqual(Date.now())

    // A server that died holding the lease stops the others no longer than the lease: here it has run out.
    expect(await acquireLease(CALENDAR_JOB, 'A', new Date(), new Date(Date.now() - 1))).toBe(true)
    expect(await getLease(CALENDAR_JOB)).toMatchObject({ holder: 'A' })
    expect((await runCalendarJob({ holder: 'B' })).ran).toBe(true)
  })

  test('several servers asking at once: exactly one gets the lease, when nobody held it and when it has run out', async () => {
    // On PostgreSQL each asks on a connection of its own, at the same time.
    const name = `race-${randomUUID()}`
    const servers = Array.from({ length: 8 }, (_, i) => `server-${i}`)
    const ask = (now: Date) => Promise.all(servers.map((holder) => acquireLease(name, holder, now, new Date(now.getTime() + 60_000))))

    const fresh = await ask(new Date())
    expect(fresh.filter(Boolean)).toHaveLength(1)
    expect(await getLease(name)).toMatchObject({ holder: servers[fresh.indexOf(true)] })
    expect(await countHeldLeases(new Date())).toBeGreaterThanOrEqual(1)

    // Two minutes on, the lease has run out: its holder asks too, and still only one gets it.
    const later = await ask(new Date(Date.now() + 120_000))
    expect(later.filter(Boolean)).toHaveLength(1)
    expect(await getLease(name)).toMatchObject({ holder: servers[later.indexOf(true)] })
  })

  test('an agent marked dirty whose summary is stale (the process died after the write) is refreshed by the job', async () => {
    const team = await makeTeam(1)
    const agent = team.members[0]!
    await reconcileUsers([agent.id], new Date())
    expect(await summaryOf(agent.id)).toMatchObject({ roleplays: 0, score: null, lastActiveAt: null })

    // The role-play is stored and the agent marked, but the refresh never ran.
    const when = new Date(Date.now() - 60_000)
    await markDirty([agent.id], when)
    await finishedRoleplay(agent.id, 'damaged-on-arrival', when)
    expect(await summaryOf(agent.id)).toMatchObject({ roleplays: 0 })
    expect((await checkOf(agent.id))?.dirtySince).toEqual(when)

    expect((await runCalendarJob({ holder: 'C' })).ran).toBe(true)
    expect(await summaryOf(agent.id)).toMatchObject({ roleplays: 1, score: 85, passRate: 100, lastActiveAt: when })
    expect((await checkOf(agent.id))?.dirtySince).toBeNull()
    expect(await getDb().select().from(certificationStandings).where(eq(certificationStandings.userId, agent.id))).toContainEqual(
      expect.objectContaining({ certificationId: 'onboarding', status: 'inProgress' }),
    )
  })

  test('an agent whose next calendar step has come is moved by the job: the refresher opens with nobody looking', async () => {
    const agent = await makeUser()
    const now = Date.now()
    await certifyOnboarding(agent.id, new Date(now - 170 * DAY))
    // Last brought up to date 150 days ago: certified, the six-month refresher's opening still ahead then.
    await reconcileUsers([agent.id], new Date(now - 150 * DAY))
    expect(await summaryOf(agent.id)).toMatchObject({ status: 'certified', dueDate: null })
    const step = (await checkOf(agent.id))!.nextCheckAt!
    expect(step.getTime()).toBeLessThanOrEqual(now)

    expect((await runCalendarJob({ now: new Date(now), holder: 'C' })).ran).toBe(true)
    const summary = (await summaryOf(agent.id))!
    expect(summary.status).toBe('refresherDue')
    expect(summary.dueDate! >= localDate(now, TZ)).toBe(true)
    expect((await checkOf(agent.id))!.nextCheckAt!.getTime()).toBeGreaterThan(now)
    const opened = (await outcome(agent.id)).events.filter((e) => e.endsWith('certified→refresherDue:refresherOpened'))
    expect(opened).toHaveLength(1)

    // Running again changes nothing.
    await runCalendarJob({ now: new Date(now + 1000), holder: 'C' })
    expect((await outcome(agent.id)).events.filter((e) => e.endsWith('certified→refresherDue:refresherOpened'))).toEqual(opened)
  })
})

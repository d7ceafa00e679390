import { loadCertifications } from '#app/certification/certifications.server.ts'
import { reconcileUsers } from '#app/certification/reconcile.server.ts'
import { STATUSES, type Status } from '#app/certification/rules.ts'
import { trend, type SummaryCertification, type SummaryMode } from '#app/certification/summary.ts'
import { addDays, localDate, mondayOf } from '#app/domain/calendar.ts'
import { can, canForAnyone, type Actor } from '#app/domain/permissions.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import {
  dashboardFigures,
  dashboardPage,
  dashboardRows,
  dashboardUserIds,
  staleAgentsIn,
  teamOverview,
  teamsById,
  summaryWeeks,
  type DashboardQuery,
} from '#app/models/dashboard.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { forbidden } from '#app/utils/http.ts'
import { readFilter, type DashboardFilter } from './filter.ts'

const WEEKS = 12
const DUE_HORIZONS = [30, 60, 90] as const

// The team lead's dashboard (decision 015): who can be trusted with customers, read from the
// stored summaries. The filter lives in the URL, so a view can be shared; the server checks the
// teams in it against who is asking.

/**
 * The teams this actor's dashboard shows: every team for someone who reads any (admins), else
 * the ones they lead. Asking for a team outside that is a 403.
 */
export function teamScope(actor: Actor, team: string | undefined): readonly string[] | null {
  const all = canForAnyone(actor, 'read', 'team')
  if (team) {
    if (!all && !actor.ledTeamIds.includes(team)) throw forbidden()
    return [team]
  }
  if (all) return null
  if (!can(actor, 'read', 'team')) throw forbidden()
  return actor.ledTeamIds
}

function queryOf(filter: DashboardFilter, teamIds: readonly string[] | null, now: Date): DashboardQuery {
  return {
    teamIds,
    mode: filter.mode,
    status: filter.status,
    overdue: filter.overdue,
    below: filter.skill && filter.below ? { skill: filter.skill, score: filter.below } : undefined,
    search: filter.q,
    sort: filter.sort,
    dir: filter.dir,
    today: localDate(now, getEnv().TIMEZONE),
  }
}

/**
 * Brings the summaries in view up to date before reading them: agents the calendar job has not
 * reached yet (it runs every minute), or who have no summary. Usually none, and then this is
 * one indexed read and no write.
 */
async function ensureCurrent(teamIds: readonly string[] | null, now: Date) {
  for (let round = 0; round < 5; round++) {
    const stale = await staleAgentsIn(teamIds, now, 200)
    if (stale.length === 0) return
    await reconcileUsers(stale, now)
  }
}

type Row = Awaited<ReturnType<typeof dashboardRows>>[number]

const certificationTitles = () => new Map(loadCertifications().map((c) => [c.id, c.title]))

function toRow(r: Row, today: string, titles: ReadonlyMap<string, string>) {
  const s = r.summary
  const previous = s.skillsPrevious as Partial<Record<Skill, number | null>>
  const overdue = (d: string | null) => d !== null && d < today
  return {
    userId: r.userId,
    displayName: r.displayName,
    username: r.username,
    teamName: r.teamName ?? '',
    status: s.status,
    certifications: (s.certifications as SummaryCertification[]).map((c) => ({
      ...c,
      title: titles.get(c.id) ?? c.id,
      overdue: overdue(c.dueDate),
    })),
    percent: s.percent,
    modulesPassed: s.modulesPassed,
    modulesTotal: s.modulesTotal,
    lastActive: s.lastActiveAt?.toISOString() ?? null,
    due: s.dueDate ? { date: s.dueDate, overdue: overdue(s.dueDate) } : null,
    nextDue: s.nextDueDate,
    assignments: { open: s.openAssignments, dueDate: s.assignmentDueDate, overdue: overdue(s.assignmentDueDate) },
    roleplays: s.roleplays,
    passRate: s.passRate,
    score: s.score,
    scoreTrend: trend(s.score, s.scorePrevious),
    skills: Object.fromEntries(SKILLS.map((k) => [k, { value: s[k], trend: trend(s[k], previous[k]) }])) as Record<
      Skill,
      { value: number | null; trend: ReturnType<typeof trend> }
    >,
  }
}

export type DashboardRow = ReturnType<typeof toRow>

/** The table: one page of agents for the filter, current at `now`. */
export async function dashboardTable(actor: Actor, filter: DashboardFilter, now = new Date()) {
  const teamIds = teamScope(actor, filter.team)
  await ensureCurrent(teamIds, now)
  const query = queryOf(filter, teamIds, now)
  const { rows, total } = await dashboardPage(query, { offset: (filter.page - 1) * filter.per, limit: filter.per })
  const titles = certificationTitles()
  return {
    rows: rows.map((r) => toRow(r, query.today, titles)),
    total,
    pages: Math.max(1, Math.ceil(total / filter.per)),
  }
}

/** Every row of the filter, for the CSV. */
export async function dashboardExport(actor: Actor, filter: DashboardFilter, now = new Date()) {
  const teamIds = teamScope(actor, filter.team)
  await ensureCurrent(teamIds, now)
  const query = queryOf(filter, teamIds, now)
  const titles = certificationTitles()
  return (await dashboardRows(query)).map((r) => toRow(r, query.today, titles))
}

/** The agents a filter matches, for assigning to all of them (the caller checks the right to assign). */
export async function filteredAgentIds(actor: Actor, filter: DashboardFilter, now = new Date()) {
  const teamIds = teamScope(actor, filter.team)
  await ensureCurrent(teamIds, now)
  return dashboardUserIds(queryOf(filter, teamIds, now))
}

export async function dashboardTeams(actor: Actor) {
  return teamsById(canForAnyone(actor, 'read', 'team') ? null : actor.ledTeamIds)
}

const round1 = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10)

// The organisation's figures are the same for every lead: computed once a minute per server.
const orgCache = new Map<string, { at: number; value: Promise<Figures> }>()
const ORG_TTL_MS = 60_000

type Figures = Awaited<ReturnType<typeof figuresOf>>

async function figuresOf(teamIds: readonly string[] | null, mode: SummaryMode, now: Date) {
  const timeZone = getEnv().TIMEZONE
  const today = localDate(now, timeZone)
  const horizons = DUE_HORIZONS.map((d) => addDays(today, d))
  const firstMonday = addDays(mondayOf(now.getTime(), timeZone), -7 * (WEEKS - 1))
  const [figures, perAgent] = await Promise.all([dashboardFigures(teamIds, mode, today, horizons), summaryWeeks(teamIds, mode)])
  // Each agent's weekly sums (kept in their summary), added up here: a few thousand small objects at most.
  const sums = new Map<string, [number, number]>()
  for (const weeks of perAgent) {
    for (const [week, [sum, n]] of Object.entries(weeks)) {
      if (week < firstMonday) continue
      const w = sums.get(week) ?? [0, 0]
      sums.set(week, [w[0] + sum, w[1] + n])
    }
  }
  return { figures, weeks: [...sums].map(([week, [sum, n]]) => ({ week, mean: round1(sum / n), n })), firstMonday }
}

/** Forgets the organisation's figures (tests, and the benchmark's uncached row). */
export function clearOrgFigures() {
  orgCache.clear()
}

function orgFigures(mode: SummaryMode, now: Date) {
  const hit = orgCache.get(mode)
  if (hit && now.getTime() - hit.at < ORG_TTL_MS && now.getTime() >= hit.at) return hit.value
  const value = figuresOf(null, mode, now)
  orgCache.set(mode, { at: now.getTime(), value })
  value.catch(() => orgCache.delete(mode))
  return value
}

/** The charts' data: the teams in view beside the whole organisation. */
export async function dashboardCharts(actor: Actor, filter: DashboardFilter, now = new Date()) {
  const teamIds = teamScope(actor, filter.team)
  // Everyone in view: the organisation's figures are the view's own (computed once a minute).
  const [mine, org] = await Promise.all([
    teamIds ? figuresOf(teamIds, filter.mode, now) : orgFigures(filter.mode, now),
    orgFigures(filter.mode, now),
  ])
  const certifications = loadCertifications()
  const { figures } = mine
  const states = certifications.map((c) => {
    const counts = Object.fromEntries(STATUSES.map((st) => [st, 0])) as Record<Status, number>
    for (const row of figures.states) if (row.certificationId === c.id) counts[row.status] = Number(row.n)
    // Agents with no stored standing have not started.
    const counted = STATUSES.reduce((a, st) => a + counts[st], 0)
    counts.notStarted += Math.max(0, figures.agents - counted)
    return { id: c.id, title: c.title, counts }
  })
  const skills = SKILLS.map((skill) => ({
    skill,
    team: round1(figures.skills?.[skill]),
    org: round1(org.figures.skills?.[skill]),
  }))
  const weeks = Array.from({ length: WEEKS }, (_, i) => {
    const week = addDays(mine.firstMonday, 7 * i)
    const own = mine.weeks.find((w) => w.week === week)
    const all = org.weeks.find((w) => w.week === week)
    return { week, team: own?.mean ?? null, org: all?.mean ?? null, attempts: own?.n ?? 0 }
  })
  const [d30, d60, d90] = figures.due.within
  const due = [
    { key: 'overdue', count: figures.due.overdue },
    { key: 'd30', count: d30 ?? 0 },
    { key: 'd60', count: (d60 ?? 0) - (d30 ?? 0) },
    { key: 'd90', count: (d90 ?? 0) - (d60 ?? 0) },
  ]
  return { agents: figures.agents, states, skills, weeks, due }
}

export type DashboardCharts = Awaited<ReturnType<typeof dashboardCharts>>

/** The organisation overview (admins): one row per team, and the charts over everyone. */
export async function organisationOverview(actor: Actor, mode: SummaryMode, now = new Date()) {
  if (!canForAnyone(actor, 'read', 'team')) throw forbidden()
  await ensureCurrent(null, now)
  const today = localDate(now, getEnv().TIMEZONE)
  const [rows, charts] = await Promise.all([
    teamOverview(mode, today),
    dashboardCharts(actor, { ...readFilter(new URLSearchParams()), mode }, now),
  ])
  return {
    teams: rows.map((r) => ({
      teamId: r.teamId,
      teamName: r.teamName,
      agents: Number(r.agents),
      certified: Number(r.certified),
      overdue: Number(r.overdue),
      lapsed: Number(r.lapsed),
      passRate: round1(r.passRate),
      score: round1(r.score),
      ...(Object.fromEntries(SKILLS.map((s) => [s, round1(r[s])])) as Record<Skill, number | null>),
    })),
    charts,
  }
}

import { and, asc, desc, eq, exists, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { agentChecks, agentSummaries, certificationStandings, roleplayAttempts, teams, userRoles, users } from '#db/tables.ts'
import type { Status } from '#app/certification/rules.ts'
import type { SummaryMode } from '#app/certification/summary.ts'
import type { Skill } from '#app/domain/skills.ts'
import type { SortKey } from '#app/dashboard/filter.ts'
import { getDb, least, likeInsensitive } from '#app/utils/db.server.ts'

// The lead's dashboard, read from the stored summaries (agent_summaries, decision 015): one
// indexed query per table or chart, whatever the size of the organisation.

export { SORT_KEYS, type SortKey } from '#app/dashboard/filter.ts'

export interface DashboardQuery {
  /** The teams in view; null for every team (admins). */
  teamIds: readonly string[] | null
  mode: SummaryMode
  status?: Status
  /** Only agents with a refresher or an assignment past its due date. */
  overdue?: boolean
  below?: { skill: Skill; score: number }
  search?: string
  sort: SortKey
  dir: 'asc' | 'desc'
  /** The local date today: what is due before it is overdue. */
  today: string
}

const s = agentSummaries

const SORT_COLUMNS: Record<SortKey, SQL | typeof s.percent> = {
  name: sql`${s.sortName}`,
  team: sql`${teams.name}`,
  status: sql`${s.statusRank}`,
  progress: sql`${s.percent}`,
  lastActive: sql`${s.lastActiveAt}`,
  due: least(sql`coalesce(${s.dueDate}, '9999')`, sql`coalesce(${s.assignmentDueDate}, '9999')`),
  assignments: sql`${s.openAssignments}`,
  roleplays: sql`${s.roleplays}`,
  passRate: sql`${s.passRate}`,
  score: sql`${s.score}`,
  etiquette: sql`${s.etiquette}`,
  empathy: sql`${s.empathy}`,
  resolution: sql`${s.resolution}`,
  compliance: sql`${s.compliance}`,
  timeliness: sql`${s.timeliness}`,
}

/** The agents a dashboard counts: members of the teams in view who train (the trainee role). */
function agentsIn(teamIds: readonly string[] | null): SQL {
  const trains = exists(
    getDb()
      .select({ one: sql`1` })
      .from(userRoles)
      .where(and(eq(userRoles.userId, users.id), eq(userRoles.role, 'trainee'))),
  )
  return and(teamIds ? inArray(users.teamId, [...teamIds]) : isNotNull(users.teamId), isNull(users.disabledAt), trains)!
}

/** The mean of a column, null over no rows (PostgreSQL's avg can be a numeric, which it gives as a string). */
const mean = (column: AnyColumn) => sql`avg(${column})`.mapWith((v: unknown): number | null => (v === null ? null : Number(v)))

const overdue = (today: string) => or(lt(s.dueDate, today), lt(s.assignmentDueDate, today))!

function whereOf(q: DashboardQuery): SQL {
  const conditions: SQL[] = [agentsIn(q.teamIds), eq(s.mode, q.mode)]
  if (q.status) {
    conditions.push(
      exists(
        getDb()
          .select({ one: sql`1` })
          .from(certificationStandings)
          .where(and(eq(certificationStandings.userId, users.id), eq(certificationStandings.status, q.status))),
      ),
    )
  }
  if (q.overdue) conditions.push(overdue(q.today))
  if (q.below) conditions.push(lt(s[q.below.skill], q.below.score))
  if (q.search) {
    const pattern = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(or(likeInsensitive(users.displayName, pattern), likeInsensitive(users.username, pattern))!)
  }
  return and(...conditions)!
}

const ROW = {
  userId: users.id,
  displayName: users.displayName,
  username: users.username,
  teamId: users.teamId,
  teamName: teams.name,
  summary: agentSummaries,
}

/** One page of the table, with the number of rows the filter matches. */
export async function dashboardPage(q: DashboardQuery, page: { offset: number; limit: number }) {
  const db = getDb()
  const where = whereOf(q)
  const column = SORT_COLUMNS[q.sort]
  // Missing values (no role-play yet) sort last either way; the name breaks ties.
  const order = [sql`${column} is null`, q.dir === 'asc' ? asc(column) : desc(column), asc(users.displayName), asc(users.id)]
  const [rows, [total]] = await Promise.all([
    db
      .select(ROW)
      .from(users)
      .innerJoin(s, eq(s.userId, users.id))
      .leftJoin(teams, eq(teams.id, users.teamId))
      .where(where)
      .orderBy(...order)
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(users)
      .innerJoin(s, eq(s.userId, users.id))
      .where(where),
  ])
  return { rows, total: total?.n ?? 0 }
}

/** Every row the filter matches, in order (the CSV export). */
export async function dashboardRows(q: DashboardQuery) {
  const column = SORT_COLUMNS[q.sort]
  return getDb()
    .select(ROW)
    .from(users)
    .innerJoin(s, eq(s.userId, users.id))
    .leftJoin(teams, eq(teams.id, users.teamId))
    .where(whereOf(q))
    .orderBy(sql`${column} is null`, q.dir === 'asc' ? asc(column) : desc(column), asc(users.displayName), asc(users.id))
}

/** The ids of the agents the filter matches (assigning to all of them). */
export async function dashboardUserIds(q: DashboardQuery): Promise<string[]> {
  const rows = await getDb().select({ id: users.id }).from(users).innerJoin(s, eq(s.userId, users.id)).where(whereOf(q))
  return rows.map((r) => r.id)
}

/** Agents in view whose summary is missing or not current at `now` (the calendar job has not run yet). */
export async function staleAgentsIn(teamIds: readonly string[] | null, now: Date, limit: number): Promise<string[]> {
  const rows = await getDb()
    .select({ id: users.id })
    .from(users)
    .leftJoin(agentChecks, eq(agentChecks.userId, users.id))
    .where(and(agentsIn(teamIds), or(isNull(agentChecks.userId), isNotNull(agentChecks.dirtySince), lte(agentChecks.nextCheckAt, now))))
    .limit(limit)
  return rows.map((r) => r.id)
}

/**
 * The charts' figures for the teams in view (or everyone): agents per certification and status,
 * the mean of each skill, and refreshers coming due.
 */
export async function dashboardFigures(teamIds: readonly string[] | null, mode: SummaryMode, today: string, horizons: readonly string[]) {
  const db = getDb()
  const where = and(agentsIn(teamIds), eq(s.mode, mode))
  const [states, [skills], [due]] = await Promise.all([
    db
      .select({
        certificationId: certificationStandings.certificationId,
        status: certificationStandings.status,
        n: sql<number>`count(*)`.mapWith(Number),
      })
      .from(users)
      .innerJoin(certificationStandings, eq(certificationStandings.userId, users.id))
      .where(agentsIn(teamIds))
      .groupBy(certificationStandings.certificationId, certificationStandings.status),
    db
      .select({
        agents: sql<number>`count(*)`.mapWith(Number),
        etiquette: mean(s.etiquette),
        empathy: mean(s.empathy),
        resolution: mean(s.resolution),
        compliance: mean(s.compliance),
        timeliness: mean(s.timeliness),
        score: mean(s.score),
        passRate: mean(s.passRate),
      })
      .from(users)
      .innerJoin(s, eq(s.userId, users.id))
      .where(where),
    db
      .select({
        overdue: sql<number>`sum(case when ${overdue(today)} then 1 else 0 end)`.mapWith(Number),
        ...Object.fromEntries(
          horizons.map((h, i) => [
            `within${i}`,
            sql<number>`sum(case when ${s.nextDueDate} >= ${today} and ${s.nextDueDate} <= ${h} then 1 else 0 end)`.mapWith(Number),
          ]),
        ),
      })
      .from(users)
      .innerJoin(s, eq(s.userId, users.id))
      .where(where),
  ])
  return {
    states,
    agents: skills?.agents ?? 0,
    skills: skills ?? null,
    due: {
      overdue: Number(due?.overdue ?? 0),
      within: horizons.map((_, i) => Number((due as Record<string, unknown>)?.[`within${i}`] ?? 0)),
    },
  }
}

/** Each agent's scores by week (agent_summaries.weeks) for the teams in view: summed by the caller. */
export async function summaryWeeks(teamIds: readonly string[] | null, mode: SummaryMode) {
  const rows = await getDb()
    .select({ weeks: s.weeks })
    .from(users)
    .innerJoin(s, eq(s.userId, users.id))
    .where(and(agentsIn(teamIds), eq(s.mode, mode)))
  return rows.map((r) => r.weeks as Record<string, [number, number]>)
}

/** The teams a dashboard may show: all (admins) or the ones given. */
export async function teamsById(teamIds: readonly string[] | null) {
  return getDb()
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(teamIds ? inArray(teams.id, [...teamIds]) : undefined)
    .orderBy(asc(teams.name))
}

/** One row per team for the organisation overview: agents, certified, overdue, mean score and skills. */
export async function teamOverview(mode: SummaryMode, today: string) {
  const certified = sql<number>`sum(case when ${s.status} in ('certified', 'refresherDue') then 1 else 0 end)`.mapWith(Number)
  return getDb()
    .select({
      teamId: teams.id,
      teamName: teams.name,
      agents: sql<number>`count(*)`.mapWith(Number),
      certified,
      overdue: sql<number>`sum(case when ${overdue(today)} then 1 else 0 end)`.mapWith(Number),
      lapsed: sql<number>`sum(case when ${s.status} in ('lapsed', 'revoked') then 1 else 0 end)`.mapWith(Number),
      score: mean(s.score),
      passRate: mean(s.passRate),
      etiquette: mean(s.etiquette),
      empathy: mean(s.empathy),
      resolution: mean(s.resolution),
      compliance: mean(s.compliance),
      timeliness: mean(s.timeliness),
    })
    .from(users)
    .innerJoin(s, eq(s.userId, users.id))
    .innerJoin(teams, eq(teams.id, users.teamId))
    .where(and(agentsIn(null), eq(s.mode, mode)))
    .groupBy(teams.id, teams.name)
    .orderBy(asc(teams.name))
}

/** One agent's finished role-plays since `since`, with their skills, oldest first (skills over time). */
export async function roleplaySkillsSince(userId: string, since: Date) {
  return getDb()
    .select({ finishedAt: roleplayAttempts.finishedAt, mode: roleplayAttempts.mode, skills: roleplayAttempts.skills })
    .from(roleplayAttempts)
    .where(and(eq(roleplayAttempts.userId, userId), eq(roleplayAttempts.status, 'finished'), gte(roleplayAttempts.finishedAt, since)))
    .orderBy(asc(roleplayAttempts.finishedAt))
}

import { addDays, localDate, mondayOf, startOfDay } from '#app/domain/calendar.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { assignmentHistoryOf, assignmentsOf } from '#app/models/assignments.server.ts'
import { roleplaySkillsSince } from '#app/models/dashboard.server.ts'
import type { AssignmentRow } from '#app/models/standings.server.ts'
import { getCatalog } from '#app/certification/catalog.server.ts'
import type { AssignmentItem } from '#app/certification/summary.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

// An agent's page as their lead sees it: what the dashboard row sums up, over time.

const WEEKS = 26

/** Mean of each skill per week over the last half year; weeks without a role-play are left out. */
export async function skillsByWeek(userId: string, now = new Date()) {
  const timeZone = getEnv().TIMEZONE
  const first = addDays(mondayOf(now.getTime(), timeZone), -7 * (WEEKS - 1))
  const rows = await roleplaySkillsSince(userId, new Date(startOfDay(first, timeZone)))
  const weeks = new Map<string, Record<Skill, number[]>>()
  for (const r of rows) {
    const week = mondayOf(r.finishedAt!.getTime(), timeZone)
    const bucket = weeks.get(week) ?? (Object.fromEntries(SKILLS.map((s) => [s, []])) as unknown as Record<Skill, number[]>)
    for (const s of SKILLS) {
      const v = r.skills?.[s]
      if (typeof v === 'number') bucket[s].push(v)
    }
    weeks.set(week, bucket)
  }
  return [...weeks].map(([week, bucket]) => ({
    week,
    scores: Object.fromEntries(
      SKILLS.map((s) => [s, bucket[s].length ? Math.round(bucket[s].reduce((a, b) => a + b, 0) / bucket[s].length) : null]),
    ) as Record<Skill, number | null>,
  }))
}

/** The items of an assignment in words' ingredients: kind, title, and where to do it. */
export async function describeItems(items: readonly AssignmentItem[]) {
  const catalog = await getCatalog()
  const modules = new Map(loadModules().map((m) => [m.id, m.title]))
  return items.map((item) =>
    item.kind === 'scenario'
      ? { kind: item.kind, title: catalog.scenarios.get(item.scenarioId)?.title ?? item.scenarioId, href: `/practice#${item.scenarioId}` }
      : {
          kind: item.kind,
          title: modules.get(item.moduleId) ?? item.moduleId,
          href: item.kind === 'quiz' ? `/learn/${item.moduleId}/quiz` : `/learn/${item.moduleId}`,
        },
  )
}

/** Every assignment an agent was given, newest first, with its items described. */
export async function assignmentHistory(userId: string, now = new Date()) {
  const today = localDate(now, getEnv().TIMEZONE)
  const rows = await assignmentHistoryOf(userId)
  return Promise.all(rows.map((row) => assignmentView(row, today)))
}

/** An agent's own assignments for their home page: every open one, and those done in the last 30 days. */
export async function myAssignments(userId: string, now = new Date()) {
  const today = localDate(now, getEnv().TIMEZONE)
  const rows = await assignmentsOf(userId, now)
  return Promise.all(rows.map((row) => assignmentView(row, today)))
}

async function assignmentView({ assignment: a, by }: { assignment: AssignmentRow; by: string | null }, today: string) {
  return {
    id: a.id,
    kind: a.kind,
    by: by ?? '',
    reason: a.reason,
    dueDate: a.dueDate,
    createdAt: a.createdAt.toISOString(),
    completedAt: a.completedAt?.toISOString() ?? null,
    overdue: a.completedAt === null && a.dueDate < today,
    items: await describeItems(a.items as AssignmentItem[]),
  }
}

import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { addDays, isLocalDate, localDate } from '#app/domain/calendar.ts'
import { createAssignments, holdersAmong, type NewAssignment } from '#app/models/assignments.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getCatalog } from './catalog.server.ts'
import { loadCertifications } from './certifications.server.ts'
import { afterRecords, reconcileUsers } from './reconcile.server.ts'
import type { RefresherItem } from './rules.ts'
import type { AssignmentItem } from './summary.ts'

// A lead's assignments: a refresher (quizzes and role-plays again), a module or a scenario, with
// a due date and a reason, to one agent or to every agent of a filter, whatever their state. An
// agent who holds the certification also gets the refresher in the certification's rules, so
// missing it by more than the grace days lapses the certificate (decision 008); for anyone else
// it is work with a due date, shown on their home page and, once overdue, on the dashboard.

const MAX_DAYS = 90
/** The most agents one form may reach: a filter wider than this is refused, not cut short. */
export const MAX_AGENTS = 500

export const ASSIGNMENT_KINDS = ['refresher', 'module', 'scenario'] as const
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number]

/** The choices on the form. */
export async function assignOptions(now = new Date()) {
  const catalog = await getCatalog()
  const today = localDate(now, getEnv().TIMEZONE)
  return {
    clientId: randomUUID(),
    certifications: loadCertifications().map((c) => ({
      id: c.id,
      title: c.title,
      modules: c.requirements.modules.map((id) => ({ id, title: catalog.modules.get(id)?.title ?? id })),
    })),
    modules: loadModules().map((m) => ({ id: m.id, title: m.title })),
    scenarios: [...catalog.scenarios.values()]
      .sort((a, b) => a.difficulty - b.difficulty || a.id.localeCompare(b.id))
      .map((s) => ({ id: s.id, title: s.title, difficulty: s.difficulty })),
    minDate: addDays(today, 1),
    maxDate: addDays(today, MAX_DAYS),
    defaultDate: addDays(today, 14),
  }
}

export type AssignOptions = Awaited<ReturnType<typeof assignOptions>>

function schemaFor(now: Date, known: { modules: Set<string>; scenarios: Set<string> }) {
  const today = localDate(now, getEnv().TIMEZONE)
  return z
    .object({
      kind: z.enum(ASSIGNMENT_KINDS, { error: 'assign.error.kind' }),
      certificationId: z.string().optional(),
      moduleId: z.string().optional(),
      scenarioId: z.string().optional(),
      clientId: z.uuid({ error: 'assign.error.form' }),
      quiz: z.array(z.string()),
      scenario: z.array(z.string()),
      dueDate: z.string().refine((d) => isLocalDate(d) && d > today && d <= addDays(today, MAX_DAYS), 'assign.error.date'),
      reason: z.string().trim().min(2, 'assign.error.reason').max(200, 'assign.error.reason'),
    })
    .superRefine((v, ctx) => {
      if (v.kind === 'module' && !known.modules.has(v.moduleId ?? ''))
        ctx.addIssue({ code: 'custom', path: ['moduleId'], message: 'assign.error.module' })
      if (v.kind === 'scenario' && !known.scenarios.has(v.scenarioId ?? ''))
        ctx.addIssue({ code: 'custom', path: ['scenarioId'], message: 'assign.error.scenario' })
      if (v.kind !== 'refresher') return
      const certification = loadCertifications().find((c) => c.id === v.certificationId)
      if (!certification) return ctx.addIssue({ code: 'custom', path: ['certificationId'], message: 'assign.error.certification' })
      if (v.quiz.some((m) => !certification.requirements.modules.includes(m)) || v.scenario.some((s) => !known.scenarios.has(s)))
        ctx.addIssue({ code: 'custom', path: ['quiz'], message: 'assign.error.items' })
      if (v.quiz.length + v.scenario.length === 0) ctx.addIssue({ code: 'custom', path: ['quiz'], message: 'assign.error.items' })
    })
}

export type AssignResult =
  { ok: true; stored: number; agents: number } | { ok: false; errors: Record<string, string>; values: Record<string, string | string[]> }

/**
 * Sets an assignment for these agents (the caller has checked the lead may: each one is in a
 * team they lead). One transaction for all of them; a resent form stores nothing twice.
 */
export async function assign(input: {
  userIds: readonly string[]
  leadId: string
  values: Record<string, string | string[]>
  now?: Date
}): Promise<AssignResult> {
  const now = input.now ?? new Date()
  const catalog = await getCatalog()
  const known = { modules: new Set(loadModules().map((m) => m.id)), scenarios: new Set(catalog.scenarios.keys()) }
  const parsed = schemaFor(now, known).safeParse(input.values)
  const refuse = (errors: Record<string, string>) => ({ ok: false as const, errors, values: input.values })
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
    return refuse(errors)
  }
  const ids = [...new Set(input.userIds)]
  if (ids.length === 0) return refuse({ form: 'assign.error.nobody' })
  if (ids.length > MAX_AGENTS) return refuse({ form: 'assign.error.tooMany' })
  const v = parsed.data
  const items: AssignmentItem[] =
    v.kind === 'module'
      ? [{ kind: 'module', moduleId: v.moduleId! }]
      : v.kind === 'scenario'
        ? [{ kind: 'scenario', scenarioId: v.scenarioId! }]
        : [
            ...v.quiz.map((moduleId): AssignmentItem => ({ kind: 'quiz', moduleId })),
            ...v.scenario.map((scenarioId): AssignmentItem => ({ kind: 'scenario', scenarioId })),
          ]
  // Who holds the certification now decides whether its rules take the refresher too.
  await reconcileUsers(ids, now)
  const holders = v.kind === 'refresher' ? await holdersAmong(ids, v.certificationId!) : new Set<string>()
  const refresherItems = items as RefresherItem[]
  const list: NewAssignment[] = ids.map((userId) => ({
    id: randomUUID(),
    userId,
    assignedBy: input.leadId,
    kind: v.kind,
    certificationId: v.kind === 'refresher' ? v.certificationId! : null,
    items,
    dueDate: v.dueDate,
    reason: v.reason,
    batchId: v.clientId,
    createdAt: now,
    refresher: holders.has(userId) ? { id: randomUUID(), certificationId: v.certificationId!, items: refresherItems } : null,
  }))
  const stored = await afterRecords(ids, () => createAssignments(list), now)
  return { ok: true, stored, agents: ids.length }
}

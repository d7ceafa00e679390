import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { addDays, isLocalDate, localDate } from '#app/domain/calendar.ts'
import { assignRefresher, getCatalog, reconcileUser } from '#app/models/certifications.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { loadCertifications } from './certifications.server.ts'
import { holds, type RefresherItem } from './rules.ts'

const MAX_DAYS = 90

/** The choices a lead has when setting a refresher for a holder of this certification. */
export function assignOptions(certificationId: string, now = new Date()) {
  const certification = loadCertifications().find((c) => c.id === certificationId)!
  const catalog = getCatalog()
  const today = localDate(now, getEnv().TIMEZONE)
  return {
    certificationId,
    clientId: randomUUID(),
    modules: certification.requirements.modules.map((id) => ({ id, title: catalog.modules.get(id)?.title ?? id })),
    scenarios: [...catalog.scenarios.values()]
      .sort((a, b) => a.difficulty - b.difficulty || a.id.localeCompare(b.id))
      .map((s) => ({ id: s.id, title: s.title, difficulty: s.difficulty })),
    minDate: addDays(today, 1),
    maxDate: addDays(today, MAX_DAYS),
    defaultDate: addDays(today, 14),
  }
}

function schemaFor(now: Date) {
  const today = localDate(now, getEnv().TIMEZONE)
  return z
    .object({
      certificationId: z.string().min(1),
      clientId: z.uuid(),
      quiz: z.array(z.string()),
      scenario: z.array(z.string()),
      dueDate: z.string().refine((d) => isLocalDate(d) && d > today && d <= addDays(today, MAX_DAYS), 'cert.assign.badDate'),
      note: z.string().trim().min(2, 'cert.assign.needNote').max(200, 'cert.assign.needNote'),
    })
    .superRefine((v, ctx) => {
      const certification = loadCertifications().find((c) => c.id === v.certificationId)
      if (!certification) return ctx.addIssue({ code: 'custom', path: ['certificationId'], message: 'cert.assign.notHolder' })
      const scenarios = getCatalog().scenarios
      if (v.quiz.some((m) => !certification.requirements.modules.includes(m)) || v.scenario.some((s) => !scenarios.has(s))) {
        ctx.addIssue({ code: 'custom', path: ['quiz'], message: 'cert.assign.needItem' })
      }
      if (v.quiz.length + v.scenario.length === 0) ctx.addIssue({ code: 'custom', path: ['quiz'], message: 'cert.assign.needItem' })
    })
}

export type AssignResult = { ok: true } | { ok: false; errors: Record<string, string> }

/**
 * Sets a refresher for an agent who holds the certification, from the lead's form, and brings
 * the agent's standing up to date so it shows at once. A resent form counts once.
 */
export function assignFromForm(input: {
  memberId: string
  leadId: string
  values: Record<string, string | string[]>
  now?: Date
}): AssignResult {
  const now = input.now ?? new Date()
  const parsed = schemaFor(now).safeParse(input.values)
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
    return { ok: false, errors }
  }
  const v = parsed.data
  const [standing] = reconcileUser(input.memberId, now, [v.certificationId])
  if (!standing || !holds(standing.standing.status)) {
    return { ok: false, errors: { form: 'cert.assign.notHolder' } }
  }
  const items: RefresherItem[] = [
    ...v.quiz.map((moduleId): RefresherItem => ({ kind: 'quiz', moduleId })),
    ...v.scenario.map((scenarioId): RefresherItem => ({ kind: 'scenario', scenarioId })),
  ]
  assignRefresher({
    userId: input.memberId,
    certificationId: v.certificationId,
    assignedBy: input.leadId,
    clientId: v.clientId,
    items,
    dueDate: v.dueDate,
    note: v.note,
    now,
  })
  reconcileUser(input.memberId, now, [v.certificationId])
  return { ok: true }
}

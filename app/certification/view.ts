import { addDays, localDate, type LocalDate } from '#app/domain/calendar.ts'
import type { StoredRows } from '#app/models/standings.server.ts'
import { formatCode } from './codes.ts'
import { certificationPath, ticks, type CertificationPath, type TodoItem } from './path.ts'
import type { Certification } from './schema.ts'
import {
  dueAt,
  itemCompletions,
  nextScheduled,
  openRefreshers,
  requirementProgress,
  requirementsSince,
  evidence,
  urgency,
  type Cause,
  type HistoryEntry,
  type Records,
  type Rules,
  type Standing,
  type RefresherReason,
  type RefresherSource,
  type Status,
  type Urgency,
} from './rules.ts'

export type { TodoItem } from './path.ts'

export interface RefresherView {
  id: string
  source: RefresherSource
  reason: RefresherReason & { title?: string }
  opensDate: LocalDate
  dueDate: LocalDate
  /** The last day before the certificate lapses. */
  graceUntil: LocalDate
  overdue: boolean
  items: TodoItem[]
  percent: number
}

export interface CertificateSummary {
  id: string
  code: string
  issuedDate: LocalDate
  validUntil: LocalDate
  endedDate: LocalDate | null
  endReason: 'lapsed' | 'revoked' | null
  revokeReason: string | null
}

export interface HistoryView {
  at: string
  from: Status
  to: Status
  cause: Cause
  /** The refresher's source or the module/scenario named by the cause, resolved for display. */
  detail: { source?: RefresherSource; title?: string; validUntil?: string; reason?: string }
}

export interface CertificationView {
  id: string
  title: string
  summary: string
  status: Status
  urgency: Urgency
  /** The ticks every page shows: what is done and what is missing or to redo (`certificationPath`). */
  path: CertificationPath
  /** Whether guided-mode role-plays count (free text only by default: guided is practice). */
  guidedCounts: boolean
  certificate: CertificateSummary | null
  refreshers: RefresherView[]
  next: { source: 'time' | 'renewal'; dueDate: LocalDate; opensDate: LocalDate; items: TodoItem[] } | null
  history: HistoryView[]
}

/** One agent's standing on one certification, brought up to date, with its stored rows (ids and codes the rules do not know). */
export interface Reconciled {
  certification: Certification
  rules: Rules
  records: Records
  standing: Standing
  history: HistoryEntry[]
  rows: Omit<StoredRows, 'standing'>
}

/** What the pages show of a reconciled standing at `now` (ms). Pure. */
export function toView(r: Reconciled, now: number): CertificationView {
  const { certification, rules, records, standing, rows: mine } = r
  const { modules, scenarios } = rules.catalog
  const titleOfModule = (id: string) => modules.get(id)?.title ?? id
  const titleOfScenario = (id: string) => scenarios.get(id)?.title ?? id

  const lastCert = mine.certificates.at(-1)
  const progress = requirementProgress(rules, records, requirementsSince(standing), now)
  const progressItems: TodoItem[] = progress.items.map((i) => {
    switch (i.kind) {
      case 'module':
        return { kind: 'module', moduleId: i.moduleId, title: i.title, done: i.done, href: `/learn/${i.moduleId}` }
      case 'scenario':
        return { kind: 'scenario', title: i.title, done: i.done, href: `/practice#${i.scenarioId}` }
      case 'hard':
        return { ...i, href: '/practice' }
      case 'roleplays':
        return { ...i, href: '/practice' }
    }
  })

  const refresherViews = openRefreshers(standing).map((x): RefresherView => {
    const id = mine.refreshers.find((row) => row.key === x.key)?.id ?? x.key
    const done = itemCompletions(x, rules, records)
    const items = x.items.map((item, i): TodoItem => {
      const finished = done[i] !== null
      switch (item.kind) {
        case 'quiz':
          return {
            kind: 'quiz',
            moduleId: item.moduleId,
            title: titleOfModule(item.moduleId),
            done: finished,
            href: `/learn/${item.moduleId}/quiz`,
          }
        case 'module':
          return {
            kind: 'module',
            moduleId: item.moduleId,
            title: titleOfModule(item.moduleId),
            done: finished,
            href: `/learn/${item.moduleId}`,
          }
        case 'scenario':
          return { kind: 'scenario', title: titleOfScenario(item.scenarioId), done: finished, href: `/practice#${item.scenarioId}` }
        case 'roleplays': {
          const passed = new Set(
            evidence(rules, records)
              .filter((p) => p.passed && p.at >= x.opensAt && (scenarios.get(p.scenarioId)?.difficulty ?? 0) >= item.difficulty)
              .map((p) => p.scenarioId),
          )
          return {
            kind: 'roleplays',
            needed: item.count,
            have: Math.min(passed.size, item.count),
            difficulty: item.difficulty,
            done: finished,
            href: '/practice',
          }
        }
        case 'drill':
          return { kind: 'drill', skill: item.skill, count: item.questions.length, done: finished, href: `/refreshers/${id}/drill` }
      }
    })
    const reason = x.reason.type === 'content' ? { ...x.reason, title: titleOfModule(x.reason.moduleId) } : x.reason
    return {
      id,
      source: x.source,
      reason,
      opensDate: localDate(x.opensAt, rules.timeZone),
      dueDate: x.dueDate,
      graceUntil: addDays(x.dueDate, certification.graceDays),
      overdue: dueAt(x, rules) <= now,
      items,
      percent: ticks(items).percent,
    }
  })

  const next = nextScheduled(standing, rules)
  const certificate: CertificateSummary | null = lastCert
    ? {
        id: lastCert.id,
        code: formatCode(lastCert.code),
        issuedDate: lastCert.issuedDate,
        validUntil: lastCert.validUntil,
        endedDate: lastCert.endedAt ? localDate(lastCert.endedAt, rules.timeZone) : null,
        endReason: lastCert.endReason,
        revokeReason: lastCert.revokeReason,
      }
    : null

  const sourceOf = new Map(mine.refreshers.map((x) => [x.key, x.source]))
  const history = mine.history
    .map((h): HistoryView => {
      const cause = h.cause as Cause
      const detail: HistoryView['detail'] = {}
      if ('refresherKey' in cause) detail.source = sourceOf.get(cause.refresherKey)
      if (cause.type === 'started')
        detail.title = cause.moduleId ? titleOfModule(cause.moduleId) : cause.scenarioId ? titleOfScenario(cause.scenarioId) : undefined
      if (cause.type === 'renewed') detail.validUntil = cause.validUntil
      if (cause.type === 'revoked') detail.reason = cause.reason
      return { at: h.at.toISOString(), from: h.fromStatus, to: h.toStatus, cause, detail }
    })
    .reverse()

  return {
    id: certification.id,
    title: certification.title,
    summary: certification.summary,
    status: standing.status,
    urgency: urgency(standing, rules, now),
    path: certificationPath({
      status: standing.status,
      moduleIds: certification.requirements.modules,
      requirements: progressItems,
      refreshers: refresherViews,
    }),
    guidedCounts: certification.requirements.roleplays.modes.includes('guided'),
    certificate,
    refreshers: refresherViews,
    next: next
      ? {
          source: next.source,
          dueDate: next.dueDate,
          opensDate: localDate(next.opensAt, rules.timeZone),
          // What it will ask for; nothing counts before it opens, so nothing is done yet.
          items: [
            ...certification.refresher.items.quizzes.map((m): TodoItem => ({
              kind: 'quiz',
              moduleId: m,
              title: titleOfModule(m),
              done: false,
              href: `/learn/${m}/quiz`,
            })),
            ...(certification.refresher.items.roleplays
              ? [
                  {
                    kind: 'roleplays' as const,
                    needed: certification.refresher.items.roleplays.count,
                    difficulty: certification.refresher.items.roleplays.difficulty,
                    done: false,
                    href: '/practice',
                  },
                ]
              : []),
          ],
        }
      : null,
    history,
  }
}

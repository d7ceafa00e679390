import { moduleStanding, type AttemptRecord, type ProgressRecord } from '#app/domain/learning-path.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { modulesOnPath, onPath } from './path.ts'
import type { Status } from './rules.ts'
import type { CertificationView } from './view.ts'

// One agent's row on the lead's dashboard, computed from the same views the agent's own pages
// show (decision 015). Pure: no I/O; `now` is given.

/** How many recent role-plays the scores, the pass rate and the trend read. */
export const RECENT_ROLEPLAYS = 10

/** How many weeks of scores a summary keeps for the weekly trend (the charts show the last 12). */
export const SUMMARY_WEEKS = 26

export const SUMMARY_MODES = ['all', 'free', 'guided'] as const
export type SummaryMode = (typeof SUMMARY_MODES)[number]

/** Sorting by state puts who needs attention first: lost, then late, then on the way, then fine. */
export const STATUS_ORDER: readonly Status[] = ['revoked', 'lapsed', 'refresherDue', 'inProgress', 'notStarted', 'certified']

export interface SummaryCertification {
  id: string
  status: Status
  /** The earliest due date of an open refresher. */
  dueDate: string | null
  /** When the current certificate runs out, if one is held. */
  validUntil: string | null
}

export interface AgentSummary {
  mode: SummaryMode
  status: Status
  statusRank: number
  certifications: SummaryCertification[]
  percent: number
  modulesPassed: number
  modulesTotal: number
  lastActiveAt: Date | null
  dueDate: string | null
  nextDueDate: string | null
  openAssignments: number
  assignmentDueDate: string | null
  roleplays: number
  passRate: number | null
  score: number | null
  scorePrevious: number | null
  etiquette: number | null
  empathy: number | null
  resolution: number | null
  compliance: number | null
  timeliness: number | null
  skillsPrevious: Partial<Record<Skill, number | null>>
  weeks: Record<string, [number, number]>
  sortName: string
}

export interface SummaryInput {
  views: readonly CertificationView[]
  sortName: string
  /** Each certification's certificate in force: the last day it is valid, if one is held. */
  validUntil: readonly (string | null)[]
  /** Each certification's next calendar refresher, if one is scheduled. */
  nextDue: readonly (string | null)[]
  modules: readonly { id: string; version: number }[]
  learning: { progress: readonly ProgressRecord[]; attempts: readonly AttemptRecord[] }
  /** Finished role-plays in time order, with the counting verdict and score. */
  roleplays: readonly {
    mode: 'free' | 'guided'
    passed: boolean
    score: number
    at: number
    skills: Partial<Record<Skill, number>>
  }[]
  /** Other activity (reading started, drills), as times in ms. */
  activity: readonly number[]
  openAssignments: readonly { dueDate: string }[]
  /** The local Monday of an instant (the installation's timezone). */
  mondayOf: (at: number) => string
  /** Weeks before this Monday are left out of `weeks`. */
  weeksFrom: string
}

const round1 = (n: number) => Math.round(n * 10) / 10
const mean = (xs: readonly number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null)
const earliest = (dates: readonly (string | null | undefined)[]) =>
  dates.filter((d): d is string => typeof d === 'string').sort()[0] ?? null

function skillMeans(attempts: SummaryInput['roleplays']) {
  return Object.fromEntries(
    SKILLS.map((skill) => [skill, mean(attempts.map((a) => a.skills[skill]).filter((v): v is number => typeof v === 'number'))]),
  ) as Record<Skill, number | null>
}

/** The dashboard rows of one agent, one per mode. */
export function summarise(input: SummaryInput): AgentSummary[] {
  const { views } = input
  const first = views[0]
  const status: Status = first?.status ?? 'notStarted'
  // The modules that count now, as the agent's path shows them (none after a revocation).
  const states = modulesOnPath(onPath(views).map((c) => c.path))
  const modulesPassed = input.modules.filter((m) => {
    const s = moduleStanding(m, input.learning.progress, input.learning.attempts)
    return (states[m.id] ?? (s.status === 'passed' ? 'met' : null)) === 'met'
  }).length
  const times = [
    ...input.learning.progress.flatMap((p) => [p.startedAt.getTime(), p.readAt?.getTime() ?? 0]),
    ...input.learning.attempts.map((a) => a.submittedAt?.getTime() ?? 0),
    ...input.roleplays.map((r) => r.at),
    ...input.activity,
  ]
  const last = times.reduce((a, b) => Math.max(a, b), 0)
  const certifications: SummaryCertification[] = views.map((v, i) => ({
    id: v.id,
    status: v.status,
    dueDate: earliest(v.refreshers.map((r) => r.dueDate)),
    validUntil: input.validUntil[i] ?? null,
  }))
  const dueDate = earliest(certifications.map((c) => c.dueDate))
  const common = {
    sortName: input.sortName,
    status,
    statusRank: STATUS_ORDER.indexOf(status),
    certifications,
    percent: first?.path.percent ?? 0,
    modulesPassed,
    modulesTotal: input.modules.length,
    lastActiveAt: last ? new Date(last) : null,
    dueDate,
    nextDueDate: earliest([dueDate, ...input.nextDue]),
    openAssignments: input.openAssignments.length,
    assignmentDueDate: earliest(input.openAssignments.map((a) => a.dueDate)),
  }
  return SUMMARY_MODES.map((mode): AgentSummary => {
    const inMode = input.roleplays.filter((r) => mode === 'all' || r.mode === mode)
    const recent = inMode.slice(-RECENT_ROLEPLAYS)
    const before = inMode.slice(-2 * RECENT_ROLEPLAYS, -RECENT_ROLEPLAYS)
    return {
      mode,
      ...common,
      roleplays: recent.length,
      passRate: recent.length ? round1((recent.filter((r) => r.passed).length / recent.length) * 100) : null,
      score: mean(recent.map((r) => r.score)),
      scorePrevious: mean(before.map((r) => r.score)),
      ...skillMeans(recent),
      skillsPrevious: before.length ? skillMeans(before) : {},
      weeks: weekly(inMode, input),
    }
  })
}

function weekly(attempts: SummaryInput['roleplays'], input: Pick<SummaryInput, 'mondayOf' | 'weeksFrom'>) {
  const out: Record<string, [number, number]> = {}
  for (const a of attempts) {
    const week = input.mondayOf(a.at)
    if (week < input.weeksFrom) continue
    const w = (out[week] ??= [0, 0])
    w[0] += a.score
    w[1] += 1
  }
  return out
}

/** Up, down or level: a change of less than this many points is level. */
export const TREND_STEP = 3

export function trend(now: number | null, before: number | null | undefined): 'up' | 'down' | 'level' | null {
  if (now === null || before === null || before === undefined) return null
  if (now - before >= TREND_STEP) return 'up'
  if (before - now >= TREND_STEP) return 'down'
  return 'level'
}

/**
 * When a lead's assignment was done: every item done after it was set (a module's or a quiz's
 * quiz passed, a scenario passed as it counts). Null while any item is outstanding.
 */
export function assignmentDoneAt(
  assignment: { createdAt: Date; items: readonly AssignmentItem[] },
  records: {
    quizzes: readonly { moduleId: string; passed: boolean; at: number }[]
    roleplays: readonly { scenarioId: string; passed: boolean; at: number }[]
  },
): number | null {
  const since = assignment.createdAt.getTime()
  let latest = since
  for (const item of assignment.items) {
    const times =
      item.kind === 'scenario'
        ? records.roleplays.filter((r) => r.scenarioId === item.scenarioId && r.passed && r.at >= since).map((r) => r.at)
        : records.quizzes.filter((q) => q.moduleId === item.moduleId && q.passed && q.at >= since).map((q) => q.at)
    if (times.length === 0) return null
    latest = Math.max(latest, Math.min(...times))
  }
  return latest
}

export type AssignmentItem = { kind: 'quiz' | 'module'; moduleId: string } | { kind: 'scenario'; scenarioId: string }

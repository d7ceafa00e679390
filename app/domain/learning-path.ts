/** Where a trainee stands on one module, from their records. Pure: no I/O. */
export type ModuleStatus = 'notStarted' | 'reading' | 'read' | 'passed'

export interface ProgressRecord {
  moduleId: string
  moduleVersion: number
  startedAt: Date
  readAt: Date | null
}

export interface AttemptRecord {
  moduleId: string
  moduleVersion: number
  score: number | null
  passed: boolean | null
  submittedAt: Date | null
}

export interface ModuleStanding {
  moduleId: string
  status: ModuleStatus
  /** Best score at the module's current version, if any attempt was submitted. */
  bestScore: number | null
  lastActivity: Date | null
}

/** Only records at the module's current version count: a new version must be learned again. */
export function moduleStanding(
  module: { id: string; version: number },
  progress: readonly ProgressRecord[],
  attempts: readonly AttemptRecord[],
): ModuleStanding {
  const mine = (r: { moduleId: string; moduleVersion: number }) => r.moduleId === module.id && r.moduleVersion === module.version
  const reading = progress.find(mine)
  const submitted = attempts.filter((a) => mine(a) && a.submittedAt !== null && a.score !== null)
  const bestScore = submitted.length ? Math.max(...submitted.map((a) => a.score!)) : null
  const status: ModuleStatus = submitted.some((a) => a.passed) ? 'passed' : reading?.readAt ? 'read' : reading ? 'reading' : 'notStarted'
  const times = [reading?.startedAt, reading?.readAt, ...submitted.map((a) => a.submittedAt)]
    .filter((d): d is Date => d instanceof Date)
    .map((d) => d.getTime())
  return { moduleId: module.id, status, bestScore, lastActivity: times.length ? new Date(Math.max(...times)) : null }
}

export function pathProgress(standings: readonly ModuleStanding[]) {
  const passed = standings.filter((s) => s.status === 'passed').length
  return { passed, total: standings.length, percent: standings.length ? Math.round((passed / standings.length) * 100) : 0 }
}

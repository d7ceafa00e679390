import { moduleStanding, pathProgress, type AttemptRecord, type ModuleStanding, type ProgressRecord } from './learning-path.ts'

export interface MemberRow {
  userId: string
  displayName: string
  username: string
  passed: number
  total: number
  percent: number
  /** Mean of best scores over modules with a submitted attempt. */
  averageBest: number | null
  lastActive: Date | null
  standings: ModuleStanding[]
}

/** One row per team member, from their records. Pure: no I/O. */
export function teamRows(
  members: readonly { id: string; displayName: string; username: string }[],
  modules: readonly { id: string; version: number }[],
  records: { progress: readonly (ProgressRecord & { userId: string })[]; attempts: readonly (AttemptRecord & { userId: string })[] },
): MemberRow[] {
  return members.map((member) => {
    const progress = records.progress.filter((p) => p.userId === member.id)
    const attempts = records.attempts.filter((a) => a.userId === member.id)
    const standings = modules.map((m) => moduleStanding(m, progress, attempts))
    const best = standings.map((s) => s.bestScore).filter((s): s is number => s !== null)
    const last = standings.map((s) => s.lastActivity?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0)
    return {
      userId: member.id,
      displayName: member.displayName,
      username: member.username,
      ...pathProgress(standings),
      averageBest: best.length ? Math.round((best.reduce((a, b) => a + b, 0) / best.length) * 10) / 10 : null,
      lastActive: last ? new Date(last) : null,
      standings,
    }
  })
}

/**
 * RFC 4180 CSV, with a byte-order mark so spreadsheet programs read the Chinese correctly. A text
 * cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * gets a leading apostrophe, as OWASP advises; NUL is dropped. Numbers are written as numbers.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    if (typeof v === 'number') return String(v)
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    let s = (v ?? '').replace(/\u0000/g, '')
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

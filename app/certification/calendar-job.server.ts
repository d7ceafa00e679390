import { randomUUID } from 'node:crypto'
import { acquireLease, releaseLease } from '#app/models/jobs.server.ts'
import { agentsToCheck, agentsWithoutSummary } from '#app/models/standings.server.ts'
import { reconcileUsers } from './reconcile.server.ts'
import { isDatabaseUnavailable } from '#app/utils/db.server.ts'

// The calendar job (decision 015): due dates pass and refreshers open when nobody acts. Each
// agent's next calendar step is stored with their standing (agent_checks.next_check_at); the
// job refreshes the agents whose step has come, and any whose write was not summarised (a
// process that died between the two). A lease in the database lets one server at a time run it;
// a second one finds the lease held and does nothing. Refreshing is idempotent, so a lease
// that expires mid-run (a server paused too long) costs repeated work, never a wrong standing.

export const CALENDAR_JOB = 'calendar'
const LEASE_MS = 5 * 60_000
const BATCH = 100

export interface CalendarRun {
  ran: boolean
  checked: number
  batches: number
}

/** This process's name on the lease. */
const HOLDER = `${process.pid}-${randomUUID().slice(0, 8)}`

/** One pass: every agent whose calendar step has come (or who has no summary yet), in batches. */
export async function runCalendarJob(options: { now?: Date; holder?: string } = {}): Promise<CalendarRun> {
  const now = options.now ?? new Date()
  const holder = options.holder ?? HOLDER
  // The lease runs on the clock, whatever `now` the rules are asked about.
  const lease = () => acquireLease(CALENDAR_JOB, holder, new Date(), new Date(Date.now() + LEASE_MS))
  if (!(await lease())) return { ran: false, checked: 0, batches: 0 }
  const seen = new Set<string>()
  let batches = 0
  try {
    for (;;) {
      const ids = [...new Set([...(await agentsWithoutSummary(BATCH)), ...(await agentsToCheck(now, BATCH))])].filter((id) => !seen.has(id))
      if (ids.length === 0) break
      await reconcileUsers(ids, now)
      for (const id of ids) seen.add(id)
      batches++
      // Renew the lease, and let requests in between batches.
      if (!(await lease())) break
      await new Promise((resolve) => setImmediate(resolve))
    }
  } finally {
    await releaseLease(CALENDAR_JOB, holder, new Date(), { checked: seen.size, batches })
  }
  return { ran: true, checked: seen.size, batches }
}

const globalForJob = globalThis as unknown as { __composureCalendar?: NodeJS.Timeout }

/**
 * Runs the calendar job every `intervalMs` in this server process (CALENDAR_INTERVAL_MS; 0 turns
 * it off, for deployments that run `npm run calendar` from cron instead). Every server may start
 * it: the lease keeps the runs apart.
 */
export function startCalendarSchedule(intervalMs: number) {
  if (intervalMs <= 0 || globalForJob.__composureCalendar) return
  const tick = () =>
    runCalendarJob().catch((error: unknown) => {
      // The database out of reach: the next tick tries again; one line, not the query and its parameters.
      if (isDatabaseUnavailable(error)) console.error('calendar job skipped: the database cannot be reached just now')
      else console.error('calendar job failed', error)
    })
  globalForJob.__composureCalendar = setInterval(tick, intervalMs)
  globalForJob.__composureCalendar.unref()
  setTimeout(tick, 1_000).unref()
}

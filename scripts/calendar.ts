// Runs the calendar job once (decision 015): every agent whose refresher opened or fell due, or
// whose last write was not summarised, is brought up to date. For deployments that run it from
// cron with CALENDAR_INTERVAL_MS=0; the servers run it themselves otherwise. Safe beside them:
// the lease lets one run at a time.
//   npm run calendar [-- --as-of 2027-01-01T00:00:00Z]
// --as-of runs it as if it were that moment (the dashboard benchmark's catch-up runs, on copies).
import { runCalendarJob } from '#app/certification/calendar-job.server.ts'
import { closeDb } from '#app/utils/db.server.ts'

const i = process.argv.indexOf('--as-of')
const now = i >= 0 ? new Date(process.argv[i + 1] ?? '') : new Date()
if (Number.isNaN(now.getTime())) {
  console.error(`--as-of: an ISO date and time such as 2027-01-01T00:00:00Z, not "${process.argv[i + 1] ?? ''}"`)
  process.exit(2)
}
const started = performance.now()
const run = await runCalendarJob(i >= 0 ? { now } : undefined)
await closeDb()
if (!run.ran) console.log('Another server holds the calendar lease: nothing to do here.')
else console.log(`Refreshed ${run.checked} agents in ${run.batches} batches (${((performance.now() - started) / 1000).toFixed(1)} s).`)

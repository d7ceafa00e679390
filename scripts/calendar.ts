// Runs the calendar job once (decision 015): every agent whose refresher opened or fell due, or
// whose last write was not summarised, is brought up to date. For deployments that run it from
// cron with CALENDAR_INTERVAL_MS=0; the servers run it themselves otherwise. Safe beside them:
// the lease lets one run at a time.
//   npm run calendar
import { runCalendarJob } from '#app/certification/calendar-job.server.ts'
import { closeDb } from '#app/utils/db.server.ts'

const started = performance.now()
const run = await runCalendarJob()
await closeDb()
if (!run.ran) console.log('Another server holds the calendar lease: nothing to do here.')
else console.log(`Refreshed ${run.checked} agents in ${run.batches} batches (${((performance.now() - started) / 1000).toFixed(1)} s).`)

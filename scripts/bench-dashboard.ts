// Team-lead dashboard benchmark, on the large database (`npm run seed:large` makes it). Times the
// loaders as the server runs them, for random teams and agents, after warm-up runs:
//   (a) the team page as its lead sees it (app/routes/team._index.tsx: table, charts, form),
//   (b) an agent's page as their lead opens it (app/routes/team.$userId.tsx),
//   (c) the organisation overview, as an admin opens it (app/routes/team.overview.tsx),
//   (d) the dashboard of every team at once, as an admin opens /team (5,000 rows, sorted, paged).
// Beside each: the very SELECTs the loader ran (recorded from the connection during the run),
// run again directly in better-sqlite3: loader time as a ratio to raw SQLite. And the write lock:
// a view of current standings reads summaries (decision 015) and takes none; a second connection
// keeps taking the lock to show it. Then the calendar job as if 1, 7 or 30 days had passed
// (rolled back), which is where the writes went.
// Prints figures only; the issue's targets stand beside them.
//   npm run bench:dashboard [-- --db FILE] [--iterations 200] [--org-iterations 50] [--warmup 20] [--seed 1]
//   npm run bench:dashboard -- --engine pg --url postgres://… (scripts/bench-dashboard-pg.ts)
// Runs with the production server's heap setting (--max-semi-space-size=32), as bench:judge does.
// NOTE: it writes to that database as the pages do: the sessions it signs in with (deleted at the
// end), and summaries the calendar job has not brought up to date yet.
import fs from 'node:fs'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { seededRandom } from '#app/domain/random.ts'
import { fmt, loadApp, mean, ms, pageRows, printTable, quantile, sessions, timePages, viewTeamPage } from './bench-dashboard-pages.ts'

if (process.argv.includes('--engine') && process.argv[process.argv.indexOf('--engine') + 1] === 'pg') {
  await import('./bench-dashboard-pg.ts')
  process.exit(0)
}
const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const DB = option('db') ?? './data/large.db'
const ITERATIONS = Number(option('iterations') ?? 200)
const ORG_ITERATIONS = Number(option('org-iterations') ?? 50)
const WARMUP = Number(option('warmup') ?? 20)
const random = seededRandom(Number(option('seed') ?? 1))
if (!fs.existsSync(DB)) {
  console.error(`No database at ${DB}: run \`npm run seed:large\` first (or pass --db FILE).`)
  process.exit(1)
}
// The environment the server needs, as the test set-up gives it; production mode, as served.
Object.assign(process.env, {
  DATABASE_PATH: DB,
  NODE_ENV: 'production',
  SESSION_SECRET: 'bench-dashboard-session-secret-0123456789',
  PUBLIC_URL: 'http://localhost:3000',
})

const { getDb, closeDb } = await import('#app/utils/db.server.ts')
const { getUserById } = await import('#app/models/users.server.ts')
const { runCalendarJob } = await import('#app/certification/calendar-job.server.ts')
const app = await loadApp()
const signIn = sessions(app)

const sqlite = (getDb() as ReturnType<typeof getDb> & { $client: Database.Database }).$client

// --- the write lock, timed from BEGIN IMMEDIATE to COMMIT on the app's own connection (and, in
// the catch-up runs below, inside an outer transaction that is rolled back) ---
let lockMs = 0
let timeNested = false
let lockHook: ((ms: number) => void) | null = null
const transaction = sqlite.transaction.bind(sqlite)
sqlite.transaction = ((fn: (...a: unknown[]) => unknown) => {
  const tx = transaction(fn)
  const immediate = (...a: unknown[]) => {
    if (sqlite.inTransaction && !timeNested) return tx.immediate(...a)
    const t0 = performance.now()
    try {
      return tx.immediate(...a)
    } finally {
      lockMs += performance.now() - t0
      lockHook?.(performance.now() - t0)
    }
  }
  return { default: tx.default, deferred: tx.deferred, exclusive: tx.exclusive, immediate }
}) as unknown as typeof sqlite.transaction

// --- who signs in ---
const teams = sqlite.prepare('select id, lead_id as leadId from teams where lead_id is not null order by name').all() as {
  id: string
  leadId: string
}[]
const membersOf = sqlite.prepare('select id from users where team_id = ? and id <> ? order by username')
const members = new Map(teams.map((t) => [t.id, (membersOf.all(t.id, t.leadId) as { id: string }[]).map((m) => m.id)]))
const adminRow = sqlite.prepare("select user_id as id from user_roles where role = 'admin' limit 1").get() as { id: string } | undefined
if (!teams.length || !adminRow) {
  console.error(`${DB} has no teams or no admin: is it a database made by \`npm run seed:large\`?`)
  process.exit(1)
}
const admin = (await getUserById(adminRow.id))!
const counts = sqlite
  .prepare(
    `select (select count(*) from users u join user_roles r on r.user_id = u.id and r.role = 'trainee') as agents,
            (select count(*) from quiz_attempts) + (select count(*) from roleplay_attempts) as attempts,
            (select max(rowid) from roleplay_events) as events`,
  )
  .get() as { agents: number; attempts: number; events: number }

const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!

// --- the same reads, directly: every SELECT a loader runs is recorded (SQL and parameters) from
// the app's connection, then run again on a statement prepared once, in better-sqlite3 ---
type Recorded = { sql: string; params: unknown[]; raw: boolean; get: boolean }
let recording: Recorded[] | null = null
const prepare = sqlite.prepare.bind(sqlite)
sqlite.prepare = ((source: string) => {
  const statement = prepare(source)
  if (!/^\s*select/i.test(source)) return statement
  let raw = false
  const wrap = (method: 'all' | 'get') =>
    function (...params: unknown[]) {
      recording?.push({ sql: source, params, raw, get: method === 'get' })
      return (raw ? statement.raw(true) : statement)[method](...params)
    }
  const proxy: Database.Statement = new Proxy(statement, {
    get(target, key) {
      if (key === 'all') return wrap('all')
      if (key === 'get') return wrap('get')
      if (key === 'raw')
        return (on = true) => {
          raw = on
          return proxy
        }
      const value = Reflect.get(target, key) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return proxy
}) as typeof sqlite.prepare
const statements = new Map<string, Database.Statement>()
function replay(recorded: Recorded[]) {
  for (const r of recorded) {
    let s = statements.get(r.sql)
    if (!s) statements.set(r.sql, (s = prepare(r.sql)))
    const st = r.raw ? s.raw(true) : s.raw(false)
    if (r.get) st.get(...r.params)
    else st.all(...r.params)
  }
}

// --- timing ---
interface Run {
  loader: number[]
  raw: number[]
  lock: number[]
}
const newRun = (): Run => ({ loader: [], raw: [], lock: [] })
const queries = new Map<Run, number[]>()
async function measure(run: Run, record: boolean, loader: () => Promise<unknown>) {
  const lockBefore = lockMs
  recording = []
  const t0 = performance.now()
  await loader()
  const t1 = performance.now()
  const ran = recording
  recording = null
  const lock = lockMs - lockBefore
  const r0 = performance.now()
  replay(ran)
  const r1 = performance.now()
  if (record) queries.set(run, [...(queries.get(run) ?? []), ran.length])
  if (!record) return
  run.loader.push(t1 - t0)
  run.raw.push(r1 - r0)
  run.lock.push(lock)
}

const { teamPage, drillDown, overview, overviewCold, everyTeam } = await timePages(app, signIn, {
  teams,
  members,
  adminId: admin.id,
  iterations: ITERATIONS,
  orgIterations: ORG_ITERATIONS,
  warmup: WARMUP,
  random,
  newRun,
  measure,
})

// --- the write lock seen from a second connection, while leads open team pages ---
// The probe spins on BEGIN IMMEDIATE (no busy timeout, so no sleeping back-off hides the wait),
// commits at once, then rests ~2 ms. How long it waited is how long a reply arriving then would.
const stop = new Int32Array(new SharedArrayBuffer(4))
const probe = new Worker(
  `
  const { parentPort, workerData } = require('node:worker_threads')
  const { performance } = require('node:perf_hooks')
  const Database = require('better-sqlite3')
  const db = new Database(workerData.file)
  db.pragma('busy_timeout = 0')
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  const rest = new Int32Array(new SharedArrayBuffer(4))
  const waits = []
  parentPort.postMessage('ready')
  while (Atomics.load(workerData.stop, 0) === 0) {
    const t0 = performance.now()
    for (;;) {
      try { begin.run(); break } catch (e) { if (e.code !== 'SQLITE_BUSY') throw e }
    }
    waits.push(performance.now() - t0)
    commit.run()
    Atomics.wait(rest, 0, 0, 2)
  }
  db.close()
  parentPort.postMessage(waits)
`,
  { eval: true, workerData: { file: DB, stop } },
)
await new Promise((resolve) => probe.once('message', resolve))
const probed = newRun()
const probeStart = performance.now()
const lockBeforeProbe = lockMs
for (let i = 0; i < ITERATIONS; i++) {
  const team = pick(teams)
  await measure(probed, true, () => viewTeamPage(app, signIn, team.leadId))
}
const probeSeconds = (performance.now() - probeStart) / 1000
const heldDuringProbe = lockMs - lockBeforeProbe
const heldShare = heldDuringProbe / 1000 / probeSeconds
Atomics.store(stop, 0, 1)
const waits = await new Promise<number[]>((resolve) => probe.once('message', resolve))
await probe.terminate()

// --- the calendar job, as if N days had passed ---
// Views read summaries; the writes happen when the calendar moves an agent (a refresher opens,
// one lapses) and the job brings them up to date, a batch of agents per transaction. Run inside
// an outer transaction rolled back afterwards, so the database stays as it was; each batch's
// write lock is timed from its BEGIN (a savepoint here) to its COMMIT.
const DAY = 24 * 60 * 60 * 1000
const jobRuns: { days: number; checked: number; batches: number; seconds: number; lock: number[] }[] = []
const batchLocks: number[] = []
for (const days of [1, 7, 30]) {
  const later = new Date(Date.now() + days * DAY)
  sqlite.exec('BEGIN IMMEDIATE')
  timeNested = true
  const before = batchLocks.length
  const t0 = performance.now()
  try {
    lockHook = (ms) => batchLocks.push(ms)
    const run = await runCalendarJob({ now: later, holder: 'bench' })
    jobRuns.push({
      days,
      checked: run.checked,
      batches: run.batches,
      seconds: (performance.now() - t0) / 1000,
      lock: batchLocks.slice(before),
    })
  } finally {
    lockHook = null
    timeNested = false
    sqlite.exec('ROLLBACK')
  }
}

// Sign the bench's sessions out again.
await signIn.signOutAll()
const sqliteVersion = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v
closeDb()

// --- the table ---
const q = quantile

const cpus = os.cpus()
console.log(
  `\nTeam lead dashboard at scale: ${DB}, ${fmt(counts.agents)} agents in ${fmt(teams.length)} teams, ${fmt(counts.attempts)} quiz and role-play attempts, ${fmt(counts.events)} reply events`,
)
console.log(
  `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.versions.node}, SQLite ${sqliteVersion}; NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ''}`,
)
console.log(
  `Times in ms, after ${WARMUP} warm-up views (1 warm-up overview). Raw: the same SELECTs in better-sqlite3, no mapping, rules or views.\n`,
)
const rows = pageRows({ teamPage, drillDown, overview, overviewCold, everyTeam }, fmt(counts.agents))
const header = ['page', 'n', 'queries', 'mean', 'p50', 'p99', 'raw p50', 'raw p99', 'loader ÷ raw p50 / p99', 'write lock p99', 'target']
const table = rows.map(([name, run, target]) => [
  name,
  String(run.loader.length),
  String(Math.max(...(queries.get(run) ?? [0]))),
  ms(mean(run.loader)),
  ms(q(run.loader, 0.5)),
  ms(q(run.loader, 0.99)),
  ms(q(run.raw, 0.5)),
  ms(q(run.raw, 0.99)),
  `${(q(run.loader, 0.5) / q(run.raw, 0.5)).toFixed(1)}× / ${(q(run.loader, 0.99) / q(run.raw, 0.99)).toFixed(1)}×`,
  ms(q(run.lock, 0.99)),
  target,
])
printTable(header, table)
console.log("queries: the most SELECTs one view ran (the same whatever the team's size: no query per agent).")

const blocked = waits.filter((w) => w > 1)
console.log(
  `\nWrite lock held by ${ITERATIONS} team-page views of current standings: ${ms(heldDuringProbe)} ms in all (${(heldShare * 100).toFixed(2)}% of ${probeSeconds.toFixed(1)} s). ` +
    `Probe on a second connection meanwhile: ${fmt(waits.length)} BEGIN IMMEDIATE, ${fmt(blocked.length)} waited over 1 ms; wait p50 ${ms(q(waits, 0.5))} ms, p99 ${ms(q(waits, 0.99))} ms, max ${ms(Math.max(...waits))} ms.`,
)
console.log(
  '\nThe calendar job as if N days had passed (rolled back): agents it refreshed, and the write lock per write transaction (the agents whose standing or summary changed, 4 at a time; each batch reads 100).',
)
const jobHeader = ['days later', 'agents refreshed', 'batches', 'run time (s)', 'lock per write p50 / p99 / max (ms)']
const jobRows = jobRuns.map((j) => [
  String(j.days),
  fmt(j.checked),
  String(j.batches),
  j.seconds.toFixed(2),
  j.lock.length ? `${ms(q(j.lock, 0.5))} / ${ms(q(j.lock, 0.99))} / ${ms(Math.max(...j.lock))}` : '—',
])
const jobWidths = jobHeader.map((h, i) => Math.max(h.length, ...jobRows.map((r) => r[i]!.length)))
const jobLine = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(jobWidths[i]!)).join(' | ')} |`
console.log(jobLine(jobHeader))
console.log(`|${jobWidths.map((w) => `${'-'.repeat(w + 1)}:`).join('|')}|`)
for (const r of jobRows) console.log(jobLine(r))
console.log(
  'A role-play reply (its append is an IMMEDIATE transaction, decision 007) that arrives during a write waits at most that write; the job yields between batches.',
)

// bench:dashboard on PostgreSQL (`npm run bench:dashboard -- --engine pg --url postgres://…`):
// the same pages as on SQLite, timed the same way, on a database `npm run db:copy` made from the
// large seed. Beside each loader: the very queries it sent (recorded from the pool during the
// run) sent again directly through node-postgres, no mapping, rules or views. Then the calendar
// job as if 1, 7 or 30 days had passed, each on a copy of the database made from it as a
// template and dropped afterwards (PostgreSQL cannot roll back another process's work).
// Views take no locks on PostgreSQL (MVCC): the SQLite run's write-lock probe has no
// counterpart here.
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { seededRandom } from '#app/domain/random.ts'
import { fmt, loadApp, mean, ms, pageRows, printTable, quantile, sessions, timePages } from './bench-dashboard-pages.ts'

const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const URL_ = option('url') ?? process.env.BENCH_DATABASE_URL
if (!URL_) {
  console.error('--url postgres://… (or BENCH_DATABASE_URL): a database `npm run db:copy` made from the large seed.')
  process.exit(1)
}
const ITERATIONS = Number(option('iterations') ?? 200)
const ORG_ITERATIONS = Number(option('org-iterations') ?? 50)
const WARMUP = Number(option('warmup') ?? 20)
const random = seededRandom(Number(option('seed') ?? 1))
Object.assign(process.env, {
  DATABASE_URL: URL_,
  NODE_ENV: 'production',
  SESSION_SECRET: 'bench-dashboard-session-secret-0123456789',
  PUBLIC_URL: 'http://localhost:3000',
})

const { closeDb, describeUrl, rawConnection, checkConnection } = await import('#app/utils/db.server.ts')
const { getUserById } = await import('#app/models/users.server.ts')
const app = await loadApp()
const signIn = sessions(app)

try {
  await checkConnection()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
const connection = rawConnection()
if (connection.engine !== 'postgres') throw new Error('not on PostgreSQL')
const pool = connection.pool

// --- every query the app sends through the pool, recorded while a loader runs ---
type Sent = { text: string; values?: unknown[]; rowMode?: string }
let recording: Sent[] | null = null
const query = pool.query.bind(pool) as (q: Sent) => Promise<unknown>
;(pool as unknown as { query: (q: unknown, v?: unknown) => Promise<unknown> }).query = (q: unknown, v?: unknown) => {
  // drizzle passes the parameters beside the query's config, not in it.
  if (recording && typeof q === 'object' && q && 'text' in q)
    recording.push({ ...(q as Sent), values: (v as unknown[] | undefined) ?? (q as Sent).values })
  return (query as (q: unknown, v?: unknown) => Promise<unknown>)(q, v)
}
async function replay(sent: Sent[]) {
  for (const s of sent) await query({ text: s.text, values: s.values, ...(s.rowMode ? { rowMode: s.rowMode } : {}) })
}

const one = async <T>(text: string) => (await query({ text })) as { rows: T[] }
const teams = (
  await one<{ id: string; leadId: string }>('select id, lead_id as "leadId" from teams where lead_id is not null order by name')
).rows
const memberRows = (await one<{ id: string; teamId: string }>('select id, team_id as "teamId" from users where team_id is not null')).rows
const members = new Map<string, string[]>()
for (const t of teams) members.set(t.id, [])
const leads = new Set(teams.map((t) => t.leadId))
for (const m of memberRows) if (!leads.has(m.id)) members.get(m.teamId)?.push(m.id)
const adminRow = (await one<{ id: string }>("select user_id as id from user_roles where role = 'admin' limit 1")).rows[0]
if (!teams.length || !adminRow) {
  console.error(`${describeUrl(URL_)} has no teams or no admin: is it a copy of a database made by \`npm run seed:large\`?`)
  process.exit(1)
}
const counts = (
  await one<{ agents: string; attempts: string; events: string }>(
    `select (select count(*) from users u join user_roles r on r.user_id = u.id and r.role = 'trainee') as agents,
            (select count(*) from quiz_attempts) + (select count(*) from roleplay_attempts) as attempts,
            (select count(*) from roleplay_events) as events`,
  )
).rows[0]!
const admin = (await getUserById(adminRow.id))!

interface Run {
  loader: number[]
  raw: number[]
  queries: number
}
const newRun = (): Run => ({ loader: [], raw: [], queries: 0 })
async function measure(run: Run, record: boolean, loader: () => Promise<unknown>) {
  recording = []
  const t0 = performance.now()
  await loader()
  const t1 = performance.now()
  const sent = recording
  recording = null
  const r0 = performance.now()
  await replay(sent)
  const r1 = performance.now()
  if (!record) return
  run.loader.push(t1 - t0)
  run.raw.push(r1 - r0)
  run.queries = Math.max(run.queries, sent.length)
}

const pages = await timePages(app, signIn, {
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
await signIn.signOutAll()
const version = (await one<{ server_version: string }>('show server_version')).rows[0]!.server_version
await closeDb()

// --- the calendar job on copies ---
const source = new URL(URL_)
const sourceName = decodeURIComponent(source.pathname.slice(1))
const maintenance = new URL(URL_)
maintenance.pathname = '/postgres'
const DAY = 24 * 60 * 60 * 1000
const jobRuns: { days: number; output: string; seconds: number }[] = []
for (const days of [1, 7, 30]) {
  const copy = `${sourceName}_job_${days}`
  const admin = new pg.Client({ connectionString: maintenance.toString() })
  await admin.connect()
  await admin.query(`drop database if exists "${copy}" with (force)`)
  const c0 = performance.now()
  await admin.query(`create database "${copy}" template "${sourceName}"`)
  console.error(`Copied the database for the ${days}-day run in ${((performance.now() - c0) / 1000).toFixed(1)} s`)
  const target = new URL(URL_)
  target.pathname = `/${copy}`
  const t0 = performance.now()
  const run = spawnSync('npx', ['tsx', 'scripts/calendar.ts', '--as-of', new Date(Date.now() + days * DAY).toISOString()], {
    env: { ...process.env, DATABASE_URL: target.toString() },
    encoding: 'utf8',
  })
  const seconds = (performance.now() - t0) / 1000
  if (run.status !== 0) throw new Error(`calendar job on ${copy}: ${run.stderr}`)
  jobRuns.push({ days, output: run.stdout.trim(), seconds })
  await admin.query(`drop database if exists "${copy}" with (force)`)
  await admin.end()
}

// --- the table ---
const q = quantile
const cpus = os.cpus()
console.log(
  `\nTeam lead dashboard at scale on PostgreSQL: ${describeUrl(URL_)}, ${fmt(counts.agents)} agents in ${fmt(teams.length)} teams, ${fmt(counts.attempts)} quiz and role-play attempts, ${fmt(counts.events)} reply events`,
)
console.log(
  `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.versions.node}, PostgreSQL ${version} on the same machine; pool of ${process.env.PG_POOL_SIZE ?? 10}`,
)
console.log(
  `Times in ms, after ${WARMUP} warm-up views. Raw: the same queries sent again through node-postgres, no mapping, rules or views.\n`,
)
const rows = pageRows(pages, fmt(counts.agents))
const header = ['page', 'n', 'queries', 'mean', 'p50', 'p99', 'raw p50', 'raw p99', 'loader ÷ raw p50 / p99', 'target']
const table = rows.map(([name, run, target]) => [
  name,
  String(run.loader.length),
  String(run.queries),
  ms(mean(run.loader)),
  ms(q(run.loader, 0.5)),
  ms(q(run.loader, 0.99)),
  ms(q(run.raw, 0.5)),
  ms(q(run.raw, 0.99)),
  `${(q(run.loader, 0.5) / q(run.raw, 0.5)).toFixed(1)}× / ${(q(run.loader, 0.99) / q(run.raw, 0.99)).toFixed(1)}×`,
  target,
])
printTable(header, table)
console.log('\nThe calendar job as if N days had passed, each on a fresh copy (`npm run calendar -- --as-of`, a process of its own):')
for (const j of jobRuns) console.log(`  ${String(j.days).padStart(2)} days later: ${j.output} (process ${j.seconds.toFixed(1)} s in all)`)

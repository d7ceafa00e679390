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
import type { LoaderFunctionArgs } from '@remix-run/node'
import pg from 'pg'
import { seededRandom } from '#app/domain/random.ts'

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
const { sessionStorage } = await import('#app/utils/session.server.ts')
const { getUserById } = await import('#app/models/users.server.ts')
const { loader: teamLoader } = await import('#app/routes/team._index.tsx')
const { loader: memberLoader } = await import('#app/routes/team.$userId.tsx')
const { loader: overviewLoader } = await import('#app/routes/team.overview.tsx')
const { clearOrgFigures } = await import('#app/dashboard/dashboard.server.ts')

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
  if (recording && typeof q === 'object' && q && 'text' in q) recording.push(q as Sent)
  return (query as (q: unknown, v?: unknown) => Promise<unknown>)(q, v)
}
async function replay(sent: Sent[]) {
  for (const s of sent) await query({ text: s.text, values: s.values, ...(s.rowMode ? { rowMode: s.rowMode } : {}) })
}

const one = async <T>(text: string) => (await query({ text }))!.valueOf() as { rows: T[] }
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

const cookies = new Map<string, string>()
async function cookieFor(userId: string) {
  let cookie = cookies.get(userId)
  if (!cookie) {
    const session = await sessionStorage().getSession()
    session.set('userId', userId)
    cookie = (await sessionStorage().commitSession(session)).split(';')[0]!
    cookies.set(userId, cookie)
  }
  return cookie
}
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
const request = (url: string, cookie: string) => new Request(new URL(url, 'http://localhost'), { headers: { Cookie: cookie } })
const loaderArgs = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: {} }) as LoaderFunctionArgs

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

const teamPage = newRun()
const drillDown = newRun()
const overview = newRun()
const overviewCold = newRun()
const everyTeam = newRun()
console.error(`Warming up and measuring (${WARMUP} + ${ITERATIONS} views of each page, ${ORG_ITERATIONS} organisation overviews)…`)
const SORTS = ['status', 'score', 'name', 'due', 'compliance']
for (let i = 0; i < WARMUP + ITERATIONS; i++) {
  const team = pick(teams)
  const cookie = await cookieFor(team.leadId)
  const q = i % 2 ? `?sort=${pick(SORTS)}&dir=desc${i % 4 === 1 ? '&overdue=1' : ''}` : ''
  await measure(teamPage, i >= WARMUP, () => teamLoader(loaderArgs(request(`/team${q}`, cookie))))
}
for (let i = 0; i < WARMUP + ITERATIONS; i++) {
  const team = pick(teams)
  const member = pick(members.get(team.id)!)
  const cookie = await cookieFor(team.leadId)
  await measure(drillDown, i >= WARMUP, () => memberLoader(loaderArgs(request(`/team/${member}`, cookie), { userId: member })))
}
const adminCookie = await cookieFor(admin.id)
for (let i = 0; i < WARMUP + ORG_ITERATIONS; i++) {
  await measure(overview, i >= WARMUP, () => overviewLoader(loaderArgs(request('/team/overview', adminCookie))))
}
for (let i = 0; i < WARMUP + ORG_ITERATIONS; i++) {
  clearOrgFigures()
  await measure(overviewCold, i >= WARMUP, () => overviewLoader(loaderArgs(request('/team/overview', adminCookie))))
}
for (let i = 0; i < WARMUP + ORG_ITERATIONS; i++) {
  const q = `?sort=${pick(SORTS)}&page=${1 + Math.floor(random() * 50)}`
  await measure(everyTeam, i >= WARMUP, () => teamLoader(loaderArgs(request(`/team${q}`, adminCookie))))
}
for (const cookie of cookies.values()) await sessionStorage().destroySession(await sessionStorage().getSession(cookie))
const version = ((await one<{ v: string }>('show server_version')).rows[0] as unknown as { server_version: string }).server_version
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
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const q = (xs: number[], p: number) => {
  const s = sorted(xs)
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
const fmt = (n: number | string) => Number(n).toLocaleString('en-US')
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
const rows: [string, Run, string][] = [
  ['team page, as its lead (team._index loader)', teamPage, 'p99 < 150 ms'],
  ['agent drill-down, as the lead (team.$userId loader)', drillDown, '—'],
  ['organisation overview, as an admin (team.overview loader)', overview, 'p99 < 500 ms'],
  ['organisation overview, its once-a-minute recompute of the org figures', overviewCold, 'p99 < 500 ms'],
  [`every team's table, as an admin (team._index, ${fmt(counts.agents)} rows, sorted, paged)`, everyTeam, '—'],
]
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
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)))
const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
console.log(line(header))
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
for (const r of table) console.log(line(r))
console.log('\nThe calendar job as if N days had passed, each on a fresh copy (`npm run calendar -- --as-of`, a process of its own):')
for (const j of jobRuns) console.log(`  ${String(j.days).padStart(2)} days later: ${j.output} (process ${j.seconds.toFixed(1)} s in all)`)

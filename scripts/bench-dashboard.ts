// Team-lead dashboard benchmark, on the large database (`npm run seed:large` makes it). Times the
// loaders as the server runs them, for random teams and agents, after warm-up runs:
//   (a) the team page as its lead sees it (app/routes/team._index.tsx),
//   (b) an agent's page as their lead opens it (app/routes/team.$userId.tsx),
//   (c) the organisation overview, which is not built yet: what an admin's view of every team
//       costs today, as getTeamReport for each team in turn and as one call over all of them.
// Beside each: the same reads done directly in better-sqlite3 (hand-written SQL for what the
// loader selects), and the write lock the page holds. The pages reconcile standings on view: the
// rules run in a read snapshot and take the write lock only to store what changed, so the lock
// is measured twice: on views of current standings (each IMMEDIATE transaction timed from BEGIN
// to COMMIT, and seen from a second connection by a probe that keeps taking the lock), and on the
// first view after the calendar moved (as if 1, 7 or 30 days had passed, rolled back after).
// Prints figures only; the issue's targets stand beside them.
//   npm run bench:dashboard [-- --db FILE] [--iterations 200] [--org-iterations 10] [--warmup 20] [--seed 1]
// Runs with the production server's heap setting (--max-semi-space-size=32), as bench:judge does.
// NOTE: it writes to that database as the pages do: the sessions it signs in with (deleted at the
// end), and standings when the calendar moves them.
import fs from 'node:fs'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { seededRandom } from '#app/domain/random.ts'

const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const DB = option('db') ?? './data/large.db'
const ITERATIONS = Number(option('iterations') ?? 200)
const ORG_ITERATIONS = Number(option('org-iterations') ?? 10)
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
const { sessionStorage } = await import('#app/utils/session.server.ts')
const { getUserById } = await import('#app/models/users.server.ts')
const { getTeamReport } = await import('#app/models/team-report.server.ts')
const { certificationViewsOf } = await import('#app/certification/view.server.ts')
const { loader: teamLoader } = await import('#app/routes/team._index.tsx')
const { loader: memberLoader } = await import('#app/routes/team.$userId.tsx')

const sqlite = (getDb() as ReturnType<typeof getDb> & { $client: Database.Database }).$client

// --- the write lock, timed from BEGIN IMMEDIATE to COMMIT on the app's own connection (and, in
// the catch-up runs below, inside an outer transaction that is rolled back) ---
let lockMs = 0
let timeNested = false
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

// --- the same reads, directly: hand-written SQL for each select the loaders make ---
const statements = new Map<string, Database.Statement>()
function all(sql: string, ...params: unknown[]) {
  let s = statements.get(sql)
  if (!s) statements.set(sql, (s = sqlite.prepare(sql)))
  return s.all(...params)
}
const list = (n: number) => Array.from({ length: n }, () => '?').join(', ')
const sessionId = async (cookie: string) => (await sessionStorage().getSession(cookie)).id

function rawUser(id: string) {
  all(
    'select u.id, u.username, u.display_name, u.team_id, t.name, u.disabled_at, u.must_change_password from users u left join teams t on t.id = u.team_id where u.id = ?',
    id,
  )
  all('select role from user_roles where user_id = ?', id)
  all('select id from teams where lead_id = ?', id)
}
function rawSignedIn(session: string, userId: string) {
  all('select data, expires_at, last_seen_at, created_at from sessions where id = ?', session)
  rawUser(userId)
}
/** Progress rows and submitted quizzes (getLearningRecords). */
function rawLearning(ids: string[]) {
  all(`select * from module_progress where user_id in (${list(ids.length)})`, ...ids)
  all(
    `select id, user_id, module_id, module_version, score, passed, submitted_at from quiz_attempts where user_id in (${list(ids.length)}) and submitted_at is not null order by submitted_at desc`,
    ...ids,
  )
}
/** What reconcileUsers reads: the records (loadRecords) and the stored standing rows (loadRows). */
function rawReconcile(ids: string[]) {
  const l = list(ids.length)
  all(`select user_id, module_id, started_at from module_progress where user_id in (${l})`, ...ids)
  all(
    `select user_id, module_id, module_version, passed, submitted_at from quiz_attempts where user_id in (${l}) and submitted_at is not null`,
    ...ids,
  )
  all(
    `select user_id, id, scenario_id, mode, passed, reviewed_passed, reviewed_at, finished_at, skills from roleplay_attempts where user_id in (${l}) and status = 'finished'`,
    ...ids,
  )
  all(
    `select d.user_id, r.key, d.passed, d.submitted_at from drill_attempts d join refreshers r on r.id = d.refresher_id where d.user_id in (${l}) and d.submitted_at is not null`,
    ...ids,
  )
  all(
    `select user_id, certification_id, key, revoked_at, revoke_reason from certificates where user_id in (${l}) and revoked_at is not null`,
    ...ids,
  )
  all(
    `select a.*, lead.display_name from refresher_assignments a left join users lead on lead.id = a.assigned_by where a.user_id in (${l})`,
    ...ids,
  )
  all(`select * from certification_standings where user_id in (${l})`, ...ids)
  all(`select * from certificates where user_id in (${l}) order by issued_at`, ...ids)
  all(`select * from refreshers where user_id in (${l}) order by opens_at`, ...ids)
  all(`select * from certification_events where user_id in (${l}) order by at, id`, ...ids)
}
/** getTeamReport's reads for some teams: the members (listTeamMembers), their learning records and standings. */
function rawTeamReport(teamIds: string[]) {
  const rows = all(
    `select u.id, u.username, u.display_name, u.team_id, t.name, u.disabled_at, u.must_change_password from users u left join teams t on t.id = u.team_id where u.team_id in (${list(teamIds.length)}) order by u.username`,
    ...teamIds,
  ) as { id: string }[]
  const ids = rows.map((r) => r.id)
  all(`select * from user_roles where user_id in (${list(ids.length)})`, ...ids)
  all(`select id, lead_id from teams where lead_id in (${list(ids.length)})`, ...ids)
  rawLearning(ids)
  rawReconcile(ids)
}

// --- timing ---
interface Run {
  loader: number[]
  raw: number[]
  lock: number[]
}
const newRun = (): Run => ({ loader: [], raw: [], lock: [] })
async function measure(run: Run, record: boolean, loader: () => Promise<unknown>, raw: () => unknown) {
  const lockBefore = lockMs
  const t0 = performance.now()
  await loader()
  const t1 = performance.now()
  const lock = lockMs - lockBefore
  const r0 = performance.now()
  raw()
  const r1 = performance.now()
  if (!record) return
  run.loader.push(t1 - t0)
  run.raw.push(r1 - r0)
  run.lock.push(lock)
}

const teamPage = newRun()
const drillDown = newRun()
const orgEach = newRun()
const orgOnce = newRun()
const loaderArgs = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: {} }) as LoaderFunctionArgs

console.error(`Warming up and measuring (${WARMUP} + ${ITERATIONS} views of each page, ${ORG_ITERATIONS} organisation overviews)…`)
for (let i = 0; i < WARMUP + ITERATIONS; i++) {
  const team = pick(teams)
  const cookie = await cookieFor(team.leadId)
  const session = await sessionId(cookie)
  await measure(
    teamPage,
    i >= WARMUP,
    () => teamLoader(loaderArgs(request('/team', cookie))),
    () => {
      rawSignedIn(session, team.leadId)
      rawTeamReport([team.id])
    },
  )
}
for (let i = 0; i < WARMUP + ITERATIONS; i++) {
  const team = pick(teams)
  const member = pick(members.get(team.id)!)
  const cookie = await cookieFor(team.leadId)
  const session = await sessionId(cookie)
  await measure(
    drillDown,
    i >= WARMUP,
    () => memberLoader(loaderArgs(request(`/team/${member}`, cookie), { userId: member })),
    () => {
      rawSignedIn(session, team.leadId)
      rawUser(member)
      rawLearning([member])
      all(
        "select ra.id, ra.scenario_id, ra.scenario_version, ra.mode, ra.total, ra.passed, ra.reviewed_total, ra.reviewed_passed, ra.reviewed_at, ra.finished_at, u.display_name from roleplay_attempts ra join users u on u.id = ra.user_id where ra.status = 'finished' and ra.user_id in (?) order by ra.finished_at desc limit 50",
        member,
      )
      rawReconcile([member])
    },
  )
}
const allTeams = teams.map((t) => t.id)
for (let i = 0; i < 1 + ORG_ITERATIONS; i++) {
  await measure(
    orgEach,
    i >= 1,
    async () => {
      for (const teamId of allTeams) await getTeamReport({ ...admin, ledTeamIds: [teamId] })
    },
    () => {
      for (const teamId of allTeams) rawTeamReport([teamId])
    },
  )
}
for (let i = 0; i < 1 + ORG_ITERATIONS; i++) {
  await measure(
    orgOnce,
    i >= 1,
    () => getTeamReport({ ...admin, ledTeamIds: allTeams }),
    () => rawTeamReport(allTeams),
  )
}

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
  const cookie = await cookieFor(team.leadId)
  await measure(
    probed,
    true,
    () => teamLoader(loaderArgs(request('/team', cookie))),
    () => undefined,
  )
}
const probeSeconds = (performance.now() - probeStart) / 1000
const heldShare = (lockMs - lockBeforeProbe) / 1000 / probeSeconds
Atomics.store(stop, 0, 1)
const waits = await new Promise<number[]>((resolve) => probe.once('message', resolve))
await probe.terminate()

// --- the first view after the calendar moved ---
// Standings are current after the seed, so a view takes no write lock unless the calendar moved
// since the last one (a refresher opens, one lapses). What that first view holds: the team's
// reconcile (what getTeamReport runs) as if N days had passed, inside a transaction rolled back
// afterwards, so the database stays as it was.
const DAY = 24 * 60 * 60 * 1000
const catchUp: { days: number; teams: number; wrote: number; lock: number[]; total: number[]; orgLock: number; orgTotal: number }[] = []
for (const days of [1, 7, 30]) {
  const later = new Date(Date.now() + days * DAY)
  const run = { days, teams: 0, wrote: 0, lock: [] as number[], total: [] as number[], orgLock: 0, orgTotal: 0 }
  const simulate = (ids: string[]) => {
    sqlite.exec('BEGIN IMMEDIATE')
    timeNested = true
    const before = lockMs
    const t0 = performance.now()
    try {
      certificationViewsOf(ids, later)
      return { total: performance.now() - t0, lock: lockMs - before }
    } finally {
      timeNested = false
      sqlite.exec('ROLLBACK')
    }
  }
  for (let i = 0; i < Math.min(50, teams.length); i++) {
    const team = pick(teams)
    const { total, lock } = simulate(members.get(team.id)!)
    run.teams++
    run.total.push(total)
    if (lock > 0) {
      run.wrote++
      run.lock.push(lock)
    }
  }
  const org = simulate([...members.values()].flat())
  run.orgLock = org.lock
  run.orgTotal = org.total
  catchUp.push(run)
}

// Sign the bench's sessions out again.
for (const cookie of cookies.values()) await sessionStorage().destroySession(await sessionStorage().getSession(cookie))
const sqliteVersion = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v
closeDb()

// --- the table ---
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const q = (xs: number[], p: number) => {
  const s = sorted(xs)
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
const fmt = (n: number) => n.toLocaleString('en-US')

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
const rows: [string, Run, string][] = [
  ['team page, as its lead (team._index loader)', teamPage, 'p99 < 150 ms'],
  ['agent drill-down, as the lead (team.$userId loader)', drillDown, '—'],
  [`organisation overview: getTeamReport × ${teams.length} teams`, orgEach, 'p99 < 500 ms'],
  [`organisation overview: one getTeamReport over ${teams.length} teams`, orgOnce, 'p99 < 500 ms'],
]
const header = ['page', 'n', 'mean', 'p50', 'p99', 'raw p50', 'raw p99', 'loader ÷ raw p50 / p99', 'write lock p50 / p99', 'target']
const table = rows.map(([name, run, target]) => [
  name,
  String(run.loader.length),
  ms(mean(run.loader)),
  ms(q(run.loader, 0.5)),
  ms(q(run.loader, 0.99)),
  ms(q(run.raw, 0.5)),
  ms(q(run.raw, 0.99)),
  `${(q(run.loader, 0.5) / q(run.raw, 0.5)).toFixed(1)}× / ${(q(run.loader, 0.99) / q(run.raw, 0.99)).toFixed(1)}×`,
  `${ms(q(run.lock, 0.5))} / ${ms(q(run.lock, 0.99))}`,
  target,
])
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)))
const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
console.log(line(header))
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
for (const r of table) console.log(line(r))

const blocked = waits.filter((w) => w > 1)
console.log(
  `\nWrite lock per team-page view, standings current (BEGIN IMMEDIATE … COMMIT): p50 ${ms(q(teamPage.lock, 0.5))} ms, p99 ${ms(q(teamPage.lock, 0.99))} ms, max ${ms(Math.max(...teamPage.lock))} ms` +
    `; organisation overview: ${ms(q(orgOnce.lock, 0.5))} ms in one call, ${ms(q(orgEach.lock, 0.5))} ms team by team.`,
)
console.log(
  `Probe on a second connection during ${ITERATIONS} team-page views (${probeSeconds.toFixed(1)} s, the lock held ${(heldShare * 100).toFixed(1)}% of the time): ` +
    `${fmt(waits.length)} BEGIN IMMEDIATE, ${fmt(blocked.length)} waited over 1 ms; wait p50 ${ms(q(waits, 0.5))} ms, p99 ${ms(q(waits, 0.99))} ms, max ${ms(Math.max(...waits))} ms.`,
)
console.log(
  '\nThe first view after the calendar moved writes what changed under the write lock (the rules run again there). As if N days had passed (rolled back):',
)
const catchHeader = [
  'days later',
  'teams',
  'teams that wrote',
  'reconcile p50 / p99',
  'write lock p50 / p99 / max',
  'org overview in one call: reconcile / lock',
]
const catchRows = catchUp.map((c) => [
  String(c.days),
  String(c.teams),
  String(c.wrote),
  `${ms(q(c.total, 0.5))} / ${ms(q(c.total, 0.99))}`,
  c.lock.length ? `${ms(q(c.lock, 0.5))} / ${ms(q(c.lock, 0.99))} / ${ms(Math.max(...c.lock))}` : '—',
  `${ms(c.orgTotal)} / ${ms(c.orgLock)}`,
])
const catchWidths = catchHeader.map((h, i) => Math.max(h.length, ...catchRows.map((r) => r[i]!.length)))
const catchLine = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(catchWidths[i]!)).join(' | ')} |`
console.log(catchLine(catchHeader))
console.log(`|${catchWidths.map((w) => `${'-'.repeat(w + 1)}:`).join('|')}|`)
for (const r of catchRows) console.log(catchLine(r))
console.log('A role-play reply (its append is an IMMEDIATE transaction, decision 007) that arrives while the lock is held waits that long.')
console.log(
  '\nNOTE: there is no organisation overview page yet; its rows time what one would cost on top of today’s code (getTeamReport, which reconciles every member on view).',
)

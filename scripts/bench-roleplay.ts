// Role-play load benchmark. Starts the production build on loopback with a fresh database,
// logs in many trainees over HTTP, and drives concurrent conversations the way the browser
// does (a fetcher POST to the route's .data URL; its answer carries the new conversation).
//   Phase 1: TRAINEES trainees, each replying every ~INTERVAL_MS (about 200 replies/s).
//   Phase 2: saturation: SATURATION closed-loop clients replying without pause.
// Prints latency percentiles, throughput, and checks stored reply events = acknowledged.
//   npm run bench:roleplay [-- --engine sqlite|pg] [-- --servers N]
// --engine pg runs on PostgreSQL: BENCH_DATABASE_URL's server, or a throwaway one with
// PostgreSQL's default durability. --servers N runs the same phases first on one app server,
// then on N behind one port (SERVERS=N: Node's cluster module), and prints the two side by side.
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { passingReplies } from '../tests/sample-replies.ts'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import pg from 'pg'
import { ensureDatabase, startTemporaryPostgres, type TemporaryPostgres } from './pg-server.ts'

const { values: args } = parseArgs({
  options: { engine: { type: 'string', default: 'sqlite' }, servers: { type: 'string', default: '1' } },
})
if (args.engine !== 'sqlite' && args.engine !== 'pg') {
  console.error(`--engine: sqlite or pg, not "${args.engine}"`)
  process.exit(2)
}
const SERVERS = Number(args.servers)
if (!Number.isInteger(SERVERS) || SERVERS < 1) {
  console.error(`--servers: a whole number of app servers, not "${args.servers}"`)
  process.exit(2)
}

const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 1000)
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 5000)
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 60)
const SATURATION = Number(process.env.BENCH_SATURATION ?? 32)
const SATURATION_S = Number(process.env.BENCH_SATURATION_S ?? 20)
const NOOP_S = Number(process.env.BENCH_NOOP_S ?? 20)
const PORT = Number(process.env.BENCH_PORT ?? 3555)
const BASE = `http://127.0.0.1:${PORT}`
const DB = './data/bench.db'
const PASSWORD = 'bench-password-2026'
const SCENARIO = 'damaged-on-arrival'
const REPLIES: string[] = passingReplies(SCENARIO)
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(PORT),
  DATABASE_PATH: DB,
  DATABASE_URL: '',
  SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghij',
  PUBLIC_URL: `http://localhost:${PORT}`,
  BENCH_NOOP: '1',
}

function run(cmd: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: 'inherit' })
    p.on('exit', (code: number | null) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))))
  })
}

async function createTrainees() {
  // Users are made through the app's own model, so their passwords are real argon2id hashes.
  await run('npx', ['tsx', 'scripts/setup.ts', '--fresh'])
  process.env.DATABASE_PATH = DB
  process.env.DATABASE_URL = env.DATABASE_URL
  const { createUser } = await import('#app/models/users.server.ts')
  const { closeDb } = await import('#app/utils/db.server.ts')
  for (let i = 0; i < TRAINEES; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, TRAINEES - i) }, (_, k) =>
        createUser({ username: `bench${i + k}`, displayName: `压测${i + k}`, password: PASSWORD, roles: ['trainee'], teamId: null }),
      ),
    )
  }
  await closeDb()
}

const headers = (cookie?: string) => ({ Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) })

async function login(i: number) {
  const res = await fetch(`${BASE}/login`, {
    method: 'POST',
    headers: { ...headers(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: `bench${i}`, password: PASSWORD }),
    redirect: 'manual',
  })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (res.status !== 302 || !cookie) throw new Error(`login bench${i} failed: ${res.status}`)
  return cookie
}

async function startAttempt(cookie: string) {
  const res = await fetch(`${BASE}/practice`, {
    method: 'POST',
    headers: { ...headers(cookie), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ scenarioId: SCENARIO, mode: 'free' }),
    redirect: 'manual',
  })
  const id = /\/practice\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1]
  if (!id) throw new Error(`start failed: ${res.status}`)
  return id
}

interface Trainee {
  cookie: string
  attemptId: string
  seq: number
}

const latencies: number[] = []
/** Time the server itself spent on each reply (its Server-Timing header). */
const serverTimes: number[] = []
let acknowledged = 0
let errors = 0

/** One reply as the browser sends it; resolves, once the server has answered, to whether it was taken. */
async function reply(t: Trainee, record: boolean): Promise<boolean> {
  const body = new URLSearchParams({ clientId: crypto.randomUUID(), afterSeq: String(t.seq), text: REPLIES[t.seq % REPLIES.length]! })
  const started = performance.now()
  const res = await fetch(`${BASE}/practice/${t.attemptId}.data?index`, {
    method: 'POST',
    headers: { ...headers(t.cookie), 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  })
  const text = await res.text()
  const elapsed = performance.now() - started
  if (!res.ok || /stale|invalid/.test(text)) {
    errors++
    return false
  }
  acknowledged++
  if (record) {
    latencies.push(elapsed)
    const dur = /dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')
    if (dur) serverTimes.push(Number(dur[1]))
  }
  t.seq++
  // The answer carries the new conversation (no revalidation follows); a finished attempt
  // redirects to its feedback, and the trainee starts another.
  if (text.includes('/feedback')) {
    t.attemptId = await startAttempt(t.cookie)
    t.seq = 0
  }
  return true
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN
}

// The load generator shares the machine: its own event-loop delay is part of what the client sees.
const driverLag = monitorEventLoopDelay({ resolution: 10 })

let lastReply = { p50: NaN, p99: NaN }

function report(name: string, seconds: number, count: number) {
  {
    const sorted = [...latencies].sort((a, b) => a - b)
    lastReply = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }
  }
  const figures = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`
  }
  console.log(`${name}: ${count} replies in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(1)} replies/s`)
  console.log(`  reply latency seen by the client: ${figures(latencies)}`)
  console.log(`  time in the server (Server-Timing): ${figures(serverTimes)}`)
  console.log(
    `  load generator's own event-loop delay: p99 ${(driverLag.percentile(99) / 1e6).toFixed(1)} ms, max ${(driverLag.max / 1e6).toFixed(1)} ms`,
  )
  driverLag.reset()
  latencies.length = 0
  serverTimes.length = 0
}

/** What one round measured, for the side-by-side table. */
interface Figures {
  steadyPerS: number
  steady: { p50: number; p99: number }
  saturationPerS: number
  saturation: { p50: number; p95: number; p99: number }
}

const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b)

async function startServer(servers: number) {
  // The server runs as `npm start` runs it (a larger young generation: fewer GC pauses);
  // BENCH_NODE_ARGS (e.g. "--cpu-prof") replace those flags.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean)
  const server = spawn('node', [...nodeArgs, '--import', 'tsx', 'server.ts'], {
    env: { ...env, SERVERS: String(servers), CALENDAR_INTERVAL_MS: '60000' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  })
  for (let i = 0; ; i++) {
    if (
      (await fetch(`${BASE}/login`)
        .then((r) => r.ok)
        .catch(() => false)) === true
    )
      break
    if (i > 120) throw new Error('server did not start')
    await sleep(500)
  }
  // Every worker has started when a request reaches each: a few dozen spread over them.
  await Promise.all(Array.from({ length: 8 * servers }, () => fetch(`${BASE}/login`).then((r) => r.text())))
  return server
}

async function round(trainees: Trainee[], servers: number, measureNoop: boolean): Promise<Figures> {
  console.log(`\n— ${servers} app server${servers > 1 ? 's' : ''} (${args.engine === 'pg' ? 'PostgreSQL' : 'SQLite'}) —`)
  const server = await startServer(servers)
  try {
    // Phase 1: steady load, each trainee replying every ~INTERVAL_MS with jitter. The first
    // two intervals ramp up (trainees join at random moments) and are not measured.
    driverLag.reset()
    driverLag.enable()
    const rampEnd = Date.now() + 2 * INTERVAL_MS
    const steadyEnd = rampEnd + STEADY_S * 1000
    let measured = 0
    await Promise.all(
      trainees.map(async (t) => {
        await sleep(Math.random() * INTERVAL_MS)
        while (Date.now() < steadyEnd) {
          const next = Date.now() + INTERVAL_MS * (0.8 + Math.random() * 0.4)
          const counting = Date.now() >= rampEnd
          const inWindow = counting && Date.now() < steadyEnd
          if ((await reply(t, inWindow)) && inWindow) measured++
          await sleep(Math.max(0, next - Date.now()))
        }
      }),
    )
    report(
      `steady (${TRAINEES} trainees, one reply every ~${INTERVAL_MS / 1000} s, measured for ${STEADY_S} s after a ${(2 * INTERVAL_MS) / 1000} s ramp)`,
      STEADY_S,
      measured,
    )
    const steady = lastReply

    if (measureNoop) {
      // The same load on an empty Remix action (routes/noop.tsx): what a request costs that does
      // nothing, on the same server in the same run; reply latency is read as a ratio to it.
      const noop: number[] = []
      const noopEnd = Date.now() + NOOP_S * 1000
      await Promise.all(
        trainees.map(async (t) => {
          await sleep(Math.random() * INTERVAL_MS)
          while (Date.now() < noopEnd) {
            const next = Date.now() + INTERVAL_MS * (0.8 + Math.random() * 0.4)
            const started = performance.now()
            const res = await fetch(`${BASE}/noop.data`, {
              method: 'POST',
              headers: { ...headers(t.cookie), 'Content-Type': 'application/x-www-form-urlencoded' },
              body: 'x=1',
            })
            await res.text()
            if (res.ok) noop.push(performance.now() - started)
            await sleep(Math.max(0, next - Date.now()))
          }
        }),
      )
      const sortedNoop = noop.sort((a, b) => a - b)
      const n50 = percentile(sortedNoop, 50)
      const n99 = percentile(sortedNoop, 99)
      console.log(`empty action, same load (${noop.length} requests): p50 ${n50.toFixed(1)} ms, p99 ${n99.toFixed(1)} ms`)
      console.log(`  reply latency as a ratio to it: p50 ${(steady.p50 / n50).toFixed(2)}×, p99 ${(steady.p99 / n99).toFixed(2)}×`)
    }

    // Phase 2: saturation, closed loop without think time.
    driverLag.reset()
    const satEnd = Date.now() + SATURATION_S * 1000
    const t1 = performance.now()
    const before2 = acknowledged
    await Promise.all(
      trainees.slice(0, SATURATION).map(async (t) => {
        while (Date.now() < satEnd) await reply(t, true)
      }),
    )
    const seconds = (performance.now() - t1) / 1000
    const sat = sortedCopy(latencies)
    const saturation = { p50: percentile(sat, 50), p95: percentile(sat, 95), p99: percentile(sat, 99) }
    const count = acknowledged - before2
    report(`saturation (${SATURATION} clients, no pause)`, seconds, count)
    return { steadyPerS: measured / STEADY_S, steady, saturationPerS: count / seconds, saturation }
  } finally {
    process.kill(-server.pid!, 'SIGTERM')
    await sleep(2500)
  }
}

/** The bench trainees' reply events (set-up's demo data has a role-play history of its own). */
async function storedReplies() {
  const query =
    "select count(*) as n from roleplay_events e join roleplay_attempts a on a.id = e.attempt_id join users u on u.id = a.user_id where u.username like 'bench%'"
  if (!env.DATABASE_URL) {
    const db = new Database(DB, { readonly: true })
    const n = (db.prepare(query).get() as { n: number }).n
    db.close()
    return n
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  const n = Number((await client.query<{ n: string }>(query)).rows[0]!.n)
  await client.end()
  return n
}

async function main() {
  let temporary: TemporaryPostgres | null = null
  if (args.engine === 'pg') {
    let serverUrl = process.env.BENCH_DATABASE_URL
    if (!serverUrl) {
      temporary = await startTemporaryPostgres({ durable: true, maxConnections: 100 + 20 * SERVERS })
      serverUrl = temporary.url
    }
    env.DATABASE_URL = await ensureDatabase(serverUrl, 'composure_bench')
    console.log(
      `PostgreSQL: ${temporary ? 'a throwaway server (default durability: fsync on)' : 'BENCH_DATABASE_URL'}; a pool of ${process.env.PG_POOL_SIZE ?? 10} connections per app server`,
    )
  }
  try {
    console.log(`Setting up ${TRAINEES} trainees…`)
    await createTrainees()
    // Logged in once: sessions are rows, good on every server and after a restart.
    const boot = await startServer(1)
    const loginStart = performance.now()
    const trainees: Trainee[] = []
    try {
      for (let i = 0; i < TRAINEES; i += 8) {
        const batch = await Promise.all(Array.from({ length: Math.min(8, TRAINEES - i) }, (_, k) => login(i + k)))
        for (const cookie of batch) trainees.push({ cookie, attemptId: await startAttempt(cookie), seq: 0 })
      }
    } finally {
      process.kill(-boot.pid!, 'SIGTERM')
      await sleep(2500)
    }
    console.log(
      `Logged in ${trainees.length} trainees and started their attempts in ${((performance.now() - loginStart) / 1000).toFixed(1)} s`,
    )
    const one = await round(trainees, 1, true)
    const many = SERVERS > 1 ? await round(trainees, SERVERS, false) : null

    if (many) {
      const row = (label: string, a: number, b: number, unit: string) =>
        console.log(
          `  ${label.padEnd(34)} ${a.toFixed(1).padStart(8)} ${b.toFixed(1).padStart(8)} ${unit.padEnd(10)} ${(b / a).toFixed(2)}×`,
        )
      console.log(`\n${args.engine === 'pg' ? 'PostgreSQL' : 'SQLite'}, 1 app server against ${SERVERS}, same run:`)
      console.log(`  ${''.padEnd(34)} ${'1'.padStart(8)} ${String(SERVERS).padStart(8)}`)
      row('steady replies/s', one.steadyPerS, many.steadyPerS, 'replies/s')
      row('steady latency p50', one.steady.p50, many.steady.p50, 'ms')
      row('steady latency p99', one.steady.p99, many.steady.p99, 'ms')
      row('saturation replies/s', one.saturationPerS, many.saturationPerS, 'replies/s')
      row('saturation latency p50', one.saturation.p50, many.saturation.p50, 'ms')
      row('saturation latency p95', one.saturation.p95, many.saturation.p95, 'ms')
      row('saturation latency p99', one.saturation.p99, many.saturation.p99, 'ms')
    }

    const stored = await storedReplies()
    console.log(
      `reply events stored: ${stored}; acknowledged: ${acknowledged}; refused (stale/invalid/errors): ${errors} → ${stored === acknowledged ? 'nothing lost, nothing counted twice' : 'MISMATCH'}`,
    )
    if (stored !== acknowledged) process.exitCode = 1
  } finally {
    await temporary?.stop()
  }
}

await main()

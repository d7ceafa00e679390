import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { E2E_DATABASE_URL, ENGINE, openReader, type Reader, type Target } from './db.ts'

// The production build (made before the e2e suites run) served by two processes over one
// database, as behind a proxy, so the test can kill one while the other goes on. No browser: the
// replies are sent as the chat page sends them. On PostgreSQL (E2E_DATABASE_URL) the two share
// a database of their own on that server; on SQLite, one file in WAL mode.
const PORTS = ENGINE === 'postgres' ? [3399, 3400] : [3299, 3300]
const BASES = PORTS.map((port) => `http://localhost:${port}`)
const DB = path.resolve('data/reliability.db')
const RELIABILITY_URL = E2E_DATABASE_URL && `${E2E_DATABASE_URL}_reliability`
const TARGET: Target = RELIABILITY_URL ? { url: RELIABILITY_URL } : { file: DB }
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  ...(RELIABILITY_URL ? { DATABASE_URL: RELIABILITY_URL } : { DATABASE_PATH: DB, DATABASE_URL: '' }),
  SESSION_SECRET: 'reliability-session-secret-0123456789-abcdef',
  // The proxy's address: verification links name it, whichever server answers.
  PUBLIC_URL: BASES[0],
  ISSUER_KEY_PATH: path.resolve(`data/reliability-${ENGINE}-issuer-key.json`),
}
const REPLIES = ['您好，我在的，您先别急。', '我看一下订单情况。', '麻烦您稍等一下，我查一查。', '好的，我记下了。']

const servers: (ChildProcess | null)[] = [null, null]

/** What a server says on stderr, kept beside the test results: a failure here is read there. */
function serverLog(name: string) {
  const dir = path.resolve(`test-results/${ENGINE}`)
  fs.mkdirSync(dir, { recursive: true })
  return fs.openSync(path.join(dir, `reliability-${name}.log`), 'a')
}

async function startServer(i: number) {
  servers[i] = spawn('node', ['--import', 'tsx', 'server.ts'], {
    env: { ...env, PORT: String(PORTS[i]) },
    stdio: ['ignore', 'ignore', serverLog(`server-${i + 1}`)],
    detached: true,
  })
  for (let n = 0; n < 120; n++) {
    if (
      await fetch(`${BASES[i]}/login`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server ${i + 1} did not start`)
}

function killServer(i: number, signal: NodeJS.Signals) {
  const server = servers[i]
  if (server?.pid) process.kill(-server.pid, signal)
  servers[i] = null
}

async function login(username: string, base = BASES[0]!) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: 'composure-demo' }),
    redirect: 'manual',
  })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`login ${username}: ${res.status}`)
  return cookie
}

async function startAttempt(cookie: string, base = BASES[0]!) {
  const res = await fetch(`${base}/practice`, {
    method: 'POST',
    headers: { Origin: base, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ scenarioId: 'peak-sale-queue', mode: 'free' }),
    redirect: 'manual',
  })
  return /\/practice\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')![1]!
}

interface Sent {
  attemptId: string
  clientId: string
}

/** One reply as the browser sends it, to one of the servers; resolves to whether it was acknowledged. */
async function reply(cookie: string, attemptId: string, afterSeq: number, clientId = randomUUID(), base = BASES[0]!) {
  const res = await fetch(`${base}/practice/${attemptId}.data?index`, {
    method: 'POST',
    headers: { Origin: base, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ clientId, afterSeq: String(afterSeq), text: REPLIES[afterSeq % REPLIES.length]! }),
  })
  const text = await res.text()
  // Taken: the answer carries the conversation (a reply that ends it redirects to the feedback
  // instead, which the streams below never reach).
  return { ok: res.status === 200 && !/stale|invalid|\/feedback/.test(text), status: res.status, clientId }
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(() => {
  const setup = spawnSync('npx', ['tsx', 'scripts/setup.ts', '--fresh', '--demo'], { env, encoding: 'utf8' })
  if (setup.status !== 0) throw new Error(setup.stderr)
})

test.afterAll(() => {
  killServer(0, 'SIGTERM')
  killServer(1, 'SIGTERM')
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(DB + suffix, { force: true })
})

const count = async (db: Reader, sql: string, ...params: unknown[]) => (await db.one<{ n: number }>(sql, ...params))!.n

/**
 * Every acknowledged reply is stored exactly once, and no reply is half-stored: each attempt's
 * counter agrees with its log. Returns each attempt's count.
 */
async function storedOnce(db: Reader, acknowledged: Sent[], attempts: string[]) {
  for (const a of acknowledged)
    expect(
      await count(db, 'select count(*) as n from roleplay_events where attempt_id = ? and client_id = ?', a.attemptId, a.clientId),
    ).toBe(1)
  const counts: number[] = []
  for (const attemptId of attempts) {
    const { eventCount } = (await db.one<{ eventCount: number }>(
      'select event_count as "eventCount" from roleplay_attempts where id = ?',
      attemptId,
    ))!
    expect(await count(db, 'select count(*) as n from roleplay_events where attempt_id = ?', attemptId)).toBe(eventCount)
    counts.push(eventCount)
  }
  return counts
}

test('SIGKILL one of two servers in the middle of a stream of replies: every acknowledged reply is stored exactly once, none half-stored, and the other server goes on serving', async () => {
  test.setTimeout(120_000)
  await Promise.all([startServer(0), startServer(1)])
  // One session, valid on either server: sessions live in the database.
  const cookie = await login('trainee')
  const attempts = await Promise.all(Array.from({ length: 40 }, (_, i) => startAttempt(cookie, BASES[i % 2])))
  const acknowledged: Sent[] = []
  let failedOver = 0
  // Forty conversations reply as fast as the servers answer, half to each. Server 1 is killed
  // while they do; a conversation whose server is gone sends the same reply (same client id) to
  // the other, as a proxy's retry would, and goes on there.
  const streams = attempts.map(async (attemptId, i) => {
    let server = i % 2
    for (let seq = 0; seq < 4; seq++) {
      const clientId = randomUUID()
      for (;;) {
        const r = await reply(cookie, attemptId, seq, clientId, BASES[server]).catch(() => null)
        if (r?.ok) {
          acknowledged.push({ attemptId, clientId })
          break
        }
        if (r) throw new Error(`reply ${seq + 1} of ${attemptId} refused: ${r.status}`)
        if (server === 1) throw new Error('the surviving server stopped answering')
        server = 1
        failedOver++
      }
    }
  })
  await new Promise((r) => setTimeout(r, 150))
  killServer(0, 'SIGKILL')
  await Promise.all(streams)
  // Killed mid-stream: some replies had to be sent again to the other server, and it took them all.
  expect(failedOver).toBeGreaterThan(0)
  expect(acknowledged).toHaveLength(attempts.length * 4)

  // The database as the killed process left it and the survivor went on with it.
  const db = await openReader(TARGET)
  // Every attempt holds all four replies.
  expect(await storedOnce(db, acknowledged, attempts)).toEqual(attempts.map(() => 4))
  if (ENGINE === 'sqlite') expect(await db.one('pragma integrity_check')).toEqual({ integrity_check: 'ok' })

  // Restarted, the killed server resumes each conversation where its log ends, and a reply
  // resent to it counts once.
  await startServer(0)
  const again = acknowledged.at(-1)!
  const before = await count(db, 'select count(*) as n from roleplay_events')
  const resent = await fetch(`${BASES[0]}/practice/${again.attemptId}.data?index`, {
    method: 'POST',
    headers: { Origin: BASES[0]!, Cookie: await login('trainee'), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ clientId: again.clientId, afterSeq: '0', text: '重发的同一条' }),
  })
  expect(resent.ok).toBe(true)
  expect(await count(db, 'select count(*) as n from roleplay_events')).toBe(before)
  await db.close()
})

test('two tabs answering the same turn through different servers: one reply is taken, the other is told the conversation moved on', async () => {
  for (const i of [0, 1]) if (!servers[i]) await startServer(i)
  const cookie = await login('trainee')
  const attemptId = await startAttempt(cookie)
  const [a, b] = await Promise.all([
    reply(cookie, attemptId, 0, randomUUID(), BASES[0]),
    reply(cookie, attemptId, 0, randomUUID(), BASES[1]),
  ])
  expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
  expect([a.status, b.status]).toContain(409)
  const db = await openReader(TARGET)
  expect(await count(db, 'select event_count as n from roleplay_attempts where id = ?', attemptId)).toBe(1)
  await db.close()
})

/** A TCP relay between an app server and PostgreSQL that the test can cut, as a network would. */
function relay(to: URL) {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  const port = 3499
  return {
    port,
    open: () =>
      new Promise<void>((resolve) => {
        server = net.createServer((client) => {
          const upstream = net.connect(Number(to.port || 5432), to.hostname)
          for (const s of [client, upstream]) {
            sockets.add(s)
            s.on('close', () => sockets.delete(s))
            s.on('error', () => {})
          }
          client.pipe(upstream).pipe(client)
        })
        server.listen(port, '127.0.0.1', resolve)
      }),
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        if (server) server.close(() => resolve())
        else resolve()
        server = null
      }),
  }
}

test('the database lost in the middle of a stream of replies: 503 with Retry-After, nothing half-written, and serving resumes when it is back', async () => {
  test.skip(ENGINE !== 'postgres', 'SQLite is a file inside the server process: there is no connection to lose')
  test.setTimeout(60_000)
  const target = new URL(RELIABILITY_URL!)
  const link = relay(target)
  await link.open()
  const through = new URL(RELIABILITY_URL!)
  through.hostname = '127.0.0.1'
  through.port = String(link.port)
  const PORT = PORTS[1]! + 1
  const base = `http://localhost:${PORT}`
  const app = spawn('node', ['--import', 'tsx', 'server.ts'], {
    env: { ...env, PORT: String(PORT), DATABASE_URL: through.toString(), PG_POOL_SIZE: '4' },
    stdio: ['ignore', 'ignore', serverLog('server-through-relay')],
    detached: true,
  })
  try {
    for (let n = 0; ; n++) {
      if (
        await fetch(`${base}/login`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break
      if (n > 120) throw new Error('the server did not start')
      await new Promise((r) => setTimeout(r, 250))
    }
    const cookie = await login('trainee', base)
    const attempts = await Promise.all(Array.from({ length: 12 }, () => startAttempt(cookie, base)))
    const acknowledged: Sent[] = []
    const unavailable: { status: number; retryAfter: string | null }[] = []
    let cutAt = Infinity
    const streams = attempts.map(async (attemptId) => {
      for (let seq = 0; seq < 4 && Date.now() < cutAt + 1500;) {
        const clientId = randomUUID()
        const res = await fetch(`${base}/practice/${attemptId}.data?index`, {
          method: 'POST',
          headers: { Origin: base, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ clientId, afterSeq: String(seq), text: REPLIES[seq % REPLIES.length]! }),
        })
        const text = await res.text()
        if (res.status === 200 && !/stale|invalid/.test(text)) {
          acknowledged.push({ attemptId, clientId })
          seq++
        } else if (res.status === 503) unavailable.push({ status: res.status, retryAfter: res.headers.get('retry-after') })
        else throw new Error(`reply refused: ${res.status}`)
      }
    })
    await new Promise((r) => setTimeout(r, 150))
    cutAt = Date.now()
    await link.cut()
    await Promise.all(streams)
    // Cut mid-stream: some replies were told to come back later, in so many words.
    expect(unavailable.length).toBeGreaterThan(0)
    expect(unavailable.every((u) => u.retryAfter === '5')).toBe(true)
    const page = await fetch(`${base}/practice`, { headers: { Cookie: cookie } })
    expect(page.status).toBe(503)
    expect(page.headers.get('retry-after')).toBe('5')
    expect(await page.text()).toContain('暂时连不上数据库')

    // Nothing half-written: every attempt's counter agrees with its log, every acknowledged reply is there once.
    const db = await openReader(TARGET)
    await storedOnce(db, acknowledged, attempts)
    await db.close()

    // Back: the same server serves again, without a restart.
    await link.open()
    let back = 0
    for (let n = 0; n < 40 && back !== 200; n++) {
      back = (await fetch(`${base}/practice`, { headers: { Cookie: cookie } })).status
      if (back !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    expect(back).toBe(200)
  } finally {
    process.kill(-app.pid!, 'SIGTERM')
    await link.cut()
  }
})

test('db:backup under a stream of replies gives a copy that passes integrity_check and holds every reply acknowledged before it', async () => {
  test.skip(ENGINE === 'postgres', 'db:backup copies the SQLite file; a PostgreSQL database is backed up with pg_dump (docs/deploy.md)')
  test.setTimeout(60_000)
  if (!servers[0]) await startServer(0)
  const cookie = await login('zhouxiao')
  const attempts = await Promise.all(Array.from({ length: 8 }, () => startAttempt(cookie)))
  const acknowledged: Sent[] = []
  let streaming = true
  const streams = attempts.map(async (attemptId) => {
    for (let seq = 0; seq < 4 && streaming; seq++) {
      const r = await reply(cookie, attemptId, seq)
      if (r.ok) acknowledged.push({ attemptId, clientId: r.clientId })
    }
  })
  await new Promise((r) => setTimeout(r, 300))
  const before = [...acknowledged]
  const out = path.resolve('data/reliability-backup.db')
  fs.rmSync(out, { force: true })
  const backup = spawnSync('npx', ['tsx', 'scripts/db-backup.ts', '--out', out], { env, encoding: 'utf8' })
  streaming = false
  await Promise.all(streams)
  expect(backup.status, backup.stderr).toBe(0)
  expect(backup.stdout).toContain('integrity_check ok')
  const copy = await openReader({ file: out })
  expect(await copy.one('pragma integrity_check')).toEqual({ integrity_check: 'ok' })
  for (const a of before) {
    expect(
      await count(copy, 'select count(*) as n from roleplay_events where attempt_id = ? and client_id = ?', a.attemptId, a.clientId),
    ).toBe(1)
  }
  await copy.close()
  fs.rmSync(out, { force: true })
})

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'

// The production build (made by the e2e web server) run as its own process on its own database,
// so the test can kill it. No browser: the replies are sent as the chat page sends them.
const PORT = 3299
const BASE = `http://localhost:${PORT}`
const DB = path.resolve('data/reliability.db')
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(PORT),
  DATABASE_PATH: DB,
  SESSION_SECRET: 'reliability-session-secret-0123456789-abcdef',
  PUBLIC_URL: BASE,
  ISSUER_KEY_PATH: path.resolve('data/reliability-issuer-key.json'),
}
const REPLIES = ['您好，我在的，您先别急。', '我看一下订单情况。', '麻烦您稍等一下，我查一查。', '好的，我记下了。']

let server: ChildProcess | null = null

async function startServer() {
  server = spawn('node', ['--import', 'tsx', 'server.ts'], { env, stdio: 'ignore', detached: true })
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${BASE}/login`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('the server did not start')
}

function killServer(signal: NodeJS.Signals) {
  if (server?.pid) process.kill(-server.pid, signal)
  server = null
}

async function login(username: string) {
  const res = await fetch(`${BASE}/login`, {
    method: 'POST',
    headers: { Origin: BASE, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: 'composure-demo' }),
    redirect: 'manual',
  })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`login ${username}: ${res.status}`)
  return cookie
}

async function startAttempt(cookie: string) {
  const res = await fetch(`${BASE}/practice`, {
    method: 'POST',
    headers: { Origin: BASE, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ scenarioId: 'peak-sale-queue', mode: 'free' }),
    redirect: 'manual',
  })
  return /\/practice\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')![1]!
}

interface Sent {
  attemptId: string
  clientId: string
}

/** One reply as the browser sends it; resolves to whether the server acknowledged it. */
async function reply(cookie: string, attemptId: string, afterSeq: number, clientId = randomUUID()) {
  const res = await fetch(`${BASE}/practice/${attemptId}.data?index`, {
    method: 'POST',
    headers: { Origin: BASE, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
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
  killServer('SIGTERM')
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(DB + suffix, { force: true })
})

test('SIGKILL in the middle of a stream of replies: every acknowledged reply is stored exactly once, none half-stored', async () => {
  test.setTimeout(120_000)
  await startServer()
  const cookie = await login('trainee')
  const attempts = await Promise.all(Array.from({ length: 40 }, () => startAttempt(cookie)))
  const acknowledged: Sent[] = []
  const inFlight: Promise<void>[] = []
  // Six conversations reply as fast as the server answers; the server is killed while they do.
  const streams = attempts.map(async (attemptId) => {
    for (let seq = 0; seq < 4 && server; seq++) {
      const sending = reply(cookie, attemptId, seq).then(
        (r) => void (r.ok && acknowledged.push({ attemptId, clientId: r.clientId })),
        () => undefined,
      )
      inFlight.push(sending)
      await sending
    }
  })
  await new Promise((r) => setTimeout(r, 100))
  killServer('SIGKILL')
  await Promise.all([...streams, ...inFlight])
  // Killed mid-stream: some replies were taken, some never answered.
  expect(acknowledged.length).toBeGreaterThan(0)
  expect(acknowledged.length).toBeLessThan(attempts.length * 4)

  // The database as the killed process left it.
  const db = new Database(DB, { readonly: true })
  for (const a of acknowledged) {
    const rows = db
      .prepare('select count(*) as n from roleplay_events where attempt_id = ? and client_id = ?')
      .get(a.attemptId, a.clientId) as { n: number }
    expect(rows.n).toBe(1)
  }
  // No half-stored reply: every attempt's counter agrees with its log.
  for (const attemptId of attempts) {
    const { eventCount } = db.prepare('select event_count as eventCount from roleplay_attempts where id = ?').get(attemptId) as {
      eventCount: number
    }
    const { n } = db.prepare('select count(*) as n from roleplay_events where attempt_id = ?').get(attemptId) as { n: number }
    expect(n).toBe(eventCount)
  }
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  db.close()

  // Restarted, the server resumes each conversation where its log ends, and a resent reply counts once.
  await startServer()
  const again = acknowledged.at(-1)!
  const { n: before } = new Database(DB, { readonly: true }).prepare('select count(*) as n from roleplay_events').get() as { n: number }
  const resent = await fetch(`${BASE}/practice/${again.attemptId}.data?index`, {
    method: 'POST',
    headers: { Origin: BASE, Cookie: await login('trainee'), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ clientId: again.clientId, afterSeq: '0', text: '重发的同一条' }),
  })
  expect(resent.ok).toBe(true)
  const { n: after } = new Database(DB, { readonly: true }).prepare('select count(*) as n from roleplay_events').get() as { n: number }
  expect(after).toBe(before)
})

test('two tabs answering the same turn: one reply is taken, the other is told the conversation moved on', async () => {
  if (!server) await startServer()
  const cookie = await login('trainee')
  const attemptId = await startAttempt(cookie)
  const [a, b] = await Promise.all([reply(cookie, attemptId, 0), reply(cookie, attemptId, 0)])
  expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
  expect([a.status, b.status]).toContain(409)
  const db = new Database(DB, { readonly: true })
  expect(db.prepare('select event_count as n from roleplay_attempts where id = ?').get(attemptId)).toEqual({ n: 1 })
  db.close()
})

test('db:backup under a stream of replies gives a copy that passes integrity_check and holds every reply acknowledged before it', async () => {
  test.setTimeout(60_000)
  if (!server) await startServer()
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
  const copy = new Database(out, { readonly: true })
  expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
  for (const a of before) {
    expect(
      copy.prepare('select count(*) as n from roleplay_events where attempt_id = ? and client_id = ?').get(a.attemptId, a.clientId),
    ).toEqual({ n: 1 })
  }
  copy.close()
  fs.rmSync(out, { force: true })
})

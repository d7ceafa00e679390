// A throwaway PostgreSQL server for the test suites and benchmarks: initdb into a temporary
// folder, started on a free port on localhost, removed when stopped. PostgreSQL refuses to run
// as root, so as root the folder is given to the `nobody` user and the server runs as it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

/** The folder holding initdb and postgres: PG_BIN, Debian's /usr/lib/postgresql/N/bin (newest), or PATH. */
export function findPostgresBin(): string | null {
  const candidates = [process.env.PG_BIN]
  const debian = '/usr/lib/postgresql'
  if (fs.existsSync(debian))
    candidates.push(
      ...fs
        .readdirSync(debian)
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(debian, v, 'bin')),
    )
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) candidates.push(dir)
  for (const dir of candidates) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres'))) return dir
  }
  return null
}

export const NO_POSTGRES =
  'PostgreSQL server binaries (initdb, postgres) were not found. The suites run on SQLite and on PostgreSQL: install it (Debian: apt-get install postgresql), set PG_BIN to its bin folder, or set TEST_DATABASE_URL to a server you run (a user who may create databases).'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface TemporaryPostgres {
  /** postgres://postgres@localhost:PORT/postgres: a superuser on the maintenance database. */
  url: string
  port: number
  stop(): Promise<void>
}

/**
 * Starts a server. `durable: false` (tests) turns off fsync: a crash of the machine loses the
 * throwaway data, never a test's result; benchmarks keep PostgreSQL's defaults.
 */
export async function startTemporaryPostgres({ durable = false, maxConnections = 200 } = {}): Promise<TemporaryPostgres> {
  const bin = findPostgresBin()
  if (!bin) throw new Error(NO_POSTGRES)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'composure-pg-'))
  const data = path.join(root, 'data')
  // As root, the server's processes run as nobody (spawned with its ids, so signals reach postgres itself).
  const as =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
          gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
        }
      : {}
  if ('uid' in as) {
    fs.chmodSync(root, 0o755)
    fs.chownSync(root, as.uid!, as.gid!)
  }
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: root,
    ...as,
  })
  const port = await freePort()
  const settings = [
    ['listen_addresses', 'localhost'],
    ['unix_socket_directories', root],
    ['max_connections', String(maxConnections)],
    ['shared_buffers', '256MB'],
    ...(durable
      ? []
      : [
          ['fsync', 'off'],
          ['synchronous_commit', 'off'],
          ['full_page_writes', 'off'],
        ]),
  ].flatMap(([k, v]) => ['-c', `${k}=${v}`])
  const log = fs.openSync(path.join(root, 'server.log'), 'a')
  const server: ChildProcess = spawn(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings], {
    stdio: ['ignore', log, log],
    cwd: root,
    ...as,
  })
  const url = `postgres://postgres@localhost:${port}/postgres`
  let exited = false
  server.once('exit', () => (exited = true))
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      break
    } catch {
      await client.end().catch(() => {})
      if (exited || i > 100) {
        const tail = fs.readFileSync(path.join(root, 'server.log'), 'utf8').split('\n').slice(-10).join('\n')
        server.kill('SIGKILL')
        throw new Error(`PostgreSQL did not start (${bin}):\n${tail}`)
      }
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  return {
    url,
    port,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => server.once('exit', r))
        // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, then exits).
        server.kill('SIGINT')
        await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))])
        if (!exited) server.kill('SIGKILL')
      }
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}

/** Creates a database on a server if it is not there (the URL names a user who may). */
export async function ensureDatabase(serverUrl: string, name: string) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (!rowCount) await client.query(`create database "${name}"`)
  } finally {
    await client.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import * as schema from '#db/schema.ts'
import * as pgSchema from '#db/schema.pg.ts'
import { onPostgres } from '#db/tables.ts'
import { getEnv } from './env.server.ts'

// One database layer over two engines (decision 017). The models are written once, against
// SQLite's query API and the tables of #db/tables.ts; on PostgreSQL the same calls build the same
// queries through node-postgres. What differs is here: opening, migrating, transactions (a
// generator that runs synchronously inside SQLite's transaction, or awaited inside
// PostgreSQL's), prepared statements and the few SQL spellings of the two dialects.

export type Db = BetterSQLite3Database<typeof schema>
type PgDb = NodePgDatabase<typeof pgSchema>

export { onPostgres }

const MIGRATIONS = path.resolve(process.cwd(), 'db/migrations')
const MIGRATIONS_PG = path.resolve(process.cwd(), 'db/migrations-pg')

/** Opens a SQLite file with the pragmas every connection needs. */
export function openDatabase(file: string) {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
    // Readable by this user only; SQLite gives the WAL and shared-memory files the same mode.
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600))
  }
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  // NOTE: NORMAL in WAL mode: a committed transaction survives the process being killed (the
  // reliability suite SIGKILLs the server mid-stream), but the last ones before a power cut or
  // an OS crash may be rolled back. DB_SYNCHRONOUS=full trades write speed for that too.
  sqlite.pragma(`synchronous = ${process.env.DB_SYNCHRONOUS === 'full' ? 'FULL' : 'NORMAL'}`)
  return { sqlite, db: drizzle(sqlite, { schema }) }
}

/** A pool of PostgreSQL connections for this process (PG_POOL_SIZE, default 10). */
export function openPostgres(url: string) {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.PG_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5000,
    // Every timestamp column is `with time zone`: the session's zone only changes how they print.
    options: '-c TimeZone=UTC',
  })
  // A connection the server drops (a restart, a failover, the network) must not end the
  // process: idle, the pool replaces it on next use; checked out, the query on it fails, the
  // request answers 503 (isDatabaseUnavailable) and the pool discards it when released.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return { pool, db: drizzlePg(pool, { schema: pgSchema }) }
}

type Connection = { engine: 'sqlite'; sqlite: Database.Database; db: Db } | { engine: 'postgres'; pool: pg.Pool; db: PgDb }

// NOTE: one connection (SQLite) or pool (PostgreSQL) per process, kept on globalThis so Vite's
// dev reloads reuse it.
const globalForDb = globalThis as unknown as { __composureDb?: Connection }

function connection(): Connection {
  if (!globalForDb.__composureDb) {
    const env = getEnv()
    if (Boolean(env.DATABASE_URL) !== onPostgres)
      throw new Error('DATABASE_URL changed after the models were loaded: a process serves one engine')
    globalForDb.__composureDb = env.DATABASE_URL
      ? { engine: 'postgres', ...openPostgres(env.DATABASE_URL) }
      : { engine: 'sqlite', ...openDatabase(env.DATABASE_PATH) }
  }
  return globalForDb.__composureDb
}

/** The database, typed as SQLite's: on PostgreSQL it is a node-postgres one building the same queries. */
export function getDb(): Db {
  return connection().db as Db
}

/** The engine's own handle: the SQLite connection or the PostgreSQL pool. */
export function rawConnection() {
  return connection()
}

export async function closeDb() {
  const c = globalForDb.__composureDb
  globalForDb.__composureDb = undefined
  if (c?.engine === 'sqlite') c.sqlite.close()
  if (c?.engine === 'postgres') await c.pool.end()
}

/**
 * Applies the committed migrations of this process's engine. Each engine's migrator runs the
 * pending ones in one transaction: one that fails leaves the database as it was.
 */
export async function migrateDatabase(db: Db = getDb()) {
  if (onPostgres) await migratePg(db as unknown as PgDb, { migrationsFolder: MIGRATIONS_PG })
  else migrate(db, { migrationsFolder: MIGRATIONS })
}

/** The host and port a postgres:// URL names, for messages (never its password). */
export function describeUrl(url: string) {
  try {
    const u = new URL(url)
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`
  } catch {
    return 'the DATABASE_URL given'
  }
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'])
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/

type Cause = { code?: unknown; message?: unknown; cause?: unknown }

/** An error and the causes it wraps (drizzle wraps the driver's error in its own). */
function* causes(error: unknown): Generator<Cause> {
  for (let e = error as Cause | undefined, depth = 0; e && depth < 5; e = e.cause as Cause | undefined, depth++) yield e
}

/** The driver's own error under drizzle's wrapper, whose message repeats the query and its parameters. */
export function rootCause(error: unknown): { code?: string; message: string } {
  let last: Cause = { message: String(error) }
  for (const e of causes(error)) last = e
  return {
    code: typeof last.code === 'string' ? last.code : undefined,
    message: typeof last.message === 'string' ? last.message : String(last),
  }
}

/**
 * Whether an error means the database server cannot be reached now (refused, dropped, shutting
 * down, out of connections), as opposed to a fault in the query: the request may be retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = typeof e.code === 'string' ? e.code : ''
    // 08: connection exception; 57P0x: admin or crash shutdown, cannot connect now; 53300: too many connections.
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300') return true
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true
  }
  return false
}

/** How many rows an awaited insert, update or delete without `returning` touched. */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null }
  return r.changes ?? r.rowCount ?? 0
}

// --- Transactions -------------------------------------------------------------------------

/**
 * A transaction's body: a generator that yields each query (`yield* io(tx.select()…)`) and
 * returns the result. On SQLite it runs to the end inside better-sqlite3's synchronous
 * transaction, so nothing else in the process runs between its statements; on PostgreSQL each
 * query is awaited inside a transaction of the pool's.
 */
export type Work<T> = Generator<unknown, T, unknown>

/** One query of a transaction's body, typed: `const rows = yield* io(tx.select().from(users))`. */
export function* io<T>(query: PromiseLike<T>): Generator<PromiseLike<T>, T, unknown> {
  return (yield query) as T
}

/** The first row a query gives, or undefined. */
export function* first<T>(query: PromiseLike<T[]>): Generator<PromiseLike<T[]>, T | undefined, unknown> {
  return ((yield query) as T[])[0]
}

type SyncQuery = { sync?: () => unknown; _prepare?: () => { execute: () => { sync: () => unknown } } }

function runSync(query: unknown): unknown {
  const q = query as SyncQuery
  if (typeof q.sync === 'function') return q.sync()
  if (typeof q._prepare === 'function') return q._prepare().execute().sync()
  throw new Error('A transaction body yielded something that is not a query')
}

function driveSync<T>(work: Work<T>): T {
  let step = work.next()
  while (!step.done) {
    let value: unknown
    try {
      value = runSync(step.value)
    } catch (error) {
      step = work.throw(error)
      continue
    }
    step = work.next(value)
  }
  return step.value
}

async function driveAsync<T>(work: Work<T>): Promise<T> {
  let step = work.next()
  while (!step.done) {
    let value: unknown
    try {
      value = await (step.value as PromiseLike<unknown>)
    } catch (error) {
      step = work.throw(error)
      continue
    }
    step = work.next(value)
  }
  return step.value
}

/** Serialization failures and deadlocks: the transaction did nothing and is run again. */
function isRetryable(error: unknown) {
  for (const e of causes(error)) if (e.code === '40001' || e.code === '40P01') return true
  return false
}

const MAX_ATTEMPTS = 10

/**
 * Runs a body in one transaction. `write` (the default) is for bodies that read and then write:
 * on SQLite the write lock is taken at BEGIN (IMMEDIATE), so a second process waits
 * (busy_timeout) instead of failing with SQLITE_BUSY; on PostgreSQL the transaction is
 * SERIALIZABLE, run again (a fresh body) when the server reports a conflict, so every
 * transaction behaves as if the writes came one at a time, as on SQLite. `write: false` reads
 * one consistent snapshot that blocks no writer.
 *
 * `isolation` lowers that for bodies that take their own row locks first (`forUpdate()`):
 * SERIALIZABLE tracks reads by index page, and many small transactions writing neighbouring
 * index entries at once abort each other often enough to exhaust the retries under load.
 * - `read committed`: a role-play reply. Its decisions rest on its attempt's row, locked first,
 *   and the attempt's own events behind it; each statement sees what the last holder committed.
 * - `repeatable read`: a standings write. It locks the agents' `agent_checks` rows first, and
 *   every write to an agent's records marks that row dirty in its own transaction, so a write
 *   committed after this snapshot conflicts on that row and the body runs again.
 */
export async function transaction<T>(
  body: (tx: Db) => Work<T>,
  { write = true, isolation = 'serializable' }: { write?: boolean; isolation?: 'serializable' | 'repeatable read' | 'read committed' } = {},
): Promise<T> {
  const c = connection()
  if (c.engine === 'sqlite')
    return c.db.transaction((tx) => driveSync(body(tx as unknown as Db)), { behavior: write ? 'immediate' : 'deferred' })
  for (let attempt = 1; ; attempt++) {
    try {
      return await c.db.transaction((tx) => driveAsync(body(tx as unknown as Db)), {
        isolationLevel: write ? isolation : 'repeatable read',
        accessMode: write ? 'read write' : 'read only',
      })
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error
      // Backs off at random, longer each time, so conflicting requests do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt)))
    }
  }
}

/**
 * The row lock of a read that a write will follow (`SELECT … FOR UPDATE` on PostgreSQL): a
 * second transaction on the same rows waits at its read for this one to commit (then, if
 * SERIALIZABLE, runs again on what this one stored). SQLite's IMMEDIATE transaction already
 * holds the only write lock.
 */
export function forUpdate<Q>(query: Q): Q {
  return onPostgres ? ((query as unknown as { for: (s: string) => Q }).for('update') as Q) : query
}

// --- Prepared statements ------------------------------------------------------------------

type Params = Record<string, unknown>
type Buildable = {
  prepare: (...args: never[]) => {
    all: (params?: never) => unknown
    get: (params?: never) => unknown
    run: (params?: never) => unknown
  }
}
type Prepared<B extends Buildable> = ReturnType<B['prepare']>

/** A query prepared once per connection, run with its placeholders' values. */
export interface Statement<B extends Buildable> {
  /** Every row. Inside a transaction body: `yield* io(stmt.all(params, tx))`. */
  all(params: Params, tx?: Db): Promise<ReturnType<Prepared<B>['all']>>
  /** The first row, or undefined. */
  get(params: Params, tx?: Db): Promise<ReturnType<Prepared<B>['get']>>
  /** Runs it for its effect. */
  run(params: Params, tx?: Db): Promise<unknown>
}

/** A value already computed, awaitable and readable synchronously by a SQLite transaction body. */
function settled<T>(compute: () => T): Promise<T> & { sync: () => T } {
  let promise: Promise<T> | undefined
  const lazy = () => (promise ??= new Promise<T>((resolve) => resolve(compute())))
  return {
    sync: compute,
    then: (a, b) => lazy().then(a, b),
    catch: (b) => lazy().catch(b),
    finally: (f) => lazy().finally(f),
    [Symbol.toStringTag]: 'Statement',
  } as Promise<T> & { sync: () => T }
}

const preparedByConnection = new WeakMap<object, Map<string, unknown>>()

/**
 * A statement for the hot path (every request reads the session and the user): on SQLite
 * prepared once per connection; on PostgreSQL a named statement that each pooled connection
 * parses once. Rebuilt when the connection is reopened.
 */
export function prepared<B extends Buildable>(name: string, build: (db: Db) => B): Statement<B> {
  const c = connection()
  if (c.engine === 'sqlite') {
    let statements = preparedByConnection.get(c.db)
    if (!statements) preparedByConnection.set(c.db, (statements = new Map()))
    if (!statements.has(name)) statements.set(name, (build(c.db).prepare as () => unknown)())
    const p = statements.get(name) as { all: (p: Params) => never; get: (p: Params) => never; run: (p: Params) => unknown }
    return {
      all: (params) => settled(() => p.all(params)),
      get: (params) => settled(() => p.get(params)),
      run: (params) => settled(() => p.run(params)),
    }
  }
  // Built once (drizzle's SQL building is most of a query's cost in this process); in a
  // transaction the same statement runs on the transaction's connection.
  type PgPrepared = { client: unknown; execute: (p: Params) => Promise<unknown> }
  let statements = preparedByConnection.get(c.db)
  if (!statements) preparedByConnection.set(c.db, (statements = new Map()))
  if (!statements.has(name))
    statements.set(name, (build(c.db as unknown as Db) as unknown as { prepare: (n: string) => PgPrepared }).prepare(name))
  const statement = statements.get(name) as PgPrepared
  const exec = (params: Params, tx?: Db) =>
    (tx
      ? (Object.create(statement, { client: { value: (tx as unknown as { session: { client: unknown } }).session.client } }) as PgPrepared)
      : statement
    ).execute(params)
  return {
    all: (params, tx) => exec(params, tx) as never,
    get: async (params, tx) => ((await exec(params, tx)) as unknown[])[0] as never,
    run: (params, tx) => exec(params, tx),
  }
}

// --- Reaching the server --------------------------------------------------------------------

/** Checks the database answers, naming the server (never its password) when it does not. */
export async function checkConnection() {
  const c = connection()
  if (c.engine === 'sqlite') return
  try {
    await c.pool.query('select 1')
  } catch (error) {
    throw unreachable(getEnv().DATABASE_URL!, error)
  }
}

function unreachable(url: string, error: unknown) {
  const { code, message } = rootCause(error)
  return new DatabaseUnreachable(
    `Cannot reach PostgreSQL at ${describeUrl(url)}: ${code && !message.includes(code) ? `${code} ` : ''}${message}`,
  )
}

/**
 * Drops the PostgreSQL database a URL names, if it exists, and creates it empty (set-up's
 * --fresh, for tests and demos), through the server's maintenance database `postgres`.
 */
export async function recreateDatabase(url: string) {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  if (!/^[\w-]+$/.test(name)) throw new Error(`DATABASE_URL: cannot recreate a database named "${name}"`)
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
  } catch (error) {
    throw unreachable(url, error)
  }
  try {
    await client.query(`drop database if exists "${name}" with (force)`)
    await client.query(`create database "${name}"`)
  } finally {
    await client.end()
  }
}

/** The database server named by DATABASE_URL does not answer: said in one line, without a stack. */
export class DatabaseUnreachable extends Error {
  override name = 'DatabaseUnreachable'
}

// --- SQL spellings --------------------------------------------------------------------------

/** The smaller of two values in a row (SQLite's two-argument min, PostgreSQL's least). */
export function least(a: SQL, b: SQL): SQL {
  return onPostgres ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`
}

/** A case-insensitive LIKE with `\` as the escape character (SQLite's LIKE is; PostgreSQL's ILIKE). */
export function likeInsensitive(column: SQL | AnyColumn, pattern: string): SQL {
  return onPostgres ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`
}

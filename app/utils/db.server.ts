import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from '#db/schema.ts'
import { getEnv } from './env.server.ts'

export type Db = BetterSQLite3Database<typeof schema>

/**
 * For transactions that read and then write: take the write lock at BEGIN, so a second
 * process writing the same rows waits (busy_timeout) instead of failing with SQLITE_BUSY.
 */
export const IMMEDIATE = { behavior: 'immediate' } as const

const MIGRATIONS = path.resolve(process.cwd(), 'db/migrations')

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

export function migrateDatabase(db: Db) {
  migrate(db, { migrationsFolder: MIGRATIONS })
}

// NOTE: one connection per process, kept on globalThis so Vite's dev reloads reuse it.
const globalForDb = globalThis as unknown as { __composureDb?: ReturnType<typeof openDatabase> }

export function getDb(): Db {
  if (!globalForDb.__composureDb) globalForDb.__composureDb = openDatabase(getEnv().DATABASE_PATH)
  return globalForDb.__composureDb.db
}

export function closeDb() {
  globalForDb.__composureDb?.sqlite.close()
  globalForDb.__composureDb = undefined
}

const preparedByDb = new WeakMap<Db, Map<string, unknown>>()

/**
 * A statement prepared once per connection, for queries on the hot path (every request reads
 * the session and the user). Rebuilt when the connection is reopened.
 */
export function prepared<T>(name: string, build: (db: Db) => T): T {
  const db = getDb()
  let statements = preparedByDb.get(db)
  if (!statements) preparedByDb.set(db, (statements = new Map()))
  if (!statements.has(name)) statements.set(name, build(db))
  return statements.get(name) as T
}

import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'

// The end-to-end suites check what a server stored, on the engine it runs on: the SQLite file,
// or the PostgreSQL database named by E2E_DATABASE_URL (decision 017). Reads only, in SQL both
// dialects take, with `?` placeholders.

/** The PostgreSQL database the e2e server uses, when the suite runs on PostgreSQL. */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || undefined
export const ENGINE = E2E_DATABASE_URL ? 'postgres' : 'sqlite'

/** Where this run's server listens (playwright.config.ts gives each engine its port). */
export const E2E_BASE = `http://localhost:${process.env.E2E_PORT ?? (E2E_DATABASE_URL ? 3220 : 3210)}`

/** The SQLite file the end-to-end server runs on (demo data, made fresh by its set-up). */
export const DEMO_DB = path.resolve('data/e2e.db')

export type Target = { file: string } | { url: string }

/** The demo database of this run: the file on SQLite, the URL on PostgreSQL. */
export const DEMO_TARGET: Target = E2E_DATABASE_URL ? { url: E2E_DATABASE_URL } : { file: DEMO_DB }

export interface Reader {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>
  one<T>(sql: string, ...params: unknown[]): Promise<T | undefined>
  close(): Promise<void>
}

// count(*) is a bigint on PostgreSQL: read as a number, as SQLite gives it.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export async function openReader(target: Target = DEMO_TARGET): Promise<Reader> {
  if ('file' in target) {
    const db = new Database(target.file, { readonly: true })
    return {
      all: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
      one: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T | undefined,
      close: async () => void db.close(),
    }
  }
  const client = new pg.Client({ connectionString: target.url, types })
  await client.connect()
  const numbered = (sql: string) => {
    let n = 0
    return sql.replace(/\?/g, () => `$${++n}`)
  }
  const all = async <T>(sql: string, ...params: unknown[]) => (await client.query(numbered(sql), params)).rows as T[]
  return { all, one: async <T>(sql: string, ...params: unknown[]) => (await all<T>(sql, ...params))[0], close: () => client.end() }
}

/** One read on the demo database. */
export async function readOne<T>(sql: string, ...params: unknown[]): Promise<T | undefined> {
  const reader = await openReader()
  try {
    return await reader.one<T>(sql, ...params)
  } finally {
    await reader.close()
  }
}

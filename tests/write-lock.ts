import Database from 'better-sqlite3'
import pg from 'pg'
import { onPostgres } from '#app/utils/db.server.ts'

/**
 * Another connection holds the write lock and gives way to no one, until `release`. On SQLite,
 * another process's BEGIN IMMEDIATE (a write here fails when the busy timeout runs out); on
 * PostgreSQL, a transaction holding every table in EXCLUSIVE mode, which lets plain reads
 * through and stops every write and SELECT … FOR UPDATE.
 */
export async function holdWriteLock() {
  if (!onPostgres) {
    const other = new Database(process.env.DATABASE_PATH!)
    other.pragma('busy_timeout = 0')
    other.exec('BEGIN IMMEDIATE')
    return {
      release: async () => {
        other.exec('ROLLBACK')
        other.close()
      },
    }
  }
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await other.connect()
  await other.query('begin')
  const { rows } = await other.query<{ name: string }>(`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`)
  await other.query(`lock table ${rows.map((r) => r.name).join(', ')} in exclusive mode`)
  return {
    release: async () => {
      await other.query('rollback')
      await other.end()
    },
  }
}

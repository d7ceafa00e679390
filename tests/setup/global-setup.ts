import fs from 'node:fs'
import path from 'node:path'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { prepareTemplate } from './pg.ts'

/**
 * Each vitest worker builds its own SQLite files under data/test: start from a clean folder. On
 * PostgreSQL (TEST_DATABASE_URL), each test file copies a template migrated once here.
 */
export default async function setup() {
  const dir = path.resolve('data/test')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  if (process.env.TEST_DATABASE_URL) {
    await prepareTemplate(async (url) => {
      const pool = new pg.Pool({ connectionString: url, max: 1 })
      await migrate(drizzle(pool), { migrationsFolder: path.resolve('db/migrations-pg') })
      await pool.end()
    })
  }
}

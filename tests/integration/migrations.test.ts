import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { migrateDatabase, onPostgres, openDatabase } from '#app/utils/db.server.ts'

// A database made by the previous release (migrations 0000–0004, its demo data), kept as a fixture.
const FIXTURE = path.resolve('tests/fixtures/db/release-2026-12-01.db')

/**
 * A copy of a committed migrations folder with two more migrations, in its journal too: one that
 * would apply on its own (a new table), then one whose second statement fails (a column added to
 * teams, then a table that does not exist). Both are pending together, as after an upgrade.
 */
function withFailingMigration(folder: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'composure-migrations-'))
  fs.cpSync(folder, dir, { recursive: true })
  const journalFile = path.join(dir, 'meta/_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[]
  }
  const last = journal.entries.at(-1)!
  const extra = [
    { tag: '9001_applies', sql: 'CREATE TABLE "half_done" ("id" integer PRIMARY KEY);' },
    {
      tag: '9002_fails_half_way',
      sql: `ALTER TABLE "teams" ADD COLUMN "motto" text DEFAULT 'half done';--> statement-breakpoint\nALTER TABLE "no_such_table" ADD COLUMN "x" integer;`,
    },
  ]
  for (const [i, m] of extra.entries()) {
    fs.writeFileSync(path.join(dir, `${m.tag}.sql`), m.sql)
    journal.entries.push({ idx: last.idx + i + 1, version: last.version, when: last.when + (i + 1) * 1000, tag: m.tag, breakpoints: true })
  }
  fs.writeFileSync(journalFile, JSON.stringify(journal, null, 2))
  return dir
}

// These open SQLite files of their own and migrate them with SQLite's migrator (migrateDatabase
// applies the engine the process serves): on a PostgreSQL run, PostgreSQL's migrations are
// tested below instead.
describe.skipIf(onPostgres)('migrations on SQLite', () => {
  const tempFile = (name: string) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'composure-migrate-')), name)

  test('apply to a database made by the previous release, keeping every row', async () => {
    const file = tempFile('old.db')
    fs.copyFileSync(FIXTURE, file)
    const { sqlite, db } = openDatabase(file)
    const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
    const before = {
      users: count('users'),
      events: count('roleplay_events'),
      attempts: count('roleplay_attempts'),
      quizzes: count('quiz_attempts'),
    }
    expect(before.events).toBeGreaterThan(0)
    await migrateDatabase(db)
    expect({
      users: count('users'),
      events: count('roleplay_events'),
      attempts: count('roleplay_attempts'),
      quizzes: count('quiz_attempts'),
    }).toEqual(before)
    // The new columns are there with their defaults: old events are replies, old users keep their passwords.
    expect(sqlite.prepare("select count(*) as n from roleplay_events where kind = 'reply'").get()).toEqual({ n: before.events })
    expect(sqlite.prepare('select count(*) as n from users where must_change_password = 0').get()).toEqual({ n: before.users })
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    sqlite.close()
  })

  test('a migration that fails part-way leaves the database as it was, and the ones pending with it unapplied', async () => {
    const folder = withFailingMigration(path.resolve('db/migrations'))
    const { sqlite, db } = openDatabase(tempFile('fresh.db'))
    const state = () => ({
      schema: sqlite.prepare('select type, name, tbl_name, sql from sqlite_master order by type, name').all(),
      migrations: sqlite.prepare('select id, hash, created_at from __drizzle_migrations order by id').all(),
    })
    // From nothing: every migration pending, the last one fails, none is applied.
    expect(() => migrateSqlite(db, { migrationsFolder: folder })).toThrow(/no_such_table/)
    const empty = state()
    expect(new Set(empty.schema.map((o) => (o as { tbl_name: string }).tbl_name))).toEqual(new Set(['__drizzle_migrations']))
    expect(empty.migrations).toEqual([])
    // From the committed migrations, with a team in it: the two new ones are pending.
    await migrateDatabase(db)
    sqlite.prepare("insert into teams (id, name, created_at) values ('t1', '售后一组', 1)").run()
    const before = { ...state(), teams: sqlite.prepare('select * from teams').all() }
    expect(before.migrations.length).toBeGreaterThan(0)
    expect(() => migrateSqlite(db, { migrationsFolder: folder })).toThrow(/no_such_table/)
    expect({ ...state(), teams: sqlite.prepare('select * from teams').all() }).toEqual(before)
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    sqlite.close()
  })
})

// On PostgreSQL the migrator runs the pending migrations in one transaction, DDL included.
describe.runIf(onPostgres)('migrations on PostgreSQL', () => {
  const name = `composure_test_migrate_${randomUUID().replace(/-/g, '').slice(0, 12)}`
  const urlOf = (database: string) => {
    const url = new URL(process.env.TEST_DATABASE_URL!)
    url.pathname = `/${database}`
    return url.toString()
  }
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await client.connect()
    try {
      await client.query(text)
    } finally {
      await client.end()
    }
  }
  let pool: pg.Pool

  beforeAll(async () => {
    // An empty database of its own, not a copy of the migrated template.
    await admin(`create database "${name}"`)
    pool = new pg.Pool({ connectionString: urlOf(name), max: 2 })
  })

  afterAll(async () => {
    await pool?.end()
    await admin(`drop database if exists "${name}" with (force)`)
  })

  test('a migration that fails part-way leaves the database as it was, and the ones pending with it unapplied', async () => {
    const folder = withFailingMigration(path.resolve('db/migrations-pg'))
    const db = drizzle(pool)
    const rows = async (text: string) => (await pool.query(text)).rows
    const state = async () => ({
      columns: await rows(
        `select table_schema, table_name, column_name, data_type, column_default from information_schema.columns
         where table_schema in ('public', 'drizzle') order by table_schema, table_name, ordinal_position`,
      ),
      indexes: await rows(
        `select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in ('public', 'drizzle') order by indexname`,
      ),
      constraints: await rows(
        `select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition from pg_constraint
         where connamespace::regnamespace::text in ('public', 'drizzle') order by table_name, conname`,
      ),
      migrations: await rows('select id, hash, created_at from drizzle.__drizzle_migrations order by id'),
    })
    // From nothing: every migration pending, the last one fails, none is applied (the migrator
    // makes its own bookkeeping table before its transaction).
    await expect(migratePg(db, { migrationsFolder: folder })).rejects.toThrow(/no_such_table/)
    const empty = await state()
    expect(empty.columns.filter((c) => c.table_schema === 'public')).toEqual([])
    expect(empty.migrations).toEqual([])
    // From the committed migrations, with a team in it: the two new ones are pending.
    await migratePg(db, { migrationsFolder: path.resolve('db/migrations-pg') })
    await pool.query(`insert into teams (id, name) values ('t1', '售后一组')`)
    const before = { ...(await state()), teams: await rows('select * from teams') }
    expect(before.migrations.length).toBeGreaterThan(0)
    expect(before.columns.some((c) => c.table_name === 'users')).toBe(true)
    await expect(migratePg(db, { migrationsFolder: folder })).rejects.toThrow(/no_such_table/)
    expect({ ...(await state()), teams: await rows('select * from teams') }).toEqual(before)
  })
})

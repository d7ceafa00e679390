import fs from 'node:fs'
import { is } from 'drizzle-orm'
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import prettier from 'prettier'
import { describe, expect, test } from 'vitest'
import { generatePgSchema, generateTables } from '#db/schema-pg.generate.ts'
import * as pg from '#db/schema.pg.ts'
import * as sqlite from '#db/schema.ts'

const shape = (c: { name: string; notNull: boolean; primary: boolean }) =>
  `${c.name}${c.notNull ? ' not null' : ''}${c.primary ? ' key' : ''}`

describe('the PostgreSQL schema', () => {
  test('is what db/schema.ts generates (run npm run db:schema-pg after changing the schema)', async () => {
    const FILE = 'db/schema.pg.ts'
    const expected = await prettier.format(generatePgSchema(), { ...(await prettier.resolveConfig(FILE)), filepath: FILE })
    expect(fs.readFileSync(FILE, 'utf8')).toBe(expected)
  })

  test('db/tables.ts is what db/schema.ts generates, so the models see every table', async () => {
    const FILE = 'db/tables.ts'
    const expected = await prettier.format(generateTables(), { ...(await prettier.resolveConfig(FILE)), filepath: FILE })
    expect(fs.readFileSync(FILE, 'utf8')).toBe(expected)
  })

  test('has every table with the same columns, keys, indexes and foreign keys', () => {
    const sqliteTables = Object.values(sqlite)
      .filter((t) => is(t, SQLiteTable))
      .map((t) => sqliteConfig(t as SQLiteTable))
    const pgTables = new Map(
      Object.values(pg)
        .filter((t) => is(t, PgTable))
        .map((t) => pgConfig(t as PgTable))
        .map((c) => [c.name, c]),
    )
    expect([...pgTables.keys()].sort()).toEqual(sqliteTables.map((t) => t.name).sort())
    for (const table of sqliteTables) {
      const twin = pgTables.get(table.name)!
      expect(twin.columns.map(shape), table.name).toEqual(table.columns.map(shape))
      expect(
        twin.indexes.map((i) => [i.config.name, i.config.unique]),
        table.name,
      ).toEqual(table.indexes.map((i) => [i.config.name, i.config.unique]))
      expect(twin.primaryKeys.map((p) => p.columns.map((c) => c.name))).toEqual(table.primaryKeys.map((p) => p.columns.map((c) => c.name)))
      expect(twin.foreignKeys.map((f) => [f.reference().columns[0]!.name, f.onDelete])).toEqual(
        table.foreignKeys.map((f) => [f.reference().columns[0]!.name, f.onDelete]),
      )
    }
  })

  test('has a committed migration for every table', () => {
    const sql = fs
      .readdirSync('db/migrations-pg')
      .filter((f) => f.endsWith('.sql'))
      .map((f) => fs.readFileSync(`db/migrations-pg/${f}`, 'utf8'))
      .join('\n')
    for (const t of Object.values(sqlite).filter((x) => is(x, SQLiteTable))) {
      expect(sql).toContain(`CREATE TABLE "${sqliteConfig(t as SQLiteTable).name}"`)
    }
  })
})

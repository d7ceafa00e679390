import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeEach, vi } from 'vitest'
import { publishCourse } from '#app/certification/catalog.server.ts'
import { publishScenarios } from '#app/roleplay/scenarios.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { closeDb, getDb, migrateDatabase, onPostgres } from '#app/utils/db.server.ts'
import { createTestDatabase, dropTestDatabase } from './pg.ts'

// Every test file gets a database of its own: a SQLite file built from the committed migrations,
// or, when the suite runs on PostgreSQL (TEST_DATABASE_URL), a database copied from the migrated
// template the global set-up made.
const name = `worker-${process.env.VITEST_POOL_ID ?? '0'}-${Date.now()}-${Math.random().toString(36).slice(2)}`
const file = path.resolve(`data/test/${name}.db`)
process.env.NODE_ENV = 'test'
process.env.ISSUER_KEY_PATH = file.replace(/\.db$/, '.issuer-key.json')
let pgName: string | undefined
await closeDb()
if (onPostgres) {
  pgName = `composure_test_${name.replace(/\W/g, '_')}`
  process.env.DATABASE_URL = await createTestDatabase(pgName)
} else {
  process.env.DATABASE_PATH = file
  await migrateDatabase(getDb())
}
await publishScenarios()
// As if the current course had been served since long before any test's made-up history, so
// rule tests are not moved by the course's own change log (tests of material changes build
// their own catalog).
await publishCourse(loadModules(), new Date('2020-01-01T00:00:00Z'))

afterAll(async () => {
  await closeDb()
  if (pgName) await dropTestDatabase(pgName)
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
})

// A console.error during a test is a bug somewhere: fail the test.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error during test: ${args.map(String).join(' ')}`)
  })
})

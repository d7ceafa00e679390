import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { openDatabase, migrateDatabase } from '#app/utils/db.server.ts'

// A database made by the previous release (migrations 0000–0004, its demo data), kept as a fixture.
const FIXTURE = path.resolve('tests/fixtures/db/release-2026-12-01.db')

describe('migrations', () => {
  test('apply to a database made by the previous release, keeping every row', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'composure-migrate-')), 'old.db')
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
    migrateDatabase(db)
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
})

import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { reconcileUsers } from '#app/certification/reconcile.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { makeUser, takeQuiz } from '#tests/factories.ts'

describe('reconciling standings on view', () => {
  test('standings already current are read without the write lock; a change still writes', async () => {
    const agent = await makeUser()
    const now = new Date()
    await takeQuiz(agent.id, loadModules()[0]!, new Date(now.getTime() - 3600_000), true)
    const first = await reconcileUsers([agent.id], now)
    expect(first.get(agent.id)!.some((r) => r.history.length > 0)).toBe(true)
    // Another process holds the write lock: a view of current standings must not wait for it.
    const other = new Database(process.env.DATABASE_PATH!)
    other.pragma('busy_timeout = 0')
    other.exec('BEGIN IMMEDIATE')
    try {
      const again = await reconcileUsers([agent.id], now)
      expect(again.get(agent.id)!.every((r) => r.history.length === 0)).toBe(true)
      expect(again.get(agent.id)!.map((r) => r.standing.status)).toEqual(first.get(agent.id)!.map((r) => r.standing.status))
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
  })
})

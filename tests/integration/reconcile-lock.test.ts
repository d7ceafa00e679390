import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { certificationEvents } from '#db/tables.ts'
import { reconcileUsers } from '#app/certification/reconcile.server.ts'
import { markDirty } from '#app/models/standings.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getDb, onPostgres } from '#app/utils/db.server.ts'
import { holdWriteLock } from '#tests/write-lock.ts'
import { makeUser, takeQuiz } from '#tests/factories.ts'

/** `work`, or 'blocked' when it has not finished within `ms` (it waits for a lock). */
async function unlessBlocked<T>(work: Promise<T>, ms = 3000): Promise<T | 'blocked'> {
  let timer: NodeJS.Timeout | undefined
  const blocked = new Promise<'blocked'>((resolve) => (timer = setTimeout(() => resolve('blocked'), ms)))
  try {
    return await Promise.race([work, blocked])
  } finally {
    clearTimeout(timer)
  }
}

describe('reconciling standings on view', () => {
  test('standings already current are read without the write lock; a change still writes', async () => {
    const agent = await makeUser()
    const now = new Date()
    await takeQuiz(agent.id, loadModules()[0]!, new Date(now.getTime() - 3600_000), true)
    const first = await reconcileUsers([agent.id], now)
    expect(first.get(agent.id)!.some((r) => r.history.length > 0)).toBe(true)
    // Another connection holds the write lock: a view of current standings must not wait for it
    // (on SQLite a write would fail after the busy timeout; on PostgreSQL it would wait).
    const lock = await holdWriteLock()
    const view = reconcileUsers([agent.id], now)
    let write: Promise<void> | undefined
    try {
      const again = await unlessBlocked(view)
      expect(again).not.toBe('blocked')
      if (again === 'blocked') return
      expect(again.get(agent.id)!.every((r) => r.history.length === 0)).toBe(true)
      expect(again.get(agent.id)!.map((r) => r.standing.status)).toEqual(first.get(agent.id)!.map((r) => r.standing.status))
      // The lock holds: a write waits for it (on SQLite it would block this process for the busy timeout).
      if (onPostgres) {
        write = markDirty([agent.id], now)
        expect(await unlessBlocked(write, 500)).toBe('blocked')
      }
    } finally {
      await lock.release()
      await view.catch(() => {})
      await write
    }
  })

  test('two refreshes of the same change at once (two tabs, two servers): its history is stored once', async () => {
    const agents = [await makeUser(), await makeUser()]
    const now = new Date()
    for (const agent of agents) await takeQuiz(agent.id, loadModules()[0]!, new Date(now.getTime() - 3600_000), true)
    // On PostgreSQL each runs on a connection of its own: both read the change, one writes it
    // first, and the other, run again after it, finds nothing left to do.
    const runs = await Promise.all([
      reconcileUsers([agents[0]!.id, agents[1]!.id], now),
      reconcileUsers([agents[1]!.id, agents[0]!.id], now),
      reconcileUsers([agents[0]!.id], now),
    ])
    for (const agent of agents) {
      const events = await getDb().select().from(certificationEvents).where(eq(certificationEvents.userId, agent.id))
      const written = runs.flatMap((r) => r.get(agent.id) ?? []).flatMap((r) => r.history)
      expect(events.length).toBeGreaterThan(0)
      // What the runs say they did adds up to what is stored, once.
      expect(written).toHaveLength(events.length)
      const statuses = runs.map((r) => r.get(agent.id)?.map((c) => c.standing.status)).filter(Boolean)
      for (const s of statuses) expect(s).toEqual(statuses[0])
    }
  })
})

import { randomInt, randomUUID } from 'node:crypto'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { drillAttempts } from '#db/schema.ts'
import type { AnswerSheet, QuizResult } from '#app/domain/quiz.ts'
import { IMMEDIATE, getDb } from '#app/utils/db.server.ts'

/** The open drill attempt of a refresher, or a new one with a fresh random order. */
export async function openDrillAttempt(userId: string, refresherId: string, now = new Date()) {
  return getDb().transaction((tx) => {
    const open = tx
      .select()
      .from(drillAttempts)
      .where(and(eq(drillAttempts.userId, userId), eq(drillAttempts.refresherId, refresherId), isNull(drillAttempts.submittedAt)))
      .orderBy(desc(drillAttempts.startedAt))
      .get()
    if (open) return open
    const row = { id: randomUUID(), userId, refresherId, seed: randomInt(0, 2 ** 31), startedAt: now }
    tx.insert(drillAttempts).values(row).run()
    return { ...row, answers: null, score: null, passed: null, submittedAt: null }
  }, IMMEDIATE)
}

export async function getDrillAttempt(id: string) {
  const [row] = await getDb().select().from(drillAttempts).where(eq(drillAttempts.id, id))
  return row ?? null
}

/** Stores the answers of an open drill attempt; a second submission changes nothing. */
export async function submitDrillAttempt(id: string, answers: AnswerSheet, result: QuizResult, now = new Date()): Promise<boolean> {
  const outcome = getDb()
    .update(drillAttempts)
    .set({ answers, score: result.score, passed: result.passed, submittedAt: now })
    .where(and(eq(drillAttempts.id, id), isNull(drillAttempts.submittedAt)))
    .run()
  return outcome.changes === 1
}

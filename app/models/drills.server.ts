import { randomInt, randomUUID } from 'node:crypto'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { drillAttempts } from '#db/tables.ts'
import type { AnswerSheet, QuizResult } from '#app/domain/quiz.ts'
import { affected, first, getDb, io, transaction } from '#app/utils/db.server.ts'

/** The open drill attempt of a refresher, or a new one with a fresh random order. */
export async function openDrillAttempt(userId: string, refresherId: string, now = new Date()) {
  return transaction(function* (tx) {
    const open = yield* first(
      tx
        .select()
        .from(drillAttempts)
        .where(and(eq(drillAttempts.userId, userId), eq(drillAttempts.refresherId, refresherId), isNull(drillAttempts.submittedAt)))
        .orderBy(desc(drillAttempts.startedAt))
        .limit(1),
    )
    if (open) return open
    const row = { id: randomUUID(), userId, refresherId, seed: randomInt(0, 2 ** 31), startedAt: now }
    yield* io(tx.insert(drillAttempts).values(row))
    return { ...row, answers: null, score: null, passed: null, submittedAt: null }
  })
}

export async function getDrillAttempt(id: string) {
  const [row] = await getDb().select().from(drillAttempts).where(eq(drillAttempts.id, id))
  return row ?? null
}

/** Stores the answers of an open drill attempt; a second submission changes nothing. */
export async function submitDrillAttempt(id: string, answers: AnswerSheet, result: QuizResult, now = new Date()): Promise<boolean> {
  const outcome = await getDb()
    .update(drillAttempts)
    .set({ answers, score: result.score, passed: result.passed, submittedAt: now })
    .where(and(eq(drillAttempts.id, id), isNull(drillAttempts.submittedAt)))
  return affected(outcome) === 1
}

import { randomInt, randomUUID } from 'node:crypto'
import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { moduleProgress, quizAttempts, users } from '#db/tables.ts'
import type { AnswerSheet, QuizResult } from '#app/domain/quiz.ts'
import { affected, first, getDb, io, transaction } from '#app/utils/db.server.ts'
import { markDirtyIn } from './standings.server.ts'

/** Returns whether this was the first time (the agent's standing may start with it). */
export async function recordReadingStarted(userId: string, module: { id: string; version: number }, now = new Date()) {
  return transaction(function* (tx) {
    const inserted = affected(
      yield* io(
        tx
          .insert(moduleProgress)
          .values({ userId, moduleId: module.id, moduleVersion: module.version, startedAt: now })
          .onConflictDoNothing(),
      ),
    )
    if (inserted === 1) yield* markDirtyIn(tx, userId, now)
    return inserted === 1
  })
}

/** Returns whether anything changed. */
export async function markRead(userId: string, module: { id: string; version: number }, now = new Date()) {
  return transaction(function* (tx) {
    const started = yield* io(
      tx
        .insert(moduleProgress)
        .values({ userId, moduleId: module.id, moduleVersion: module.version, startedAt: now })
        .onConflictDoNothing(),
    )
    const read = yield* io(
      tx
        .update(moduleProgress)
        .set({ readAt: now })
        .where(
          and(
            eq(moduleProgress.userId, userId),
            eq(moduleProgress.moduleId, module.id),
            eq(moduleProgress.moduleVersion, module.version),
            isNull(moduleProgress.readAt),
          ),
        ),
    )
    const changed = affected(started) + affected(read) > 0
    if (changed) yield* markDirtyIn(tx, userId, now)
    return changed
  })
}

/** Progress rows and submitted attempts of some users, for learning paths and team tables. */
export async function getLearningRecords(userIds: readonly string[]) {
  if (userIds.length === 0) return { progress: [], attempts: [] }
  const db = getDb()
  const [progress, attempts] = await Promise.all([
    db
      .select()
      .from(moduleProgress)
      .where(inArray(moduleProgress.userId, [...userIds])),
    db
      .select({
        id: quizAttempts.id,
        userId: quizAttempts.userId,
        moduleId: quizAttempts.moduleId,
        moduleVersion: quizAttempts.moduleVersion,
        score: quizAttempts.score,
        passed: quizAttempts.passed,
        startedAt: quizAttempts.startedAt,
        submittedAt: quizAttempts.submittedAt,
      })
      .from(quizAttempts)
      .where(and(inArray(quizAttempts.userId, [...userIds]), isNotNull(quizAttempts.submittedAt)))
      .orderBy(desc(quizAttempts.submittedAt)),
  ])
  return { progress, attempts }
}

/** The open attempt at this version, or a new one with a fresh random order. */
export async function openQuizAttempt(userId: string, module: { id: string; version: number }, now = new Date()) {
  return transaction(function* (tx) {
    const open = yield* first(
      tx
        .select()
        .from(quizAttempts)
        .where(
          and(
            eq(quizAttempts.userId, userId),
            eq(quizAttempts.moduleId, module.id),
            eq(quizAttempts.moduleVersion, module.version),
            isNull(quizAttempts.submittedAt),
          ),
        )
        .orderBy(desc(quizAttempts.startedAt))
        .limit(1),
    )
    if (open) return open
    const row = {
      id: randomUUID(),
      userId,
      moduleId: module.id,
      moduleVersion: module.version,
      seed: randomInt(0, 2 ** 31),
      startedAt: now,
    }
    yield* io(tx.insert(quizAttempts).values(row))
    return { ...row, answers: null, score: null, passed: null, submittedAt: null }
  })
}

export async function getQuizAttempt(id: string) {
  const [row] = await getDb()
    .select({ attempt: quizAttempts, owner: { id: users.id, teamId: users.teamId, displayName: users.displayName } })
    .from(quizAttempts)
    .innerJoin(users, eq(users.id, quizAttempts.userId))
    .where(eq(quizAttempts.id, id))
  return row ?? null
}

/**
 * Stores the answers and score of an open attempt. A second submission of the same attempt
 * (a double click, a resent form) changes nothing: the first one counts.
 * Returns whether this call was the one that counted.
 */
export async function submitQuizAttempt(id: string, answers: AnswerSheet, result: QuizResult, now = new Date()): Promise<boolean> {
  return transaction(function* (tx) {
    const outcome = yield* io(
      tx
        .update(quizAttempts)
        .set({ answers, score: result.score, passed: result.passed, submittedAt: now })
        .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.submittedAt)))
        .returning({ userId: quizAttempts.userId }),
    )
    for (const { userId } of outcome) yield* markDirtyIn(tx, userId, now)
    return outcome.length === 1
  })
}

/** Latest submitted attempts across everyone, newest first. */
export async function listRecentAttempts(limit = 20) {
  return getDb()
    .select({
      id: quizAttempts.id,
      moduleId: quizAttempts.moduleId,
      score: quizAttempts.score,
      passed: quizAttempts.passed,
      submittedAt: quizAttempts.submittedAt,
      displayName: users.displayName,
    })
    .from(quizAttempts)
    .innerJoin(users, eq(users.id, quizAttempts.userId))
    .where(isNotNull(quizAttempts.submittedAt))
    .orderBy(desc(quizAttempts.submittedAt))
    .limit(limit)
}

/** Submitted attempts and passes per module, across everyone. */
export async function moduleAttemptStats() {
  return getDb()
    .select({
      moduleId: quizAttempts.moduleId,
      attempts: count(),
      passes: sql<number>`sum(case when ${quizAttempts.passed} then 1 else 0 end)`.mapWith(Number),
    })
    .from(quizAttempts)
    .where(isNotNull(quizAttempts.submittedAt))
    .groupBy(quizAttempts.moduleId)
}

import { randomInt, randomUUID } from 'node:crypto'
import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { moduleProgress, quizAttempts, users } from '#db/schema.ts'
import type { AnswerSheet, QuizResult } from '#app/domain/quiz.ts'
import { IMMEDIATE, getDb } from '#app/utils/db.server.ts'

export async function recordReadingStarted(userId: string, module: { id: string; version: number }, now = new Date()) {
  await getDb()
    .insert(moduleProgress)
    .values({ userId, moduleId: module.id, moduleVersion: module.version, startedAt: now })
    .onConflictDoNothing()
}

export async function markRead(userId: string, module: { id: string; version: number }, now = new Date()) {
  getDb().transaction((tx) => {
    tx.insert(moduleProgress)
      .values({ userId, moduleId: module.id, moduleVersion: module.version, startedAt: now })
      .onConflictDoNothing()
      .run()
    tx.update(moduleProgress)
      .set({ readAt: now })
      .where(
        and(
          eq(moduleProgress.userId, userId),
          eq(moduleProgress.moduleId, module.id),
          eq(moduleProgress.moduleVersion, module.version),
          isNull(moduleProgress.readAt),
        ),
      )
      .run()
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
  return getDb().transaction((tx) => {
    const open = tx
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
      .get()
    if (open) return open
    const row = {
      id: randomUUID(),
      userId,
      moduleId: module.id,
      moduleVersion: module.version,
      seed: randomInt(0, 2 ** 31),
      startedAt: now,
    }
    tx.insert(quizAttempts).values(row).run()
    return { ...row, answers: null, score: null, passed: null, submittedAt: null }
  }, IMMEDIATE)
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
export function submitQuizAttempt(id: string, answers: AnswerSheet, result: QuizResult, now = new Date()): boolean {
  const outcome = getDb()
    .update(quizAttempts)
    .set({ answers, score: result.score, passed: result.passed, submittedAt: now })
    .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.submittedAt)))
    .run()
  return outcome.changes === 1
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

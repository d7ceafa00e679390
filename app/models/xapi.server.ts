/** The finished learning records of some learners, for the xAPI export: queries only. */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import { quizAttempts, roleplayAttempts } from '#db/schema.ts'
import { getDb } from '#app/utils/db.server.ts'

export async function listSubmittedQuizzes(userIds: readonly string[]) {
  if (!userIds.length) return []
  return getDb()
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
    .orderBy(asc(quizAttempts.submittedAt), asc(quizAttempts.id))
    .all()
}

export async function listFinishedRoleplays(userIds: readonly string[]) {
  if (!userIds.length) return []
  return getDb()
    .select({
      id: roleplayAttempts.id,
      userId: roleplayAttempts.userId,
      scenarioId: roleplayAttempts.scenarioId,
      scenarioVersion: roleplayAttempts.scenarioVersion,
      mode: roleplayAttempts.mode,
      seed: roleplayAttempts.seed,
      outcome: roleplayAttempts.outcome,
      total: roleplayAttempts.total,
      passed: roleplayAttempts.passed,
      reviewedTotal: roleplayAttempts.reviewedTotal,
      reviewedPassed: roleplayAttempts.reviewedPassed,
      startedAt: roleplayAttempts.startedAt,
      finishedAt: roleplayAttempts.finishedAt,
    })
    .from(roleplayAttempts)
    .where(and(inArray(roleplayAttempts.userId, [...userIds]), eq(roleplayAttempts.status, 'finished')))
    .orderBy(asc(roleplayAttempts.finishedAt), asc(roleplayAttempts.id))
    .all()
}

/** Finished role-plays of some learners, for the xAPI export (quizzes come from getLearningRecords): queries only. */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { roleplayAttempts } from '#db/tables.ts'
import { getDb } from '#app/utils/db.server.ts'

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
}

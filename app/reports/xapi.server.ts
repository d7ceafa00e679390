/**
 * The learning records of a lead's teams as xAPI statements: quizzes completed, passed or
 * failed with their score; role-plays the same (the reviewed score where a trainer reviewed
 * it), and each role-play turn as an answered interaction, from the replay of its log.
 */
import { xapiBuilder, type Statement } from '#app/domain/xapi.ts'
import { listTeamMembers, type UserWithRoles } from '#app/models/users.server.ts'
import { getLearningRecords } from '#app/models/learning.server.ts'
import { listFinishedRoleplays } from '#app/models/xapi.server.ts'
import { listAttemptEvents } from '#app/models/roleplay.server.ts'
import { countingScore } from '#app/roleplay/counting-score.ts'
import { replay } from '#app/roleplay/run.ts'
import { scenarioAt } from '#app/roleplay/scenarios.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

export async function learningStatements(learners: readonly { id: string; displayName: string }[], origin = getEnv().PUBLIC_URL!) {
  const build = xapiBuilder(origin)
  const byId = new Map(learners.map((l) => [l.id, l]))
  const ids = learners.map((l) => l.id)
  const titles = new Map(loadModules().map((m) => [m.id, m.title]))
  const statements: Statement[] = []
  // Oldest first, so the statements read as the history happened.
  const quizzes = (await getLearningRecords(ids)).attempts.toReversed()
  for (const q of quizzes) {
    statements.push(
      ...build.quiz(byId.get(q.userId)!, {
        ...q,
        moduleTitle: titles.get(q.moduleId) ?? q.moduleId,
        score: q.score ?? 0,
        passed: Boolean(q.passed),
        submittedAt: q.submittedAt!,
      }),
    )
  }
  for (const r of await listFinishedRoleplays(ids)) {
    const scenario = await scenarioAt(r.scenarioId, r.scenarioVersion)
    if (!scenario) continue
    // The turns as the server judged them: the replay of the attempt's log at its version.
    const { context } = replay(scenario, { seed: r.seed, mode: r.mode }, await listAttemptEvents(r.id))
    statements.push(
      ...build.roleplay(byId.get(r.userId)!, {
        ...r,
        scenarioTitle: scenario.script.title,
        ...countingScore(r),
        finishedAt: r.finishedAt!,
        turns: context.turns.map((t) => ({
          beat: t.beat,
          text: t.text,
          replyId: t.replyId,
          emotionBefore: t.emotionBefore,
          emotionAfter: t.emotionAfter,
          evidence: Object.fromEntries(Object.entries(t.evidence).map(([k, v]) => [k, v ?? 0])),
          latencyMs: t.latencyMs,
        })),
      }),
    )
  }
  return statements
}

/** The statements of every member of the teams a lead leads. */
export async function teamStatements(lead: UserWithRoles) {
  const members = (await listTeamMembers(lead.ledTeamIds)).filter((m) => m.id !== lead.id)
  return learningStatements(members)
}

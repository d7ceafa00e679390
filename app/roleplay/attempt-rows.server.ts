import { listFinishedAttemptsOf } from '#app/models/roleplay.server.ts'
import { getScenario } from './scenarios.server.ts'

/** Finished role-plays as rows of the shared attempt table. */
export async function roleplayRows(userIds: readonly string[] | null, limit?: number) {
  const rows = await listFinishedAttemptsOf(userIds, limit)
  return rows.map((r) => ({
    id: r.id,
    href: `/practice/${r.id}/feedback`,
    title: getScenario(r.scenarioId)?.script.title ?? r.scenarioId,
    version: r.scenarioVersion,
    mode: r.mode,
    displayName: r.displayName,
    score: r.total,
    passed: r.passed,
    submittedAt: r.finishedAt!.toISOString(),
  }))
}

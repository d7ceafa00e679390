import { listFinishedAttemptsOf } from '#app/models/roleplay.server.ts'
import { scenarioAt } from './scenarios.server.ts'

/** Finished role-plays as rows of the shared attempt table. */
export async function roleplayRows(userIds: readonly string[] | null, limit?: number) {
  const rows = await listFinishedAttemptsOf(userIds, limit)
  const titles = new Map<string, string>()
  for (const r of rows) {
    const key = `${r.scenarioId}@${r.scenarioVersion}`
    if (!titles.has(key)) titles.set(key, (await scenarioAt(r.scenarioId, r.scenarioVersion))?.script.title ?? r.scenarioId)
  }
  return rows.map((r) => ({
    id: r.id,
    href: `/practice/${r.id}/feedback`,
    title: titles.get(`${r.scenarioId}@${r.scenarioVersion}`)!,
    version: r.scenarioVersion,
    mode: r.mode,
    displayName: r.displayName,
    score: r.total,
    passed: r.passed,
    submittedAt: r.finishedAt!.toISOString(),
  }))
}

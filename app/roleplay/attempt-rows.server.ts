import { listFinishedAttemptsOf } from '#app/models/roleplay.server.ts'
import { countingScore } from './counting-score.ts'
import { scenarioAt } from './scenarios.server.ts'

/** Each scenario version's title, looked up once per version (the id when the version is unknown). */
export async function scenarioTitles(rows: readonly { scenarioId: string; scenarioVersion: number }[]) {
  const titles = new Map<string, string>()
  for (const r of rows) {
    const key = `${r.scenarioId}@${r.scenarioVersion}`
    if (!titles.has(key)) titles.set(key, (await scenarioAt(r.scenarioId, r.scenarioVersion))?.script.title ?? r.scenarioId)
  }
  return (r: { scenarioId: string; scenarioVersion: number }) => titles.get(`${r.scenarioId}@${r.scenarioVersion}`)!
}

/** A finished attempt always has a score; the one shown is the one that counts. */
const scoreOf = (r: Parameters<typeof countingScore>[0]) => {
  const { total, passed } = countingScore(r)
  return { score: total, passed }
}

/** Finished role-plays as rows of the shared attempt table: a trainer's review shows as the score, with the judge's beside it. */
export async function roleplayRows(userIds: readonly string[] | null, limit?: number) {
  const rows = await listFinishedAttemptsOf(userIds, limit)
  const titleOf = await scenarioTitles(rows)
  return rows.map((r) => ({
    ...scoreOf(r),
    id: r.id,
    href: `/practice/${r.id}/feedback`,
    title: titleOf(r),
    version: r.scenarioVersion,
    mode: r.mode,
    displayName: r.displayName,
    review: r.reviewedAt ? { originalScore: r.total, originalPassed: r.passed } : null,
    submittedAt: r.finishedAt!.toISOString(),
  }))
}

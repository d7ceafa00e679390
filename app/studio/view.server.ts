/**
 * What the editor page shows for a text: problems, completions, the graph and the regression
 * tests, as plain data for the browser. The page's loader and the check endpoint both use it.
 */
import { scenarioGraph } from './graph.ts'
import { studioCheck } from './check.server.ts'

export async function studioView(id: string, source: string) {
  const check = await studioCheck(id, source)
  const problems = check.problems.map((p) => ({ line: p.line, column: p.column, severity: p.severity, message: p.message, field: p.field }))
  return {
    compiled: check.compiled,
    problems,
    completions: check.completions,
    graph: check.scenario ? scenarioGraph(check.scenario, problems) : null,
    regressions: check.regressions
      ? {
          summary: check.regressions.summary,
          changes: check.regressions.changes,
          against: check.regressions.against,
          replies: check.regressions.run.replies,
          transcripts: check.regressions.run.transcripts,
          corpus: {
            total: check.regressions.run.corpus.length,
            agree: check.regressions.run.corpus.filter((c) => c.pass).length,
            disagreements: check.regressions.run.corpus.filter((c) => !c.pass),
          },
        }
      : null,
  }
}

export type StudioView = Awaited<ReturnType<typeof studioView>>

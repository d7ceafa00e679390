/**
 * What the editor shows for a text as the trainer types: the problems (schema, references,
 * lint) at their line and column, what autocomplete offers, and the regression tests — the
 * scenario's samples and its dev corpus entries — run on the text and on the live version, so
 * the studio can say which a change breaks.
 */
import { SKILLS } from '#app/domain/skills.ts'
import { BEHAVIOURS } from '#app/judge/behaviours.ts'
import type { Scenario } from '#app/roleplay/engine.ts'
import type { Samples } from '#app/roleplay/schema.ts'
import { liveScenario } from '#app/roleplay/scenarios.server.ts'
import { checkSource } from './compile.server.ts'
import { compareRuns, corpusEntriesFor, runSamples, summarise, type SampleRun } from './samples.server.ts'

const baselines = new Map<string, SampleRun>()

/** The live version's results on a set of samples; cached per version and sample set. */
function baselineRun(id: string, live: Scenario, samples: Samples | undefined) {
  const key = `${id}@${live.script.version}:${JSON.stringify(samples ?? null)}`
  let run = baselines.get(key)
  if (!run) {
    run = runSamples(live, samples, corpusEntriesFor(id))
    if (baselines.size > 200) baselines.clear()
    baselines.set(key, run)
  }
  return run
}

/** The regression tests on a text, and what changed against the live version. */
export async function regressionsOf(id: string, scenario: Parameters<typeof runSamples>[0] & { script: { samples?: Samples } }) {
  const run = runSamples(scenario, scenario.script.samples, corpusEntriesFor(id))
  const live = await liveScenario(id)
  const changes = live ? compareRuns(baselineRun(id, live, scenario.script.samples), run) : []
  return { run, summary: summarise(run), changes, against: live?.script.version ?? null }
}

export async function studioCheck(id: string, source: string) {
  const checked = checkSource(id, source)
  const problems = [
    ...checked.errors.map((p) => ({ ...p, severity: 'error' as const })),
    ...checked.warnings.map((p) => ({ ...p, severity: 'warning' as const })),
  ]
  if (!checked.scenario) return { compiled: false as const, problems, completions: null, regressions: null, scenario: null }
  const s = checked.scenario
  const completions = {
    intents: s.intents.map((i) => i.id),
    beats: Object.keys(s.script.beats),
    skills: [...SKILLS],
    behaviours: [...BEHAVIOURS],
  }
  return { compiled: true as const, problems, completions, regressions: await regressionsOf(id, s), scenario: s }
}

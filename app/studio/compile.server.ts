import { installToneModel } from '#app/judge/tone-model.server.ts'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'
import { lintScenario } from '#app/roleplay/lint.ts'
import { readVocabularies } from '#app/roleplay/load.server.ts'
import { parseScenario, type CheckedScenario } from '#app/roleplay/validate.ts'

let vocabularies: ReturnType<typeof readVocabularies> | undefined

/** Where a scenario's text lives, as the CLI and the messages name it. */
export const fileOf = (scenarioId: string) => `scenarios/${scenarioId}.yaml`

/**
 * Compiles a scenario's text exactly as set-up and the CLI do (the same schema, references and
 * patterns), with the shipped vocabularies. Unsaved text from the editor goes through here.
 */
export function compileSource(
  scenarioId: string,
  source: string,
): { ok: true; scenario: CheckedScenario } | { ok: false; problems: SourceProblem[] } {
  installToneModel()
  vocabularies ??= readVocabularies()
  const result = parseScenario(fileOf(scenarioId), source, vocabularies)
  return result.ok ? { ok: true, scenario: result.value } : result
}

/** Compiles and lints: the problems the editor marks, errors and warnings apart. */
export function checkSource(scenarioId: string, source: string) {
  const compiled = compileSource(scenarioId, source)
  if (!compiled.ok) return { scenario: null, errors: compiled.problems, warnings: [] as SourceProblem[] }
  const { errors, warnings } = lintScenario(compiled.scenario)
  return { scenario: compiled.scenario, errors, warnings }
}

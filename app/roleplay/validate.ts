import { LineCounter, parseDocument, isNode } from 'yaml'
import { validateYaml, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { scenarioSchema, vocabularySchema, type Breach, type ScenarioScript, type Vocabulary } from './schema.ts'

/** An intent as the recogniser and the machine see it, with where it came from. */
export interface ResolvedIntent {
  id: string
  phrases: string[]
  breach?: Breach
  /** `scenario` for the script's own intents, else the vocabulary id. */
  source: string
}

export interface CheckedScenario {
  script: ScenarioScript
  intents: ResolvedIntent[]
  file: string
  /** Line of each beat and reply in the file, for lint messages. */
  lines: Map<string, number>
}

export function parseVocabulary(file: string, source: string): { ok: true; value: Vocabulary } | { ok: false; problems: SourceProblem[] } {
  return validateYaml(source, vocabularySchema, { file })
}

/**
 * Validates one scenario file: the schema, then every reference (intents, vocabularies).
 * Problems carry the file, line and column.
 */
export function parseScenario(
  file: string,
  source: string,
  vocabularies: ReadonlyMap<string, Vocabulary>,
): { ok: true; value: CheckedScenario } | { ok: false; problems: SourceProblem[] } {
  const result = validateYaml(source, scenarioSchema, { file })
  if (!result.ok) return result
  const script = result.value
  const lineCounter = new LineCounter()
  const doc = parseDocument(source, { lineCounter })
  const at = (path: (string | number)[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true)
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0])
        return { line: pos.line, column: pos.col }
      }
    }
    return { line: 1, column: 1 }
  }
  const problems: SourceProblem[] = []
  const problem = (path: (string | number)[], message: string) =>
    problems.push({ file, ...at(path), field: path.join('.'), message })

  const expectedId = file.split('/').pop()!.replace(/\.ya?ml$/, '')
  if (script.id !== expectedId) problem(['id'], `must match the file name "${expectedId}"`)

  const intents: ResolvedIntent[] = []
  script.vocabularies.forEach((v, i) => {
    const vocabulary = vocabularies.get(v)
    if (!vocabulary) return problem(['vocabularies', i], `no vocabulary "${v}" in scenarios/vocabularies`)
    for (const [id, def] of Object.entries(vocabulary.intents)) intents.push({ id, phrases: def.phrases, breach: def.breach, source: v })
  })
  for (const [id, phrases] of Object.entries(script.intents)) {
    if (intents.some((i) => i.id === id)) problem(['intents', id], `"${id}" is already defined by a vocabulary`)
    intents.push({ id, phrases, source: 'scenario' })
  }
  const known = new Set(intents.map((i) => i.id))
  const lines = new Map<string, number>()
  for (const [beatId, beat] of Object.entries(script.beats)) {
    lines.set(beatId, at(['beats', beatId]).line)
    beat.replies?.forEach((reply, i) => {
      lines.set(`${beatId}.${reply.id}`, at(['beats', beatId, 'replies', i]).line)
      if (beat.replies!.findIndex((r) => r.id === reply.id) !== i) problem(['beats', beatId, 'replies', i, 'id'], `duplicate reply id "${reply.id}"`)
      for (const key of ['all', 'any', 'none'] as const) {
        reply.when[key]?.forEach((intent) => {
          if (!known.has(intent)) problem(['beats', beatId, 'replies', i, 'when', key], `unknown intent "${intent}" (define it under intents or in a vocabulary)`)
        })
      }
    })
  }
  if (problems.length) return { ok: false, problems }
  return { ok: true, value: { script, intents, file, lines } }
}

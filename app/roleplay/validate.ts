import { LineCounter, parseDocument, isNode } from 'yaml'
import { validateYaml, type SourceProblem } from '#app/domain/yaml-validate.ts'
import { buildLexicon, type IntentDefinition, type Lexicon } from '#app/judge/recognise.ts'
import { compilePattern, PatternError } from '#app/judge/patterns.ts'
import { patternForm } from '#app/judge/normalise.ts'
import { scenarioSchema, vocabularySchema, type ScenarioScript, type Vocabulary } from './schema.ts'

/** An intent as the recogniser and the machine see it, with where it came from. */
export type ResolvedIntent = IntentDefinition & { phrases: string[]; source: string }

export interface VocabularyWords {
  slots: Record<string, string[]>
  aliases: Record<string, string>
}

/** A scenario's definition as a version is stored: everything its replays depend on. */
export interface ScenarioDefinition {
  script: ScenarioScript
  intents: ResolvedIntent[]
  /** Absent from versions published before patterns existed. */
  vocabulary?: VocabularyWords
}

/** What a version stores of a checked scenario: its samples are tests, not part of the machine. */
export function definitionOf(s: Pick<CheckedScenario, 'script' | 'intents' | 'vocabulary'>): ScenarioDefinition {
  const { samples: _samples, ...script } = s.script
  return { script, intents: s.intents, vocabulary: s.vocabulary }
}

/** Compiles a stored definition into a scenario the machine can run. */
export function scenarioFromDefinition(def: ScenarioDefinition) {
  const vocabulary = def.vocabulary ?? { slots: {}, aliases: {} }
  const lexicon = buildLexicon(def.intents, {
    slots: new Map(Object.entries(vocabulary.slots)),
    aliases: new Map(Object.entries(vocabulary.aliases)),
  })
  return { script: def.script, intents: def.intents, vocabulary, lexicon }
}

export interface CheckedScenario {
  script: ScenarioScript
  intents: ResolvedIntent[]
  /** Pattern slots and aliases of its vocabularies, stored with a published version. */
  vocabulary: VocabularyWords
  /** The compiled recogniser of this scenario: its intents and its vocabularies'. */
  lexicon: Lexicon
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
  const problem = (path: (string | number)[], message: string) => problems.push({ file, ...at(path), field: path.join('.'), message })

  const expectedId = file
    .split('/')
    .pop()!
    .replace(/\.ya?ml$/, '')
  if (script.id !== expectedId) problem(['id'], `must match the file name "${expectedId}"`)

  const intents: ResolvedIntent[] = []
  const slots = new Map<string, string[]>()
  const aliases = new Map<string, string>()
  script.vocabularies.forEach((v, i) => {
    const vocabulary = vocabularies.get(v)
    if (!vocabulary) return problem(['vocabularies', i], `no vocabulary "${v}" in scenarios/vocabularies`)
    for (const [id, def] of Object.entries(vocabulary.intents)) intents.push({ id, ...def, source: v })
    for (const [k, words] of Object.entries(vocabulary.slots)) slots.set(k, words)
    for (const [k, word] of Object.entries(vocabulary.aliases)) aliases.set(k, word)
  })
  for (const [id, def] of Object.entries(script.intents)) {
    if (intents.some((i) => i.id === id)) problem(['intents', id], `"${id}" is already defined by a vocabulary`)
    const behaviour = 'behaviour' in def && def.behaviour ? def.behaviour : script.behaviours[id]
    intents.push({ id, ...def, behaviour, source: 'scenario' })
  }
  for (const id of Object.keys(script.behaviours)) {
    if (!script.intents[id]) problem(['behaviours', id], `"${id}" is not one of this scenario's intents`)
  }
  const known = new Set(intents.map((i) => i.id))
  const lines = new Map<string, number>()
  for (const [beatId, beat] of Object.entries(script.beats)) {
    lines.set(beatId, at(['beats', beatId]).line)
    beat.replies?.forEach((reply, i) => {
      lines.set(`${beatId}.${reply.id}`, at(['beats', beatId, 'replies', i]).line)
      if (beat.replies!.findIndex((r) => r.id === reply.id) !== i)
        problem(['beats', beatId, 'replies', i, 'id'], `duplicate reply id "${reply.id}"`)
      for (const key of ['all', 'any', 'none'] as const) {
        reply.when[key]?.forEach((intent) => {
          if (!known.has(intent))
            problem(['beats', beatId, 'replies', i, 'when', key], `unknown intent "${intent}" (define it under intents or in a vocabulary)`)
        })
      }
    })
  }
  if (problems.length) return { ok: false, problems }
  // Patterns are compiled one by one first, so an error names the intent and pattern it is in.
  for (const intent of intents) {
    intent.patterns?.forEach((pattern, i) => {
      try {
        compilePattern(patternForm(pattern), slots)
      } catch (e) {
        if (!(e instanceof PatternError)) throw e
        problem(
          intent.source === 'scenario' ? ['intents', intent.id, 'patterns', i] : ['vocabularies'],
          `pattern "${pattern}" of ${intent.id}: ${e.message}`,
        )
      }
    })
  }
  if (problems.length) return { ok: false, problems }
  const vocabulary = { slots: Object.fromEntries(slots), aliases: Object.fromEntries(aliases) }
  return { ok: true, value: { ...scenarioFromDefinition({ script, intents, vocabulary }), file, lines } }
}

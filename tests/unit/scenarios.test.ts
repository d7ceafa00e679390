import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { lintScenario } from '#app/roleplay/lint.ts'
import { readScenarios, readVocabularies } from '#app/roleplay/load.server.ts'
import { replay } from '#app/roleplay/run.ts'
import { transcriptEvents } from '#app/roleplay/transcript.ts'
import { parseScenario } from '#app/roleplay/validate.ts'

const scenarios = readScenarios()

describe('the shipped scenarios', () => {
  test('cover the ten situations the product needs', () => {
    expect(scenarios.map((s) => s.script.id).sort()).toEqual(
      [
        'abusive-customer',
        'custom-item-return',
        'damaged-on-arrival',
        'food-safety',
        'parcel-lost',
        'peak-sale-queue',
        'price-drop',
        'refund-not-received',
        'someone-elses-order',
        'wrong-size-shipped',
      ].sort(),
    )
  })

  describe.each(scenarios.map((s) => [s.script.id, s] as const))('%s', (id, s) => {
    test('passes check: no lint errors, at least five beats with replies', () => {
      expect(lintScenario(s).errors).toEqual([])
      expect(Object.values(s.script.beats).filter((b) => b.replies?.length).length).toBeGreaterThanOrEqual(5)
    })

    test('its sample conversations include a pass and a fail, and each replays to what it expects', () => {
      const transcripts = s.script.samples?.transcripts ?? []
      expect(transcripts.map((t) => t.expect?.passed).sort()).toEqual([false, true])
      for (const t of transcripts) {
        const state = replay(s, { seed: t.seed, mode: t.mode }, transcriptEvents(t))
        expect(state.done).toBe(true)
        expect({ outcome: state.score.outcome, passed: state.score.passed }).toEqual({
          outcome: t.expect!.outcome,
          passed: t.expect!.passed,
        })
        expect(state.score.total).toBeGreaterThanOrEqual(t.expect!.score![0])
        expect(state.score.total).toBeLessThanOrEqual(t.expect!.score![1])
      }
    })
  })
})

describe('scenario errors', () => {
  const vocabularies = readVocabularies()
  const source = fs.readFileSync('scenarios/damaged-on-arrival.yaml', 'utf8')
  const problemsOf = (text: string) => {
    const result = parseScenario('scenarios/damaged-on-arrival.yaml', text, vocabularies)
    if (result.ok) throw new Error('expected problems')
    return result.problems
  }
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

  test('an unknown key is marked at its own line, not at the map that holds it', () => {
    const bad = source.replace('passMark: 70', 'passMark: 70\npasMark: 70')
    expect(problemsOf(bad)[0]).toMatchObject({
      line: lineOf(bad, 'pasMark: 70'),
      field: 'pasMark',
      message: expect.stringMatching(/pasMark/),
    })
  })

  test('a wrong type names the file, line, column and field, and what was expected', () => {
    const bad = source.replace('difficulty: 1', 'difficulty: 7')
    expect(problemsOf(bad)[0]).toMatchObject({
      file: 'scenarios/damaged-on-arrival.yaml',
      line: lineOf(bad, 'difficulty: 7'),
      column: 13,
      field: 'difficulty',
    })
    expect(problemsOf(bad)[0]!.message).toMatch(/1 \(入门\), 2 \(进阶\) or 3 \(困难\)/)
  })

  test('a reply leading to a missing beat is named', () => {
    const bad = source.replace('next: photos', 'next: fotos')
    expect(problemsOf(bad)).toContainEqual(
      expect.objectContaining({ field: 'beats.opening.replies.0.next', message: 'no beat "fotos"', line: lineOf(bad, 'next: fotos') }),
    )
  })

  test('an unknown intent is named where it is used', () => {
    const bad = source.replace('when: { any: [apology, empathy], none: [deflect-courier] }', 'when: { any: [apologise] }')
    expect(problemsOf(bad)).toContainEqual(
      expect.objectContaining({ field: 'beats.opening.replies.0.when.any', message: expect.stringMatching(/unknown intent "apologise"/) }),
    )
  })

  test('a beat without a fallback for free text is refused', () => {
    const bad = source.replace(/ {4}otherwise:\n( {6}.*\n)+/, '')
    expect(problemsOf(bad)).toContainEqual(expect.objectContaining({ field: 'beats.opening.otherwise' }))
  })

  test('lint finds an unreachable beat and an intent never used', () => {
    const bad = source
      .replace('  resolved-end:\n', '  lonely:\n    customer: 没人来这里\n    outcome: resolved\n  resolved-end:\n')
      .replace('intents:\n', 'intents:\n  never-used: [从来没用]\n')
    const result = parseScenario('scenarios/damaged-on-arrival.yaml', bad, vocabularies)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const { errors } = lintScenario(result.value)
    expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual(
      expect.arrayContaining([
        'beats.lonely: is unreachable: no path of replies leads here',
        'intents.never-used: is defined and never used',
      ]),
    )
  })

  test('lint finds a scenario nobody can fail', () => {
    const bad = source.replace('passMark: 70', 'passMark: 1').replace('passOutcomes', 'x').replace('limits:', 'x:')
    const result = parseScenario('scenarios/damaged-on-arrival.yaml', bad.replace(/outcome: left-angry/, 'outcome: resolved'), vocabularies)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    result.value.script.passOutcomes = ['resolved', 'escalated', 'left-angry', 'breach']
    expect(lintScenario(result.value).errors.map((e) => e.message)).toContain('has no failing path: every sequence of replies passes')
  })
})

import { describe, expect, test } from 'vitest'
import { judgeText, type Turn } from '#app/roleplay/engine.ts'
import { noteApplies } from '#app/roleplay/feedback.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'

const [scenario] = readScenarios(['scenarios/wrong-size-shipped.yaml'])
if (!scenario) throw new Error('wrong-size-shipped.yaml is missing')

/** A turn as the machine records it, taken as `replyId` at `beat`, for a typed text. */
function turn(beat: string, replyId: string, text: string): Turn {
  const judged = judgeText(scenario!, text)
  return {
    beat,
    text,
    replyId,
    matches: judged.matches,
    breaches: [],
    latencyMs: 0,
    slow: false,
    emotionBefore: 50,
    emotionAfter: 45,
    evidence: {},
    note: 'n',
  }
}

describe('feedback notes', () => {
  const reply = scenario.script.beats.closing!.replies!.find((r) => r.id === 'confirm-and-follow-up')!

  test('a note applies to the choice it was written for, picked or typed word for word', () => {
    expect(noteApplies(scenario, turn('closing', reply.id, reply.choice), 'guided')).toBe(true)
    expect(noteApplies(scenario, turn('closing', reply.id, reply.choice), 'free')).toBe(true)
  })

  test('a typed reply taken on one of its signs alone does not earn the praise written for the whole reply', () => {
    const needed = judgeText(scenario, reply.choice).intents.filter((i) =>
      [...(reply.when.any ?? []), ...(reply.when.all ?? [])].includes(i),
    )
    expect(needed.length).toBeGreaterThan(1)
    // Only the first of the signs the full reply shows.
    const partial = { ...turn('closing', reply.id, reply.choice), text: '好的，单号出来发您' }
    partial.matches = partial.matches.filter((m) => m.intent === needed[0])
    expect(noteApplies(scenario, partial, 'free')).toBe(false)
  })
})

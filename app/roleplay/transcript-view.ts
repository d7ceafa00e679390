import type { RoleplayContext, Scenario } from './engine.ts'
import { annotateTurns } from './feedback.ts'

/**
 * The conversation as the feedback and review pages show it: each trainee line followed by what
 * it did (annotateTurns), customer lines as they were said.
 */
export function annotatedTranscript(scenario: Scenario, ctx: RoleplayContext) {
  const turns = annotateTurns(scenario, ctx)
  let turn = 0
  return ctx.messages.map((m) => (m.from === 'trainee' ? { ...m, turn: { n: ++turn, ...turns[turn - 1]! } } : { ...m, turn: null }))
}

export type TranscriptItem = ReturnType<typeof annotatedTranscript>[number]

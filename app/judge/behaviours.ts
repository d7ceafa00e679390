/**
 * The closed vocabulary of what a trainer sees in a reply. The corpus labels, the recogniser's
 * intents and the benchmark all speak it; scenario README documents each word.
 */
import type { Breach } from '#app/roleplay/schema.ts'

export const POSITIVE_BEHAVIOURS = ['apology', 'empathy', 'solution', 'policy-correct', 'escalate', 'privacy-safe'] as const
export const NEGATIVE_BEHAVIOURS = [
  'blame',
  'rude',
  'dismissive',
  'policy-wrong',
  'privacy-leak',
  'illegal-promise',
  'induce-review',
] as const
export const BEHAVIOURS = [...POSITIVE_BEHAVIOURS, ...NEGATIVE_BEHAVIOURS] as const

export type PositiveBehaviour = (typeof POSITIVE_BEHAVIOURS)[number]
export type NegativeBehaviour = (typeof NEGATIVE_BEHAVIOURS)[number]
export type Behaviour = (typeof BEHAVIOURS)[number]

export const VERDICTS = ['good', 'ok', 'bad'] as const
export type Verdict = (typeof VERDICTS)[number]

export function isNegative(b: Behaviour): b is NegativeBehaviour {
  return (NEGATIVE_BEHAVIOURS as readonly string[]).includes(b)
}

/** The compliance breach a negative behaviour commits, where it is one. */
export const BREACH_OF: Partial<Record<NegativeBehaviour, Breach>> = {
  rude: 'insult',
  blame: 'blame',
  'privacy-leak': 'disclose',
  'illegal-promise': 'illegal-promise',
  'induce-review': 'induce-review',
}

/** The behaviour a breach kind shows, for intents that name only their breach. */
export const BEHAVIOUR_OF_BREACH: Record<Breach, NegativeBehaviour> = {
  insult: 'rude',
  blame: 'blame',
  disclose: 'privacy-leak',
  'illegal-promise': 'illegal-promise',
  superlative: 'policy-wrong',
  'induce-review': 'induce-review',
}

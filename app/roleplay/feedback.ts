import { SKILLS, type Skill } from '#app/domain/skills.ts'
import type { RoleplayContext, Scenario } from './engine.ts'

const sum = (e: Partial<Record<Skill, number>>) => Object.values(e).reduce((a, b) => a + (b ?? 0), 0)

/**
 * Turn-by-turn feedback: what each reply did (its note, evidence and the words recognised),
 * what it missed (skills the beat's best reply would have earned), and the trainer's model.
 */
export function annotateTurns(scenario: Scenario, ctx: RoleplayContext) {
  return ctx.turns.map((turn) => {
    const beat = scenario.script.beats[turn.beat]!
    const best = [...(beat.replies ?? [])].sort((a, b) => sum(b.skills) - sum(a.skills))[0]
    const missed = best
      ? SKILLS.filter((s) => (best.skills[s] ?? 0) > 0 && (turn.evidence[s] ?? 0) < (best.skills[s] ?? 0))
      : []
    return {
      text: turn.text,
      replyId: turn.replyId,
      note: turn.note,
      evidence: turn.evidence,
      words: turn.matches.map((m) => ({ intent: m.intent, words: m.words, negated: m.negated })),
      breaches: turn.breaches,
      emotionBefore: turn.emotionBefore,
      emotionAfter: turn.emotionAfter,
      slow: turn.slow,
      latencySeconds: Math.round(turn.latencyMs / 1000),
      missed,
      model: beat.model ?? null,
    }
  })
}

/** Emotion at the start and after every reply, for the chart. */
export function emotionTrail(scenario: Scenario, ctx: RoleplayContext) {
  return [{ turn: 0, emotion: scenario.script.emotion }, ...ctx.turns.map((t, i) => ({ turn: i + 1, emotion: t.emotionAfter }))]
}

/** Best finished attempt per scenario, for the scenario list. */
export function bestByScenario(attempts: readonly { scenarioId: string; total: number | null; passed: boolean | null }[]) {
  const best = new Map<string, { total: number; passed: boolean; attempts: number }>()
  for (const a of attempts) {
    const prev = best.get(a.scenarioId)
    const total = a.total ?? 0
    best.set(a.scenarioId, {
      total: Math.max(prev?.total ?? 0, total),
      passed: Boolean(prev?.passed || a.passed),
      attempts: (prev?.attempts ?? 0) + 1,
    })
  }
  return best
}

import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { judgeText, type RoleplayContext, type Scenario, type Turn } from './engine.ts'
import { TONE_INTENT } from '#app/judge/tone.ts'

const sum = (e: Partial<Record<Skill, number>>) => Object.values(e).reduce((a, b) => a + (b ?? 0), 0)

/**
 * Whether a scripted reply's note describes what this turn did. The note was written for the
 * reply's choice text: it applies when the trainee picked that choice, or typed something that
 * shows every intent the choice text itself shows of the reply's `when` (a reply taken on its
 * order number alone does not earn the praise written for the full reply).
 */
export function noteApplies(scenario: Scenario, turn: Turn, mode: RoleplayContext['mode']): boolean {
  if (!turn.replyId) return false
  const reply = scenario.script.beats[turn.beat]?.replies?.find((r) => r.id === turn.replyId)
  if (!reply) return false
  if (mode === 'guided' || turn.text === reply.choice) return true
  const when = new Set([...(reply.when.all ?? []), ...(reply.when.any ?? [])])
  const needed = judgeText(scenario, reply.choice).intents.filter((i) => when.has(i))
  const shown = new Set(turn.matches.filter((m) => !m.discounted).map((m) => m.intent))
  return needed.every((i) => shown.has(i))
}

/**
 * Turn-by-turn feedback: what each reply did (the note written for it, only when it applies; the
 * behaviours the judge saw and the words behind them), what it missed (skills the beat's best
 * reply would have earned), and the trainer's model.
 */
export function annotateTurns(scenario: Scenario, ctx: RoleplayContext) {
  return ctx.turns.map((turn) => {
    const beat = scenario.script.beats[turn.beat]!
    const best = [...(beat.replies ?? [])].sort((a, b) => sum(b.skills) - sum(a.skills))[0]
    const missed = best ? SKILLS.filter((s) => (best.skills[s] ?? 0) > 0 && (turn.evidence[s] ?? 0) < (best.skills[s] ?? 0)) : []
    return {
      text: turn.text,
      replyId: turn.replyId,
      note: noteApplies(scenario, turn, ctx.mode) ? turn.note : null,
      evidence: turn.evidence,
      findings: (turn.findings ?? []).map((f) => ({ behaviour: f.behaviour, words: f.words, byTone: f.intent === TONE_INTENT })),
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

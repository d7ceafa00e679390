import { getShortestPaths } from 'xstate/graph'
import { lengthTells, type ChoiceItem } from '#app/domain/content-lint.ts'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'
import { BREACH, LEFT_ANGRY } from './compile.ts'
import { judgeText, scoreConversation, type JudgedReplyEvent, type RoleplayScore, type Turn } from './engine.ts'
import { machineFor, tryReply } from './run.ts'
import { BREACHES, type Breach } from './schema.ts'
import type { CheckedScenario } from './validate.ts'

/** One plain reply of each breach class, to check that every beat answers it. */
export const BREACH_PROBES: Record<Breach, string> = {
  insult: '你是不是有病，爱买不买',
  blame: '这是您自己的问题，下单前不看清楚吗',
  disclose: '收件人是王女士，手机13912345521',
  'illegal-promise': '我保证给您十倍赔偿',
  superlative: '我们家是全网最低价',
  'induce-review': '给个好评返现十元',
}

/** Where the trainee can drive a scenario from its start: one shortest path per distinct state. */
export interface ScenarioPath {
  /** The state it ends in: a beat id, or LEFT_ANGRY / BREACH (compile.ts). */
  end: string
  /** The conversation is over (an outcome beat or an automatic ending). */
  done: boolean
  turns: Turn[]
  score: RoleplayScore
}

const enumerated = new WeakMap<CheckedScenario, ScenarioPath[]>()

/**
 * Explores every state the trainee can drive the machine into with the guided choices and with
 * a reply that says nothing; lint and the studio's graph read the same paths. Computed once
 * per checked scenario.
 */
export function enumeratePaths(s: CheckedScenario): ScenarioPath[] {
  const cached = enumerated.get(s)
  if (cached) return cached
  const { script } = s
  const machine = machineFor(s)
  const empty: JudgedReplyEvent = { type: 'trainee.reply', text: '好的', latencyMs: 0, judged: judgeText(s, '好的') }
  const paths = getShortestPaths(machine, {
    input: { seed: 1, mode: 'guided' },
    events: (snapshot) => {
      const beat = script.beats[snapshot.context.beat]
      const choices: JudgedReplyEvent[] = (beat?.replies ?? []).map((r) => ({ type: 'trainee.reply', choice: r.id, latencyMs: 0 }))
      return [...choices, empty]
    },
    // Paths that reach the same beat with the same emotion, turn count and score so far are
    // treated as one state; the score keeps a good path from hiding behind a poor one.
    serializeState: (snapshot) => {
      const c = snapshot.context
      const total = scoreConversation(script, { turns: c.turns, outcome: 'resolved' }).total
      return `${String(snapshot.value)}|${c.emotion}|${c.turns.length}|${total}`
    },
  })
  const result = paths.map((p) => ({
    end: String(p.state.value),
    done: p.state.status === 'done',
    turns: p.state.context.turns,
    score: scoreConversation(script, p.state.context),
  }))
  enumerated.set(s, result)
  return result
}

/**
 * Lint from path enumeration: every beat reachable, every beat can reach an ending by the
 * trainee's replies, at least one passing and one failing path, no unused intent, each guided
 * choice recognised as itself in free-text mode, and every breach class has a consequence at
 * every beat.
 */
export function lintScenario(s: CheckedScenario): { errors: SourceProblem[]; warnings: SourceProblem[] } {
  const { script } = s
  const errors: SourceProblem[] = []
  const warnings: SourceProblem[] = []
  const at = (key: string, field: string, message: string): SourceProblem => ({
    file: s.file,
    line: s.lines.get(key) ?? 1,
    column: 1,
    field,
    message,
  })

  const paths = enumeratePaths(s)
  const visited = new Set(paths.map((p) => p.end))
  const finals = paths.filter((p) => p.done).map((p) => p.score)

  for (const id of Object.keys(script.beats)) {
    if (!visited.has(id)) errors.push(at(id, `beats.${id}`, 'is unreachable: no path of replies leads here'))
  }
  // Ways out by the trainee's own replies (the automatic endings do not count).
  const canEnd = new Set(
    Object.entries(script.beats)
      .filter(([, b]) => b.outcome)
      .map(([id]) => id),
  )
  for (let changed = true; changed;) {
    changed = false
    for (const [id, b] of Object.entries(script.beats)) {
      if (!canEnd.has(id) && b.replies?.some((r) => canEnd.has(r.next))) {
        canEnd.add(id)
        changed = true
      }
    }
  }
  for (const id of Object.keys(script.beats)) {
    if (!canEnd.has(id)) errors.push(at(id, `beats.${id}`, 'has no way out: no reply leads on to an ending'))
  }
  if (!finals.some((f) => f.passed)) errors.push(at('', 'beats', 'has no passing path: no sequence of replies passes'))
  if (!finals.some((f) => !f.passed)) errors.push(at('', 'beats', 'has no failing path: every sequence of replies passes'))
  if (!visited.has(LEFT_ANGRY) && !visited.has(BREACH) && !Object.values(script.beats).some((b) => b.outcome === 'left-angry')) {
    warnings.push(at('', 'beats', 'the customer can never leave angry'))
  }

  const used = new Set<string>()
  for (const b of Object.values(script.beats)) {
    for (const r of b.replies ?? []) for (const k of ['all', 'any', 'none'] as const) r.when[k]?.forEach((i) => used.add(i))
  }
  for (const id of Object.keys(script.intents)) {
    if (!used.has(id)) errors.push({ file: s.file, line: 1, column: 1, field: `intents.${id}`, message: 'is defined and never used' })
  }

  for (const [beatId, beat] of Object.entries(script.beats)) {
    if (beat.outcome) continue
    // A guided choice typed as free text should be recognised as the same reply.
    for (const reply of beat.replies ?? []) {
      const tried = tryReply(s, beatId, reply.choice)!
      const as = tried.reply?.id ?? 'nothing (otherwise)'
      if (as !== reply.id) {
        warnings.push(
          at(
            `${beatId}.${reply.id}`,
            `beats.${beatId}.replies.${reply.id}.choice`,
            `typed as free text, this choice is recognised as ${as}`,
          ),
        )
      }
    }
    // A breach typed at this beat must cost something: a recorded breach, or at least an
    // angrier customer. Otherwise it falls to `otherwise` with nothing happening.
    for (const breach of BREACHES) {
      const tried = tryReply(s, beatId, BREACH_PROBES[breach])!
      const costs =
        tried.turn.breaches.length > 0 ||
        tried.turn.emotionAfter > tried.turn.emotionBefore ||
        Object.values(tried.turn.evidence).some((n) => (n ?? 0) < 0)
      if (!costs)
        warnings.push(
          at(
            beatId,
            `beats.${beatId}`,
            `a ${breach} reply ("${BREACH_PROBES[breach]}") has no consequence here: it falls to otherwise with nothing happening`,
          ),
        )
    }
  }
  // Guided choices must not give the best one away by its length.
  for (const w of lengthTells(choiceItems(s), 'beats').warnings)
    warnings.push({ file: s.file, line: w.line, column: 1, field: w.field, message: w.message })
  return { errors, warnings }
}

/** The reply a trainer means as best at a beat: most skill points, then the calmest customer. */
export function bestReply<R extends { skills?: Partial<Record<string, number>>; emotion?: number }>(replies: readonly R[]): R | undefined {
  const points = (r: R) => Object.values(r.skills ?? {}).reduce<number>((a, b) => a + (b ?? 0), 0)
  return [...replies].sort((a, b) => points(b) - points(a) || (a.emotion ?? 0) - (b.emotion ?? 0))[0]
}

/** Each beat with guided choices as one multiple-choice item. */
export function choiceItems(s: CheckedScenario): ChoiceItem[] {
  const items: ChoiceItem[] = []
  for (const [beatId, beat] of Object.entries(s.script.beats)) {
    const replies = beat.replies ?? []
    if (replies.length < 2) continue
    const best = bestReply(replies)!
    items.push({
      line: s.lines.get(`${beatId}.${best.id}`) ?? s.lines.get(beatId) ?? 1,
      field: `beats.${beatId}.replies.${best.id}.choice`,
      best: [best.choice],
      others: replies.filter((r) => r !== best).map((r) => r.choice),
    })
  }
  return items
}

import { getShortestPaths } from 'xstate/graph'
import type { SourceProblem } from '#app/domain/yaml-validate.ts'
import { BREACH, LEFT_ANGRY } from './compile.ts'
import { initialContext, resolve, scoreConversation, type ReplyEvent } from './engine.ts'
import { machineFor } from './run.ts'
import type { CheckedScenario } from './validate.ts'

/**
 * Lint from path enumeration: every beat reachable, every beat can reach an ending by the
 * trainee's replies, at least one passing and one failing path, no unused intent, and each
 * guided choice recognised as itself in free-text mode.
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

  // Explore every state the trainee can drive the machine into with the guided choices and
  // with a reply that matches nothing.
  const machine = machineFor(s)
  const paths = getShortestPaths(machine, {
    input: { seed: 1, mode: 'guided' },
    events: (snapshot) => {
      const beat = script.beats[snapshot.context.beat]
      const choices: ReplyEvent[] = (beat?.replies ?? []).map((r) => ({ type: 'trainee.reply', choice: r.id, latencyMs: 0 }))
      return [...choices, { type: 'trainee.reply' as const, text: '嗯', latencyMs: 0 }]
    },
    // Paths that reach the same beat with the same emotion, turn count and score so far are
    // treated as one state; the score keeps a good path from hiding behind a poor one.
    serializeState: (snapshot) => {
      const c = snapshot.context
      const total = scoreConversation(script, { turns: c.turns, outcome: 'resolved' }).total
      return `${String(snapshot.value)}|${c.emotion}|${c.turns.length}|${total}`
    },
  })
  const visited = new Set(paths.map((p) => String(p.state.value)))
  const finals = paths.filter((p) => p.state.status === 'done').map((p) => scoreConversation(script, p.state.context))

  for (const id of Object.keys(script.beats)) {
    if (!visited.has(id)) errors.push(at(id, `beats.${id}`, 'is unreachable: no path of replies leads here'))
  }
  // Ways out by the trainee's own replies (the automatic endings do not count).
  const canEnd = new Set(Object.entries(script.beats).filter(([, b]) => b.outcome).map(([id]) => id))
  for (let changed = true; changed; ) {
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

  // A guided choice typed as free text should be recognised as the same reply.
  for (const [beatId, beat] of Object.entries(script.beats)) {
    for (const reply of beat.replies ?? []) {
      const ctx = { ...initialContext(s, { seed: 1, mode: 'free' }), beat: beatId }
      const r = resolve(s, ctx, { type: 'trainee.reply', text: reply.choice, latencyMs: 0 })
      const as = r.kind === 'reply' ? beat.replies![r.index]!.id : 'nothing (otherwise)'
      if (as !== reply.id) {
        warnings.push(at(`${beatId}.${reply.id}`, `beats.${beatId}.replies.${reply.id}.choice`, `typed as free text, this choice is recognised as ${as}`))
      }
    }
  }
  return { errors, warnings }
}

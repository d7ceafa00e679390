import type { ConversationState } from './run.ts'

/** The JSON the CLI prints for a replayed conversation. */
export function replayReport(scenario: { script: { id: string; version: number; passMark: number } }, state: ConversationState) {
  const { context, score } = state
  return {
    scenario: scenario.script.id,
    version: scenario.script.version,
    finished: state.done,
    outcome: score.outcome,
    passed: score.passed,
    total: score.total,
    passMark: scenario.script.passMark,
    skills: score.skills,
    cappedBy: score.cappedBy,
    turns: context.turns.map((t) => ({
      beat: t.beat,
      text: t.text,
      reply: t.replyId,
      intents: t.matches.map((m) => (m.negated ? `not ${m.intent} (${m.words})` : `${m.intent} (${m.words})`)),
      breaches: t.breaches.map((b) => `${b.breach} (${b.words})`),
      emotion: `${t.emotionBefore} → ${t.emotionAfter}`,
      slow: t.slow,
    })),
    messages: context.messages.map((m) => `${m.from === 'customer' ? '顾客' : '客服'}：${m.text}`),
  }
}

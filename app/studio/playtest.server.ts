/**
 * The studio's playtest: plays a scenario's text (saved or not) through the same compiler and
 * machine as a trainee's attempt, and explains every reply the way `npm run scenario -- judge`
 * does — what was recognised and why a phrase did not count, the scripted reply taken, the
 * emotion change and the score contributions — with the score and feedback the trainee would see.
 *
 * Stateless and read-only: the client sends the whole reply list each time and it is replayed
 * from scratch (the state is the replay of the events, as for an attempt). Nothing is recorded.
 */
import type { SourceProblem } from '#app/domain/yaml-validate.ts'
import type { Skill } from '#app/domain/skills.ts'
import { BEHAVIOUR_OF_BREACH, type Behaviour, type Verdict } from '#app/judge/behaviours.ts'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import type { Correction } from '#app/judge/normalise.ts'
import type { Discount, IntentMatch } from '#app/judge/recognise.ts'
import { TONE_INTENT, type ToneVerdict } from '#app/judge/tone.ts'
import { verdictOf } from '#app/judge/verdict.ts'
import { breachEffect, judgeText, lastCustomerLine, type Message, type Mode, type RoleplayScore, type Turn } from '#app/roleplay/engine.ts'
import { annotateTurns, emotionTrail } from '#app/roleplay/feedback.ts'
import { choicesFor, judgeLog, replay, type ConversationState } from '#app/roleplay/run.ts'
import type { Breach, Outcome, SampleReply, SampleTranscript } from '#app/roleplay/schema.ts'
import { transcriptEvents } from '#app/roleplay/transcript.ts'
import type { CheckedScenario } from '#app/roleplay/validate.ts'
import { compileSource } from './compile.server.ts'

/** A reply as the panel sends it: free text or a guided choice, and how long it took (seconds). */
export type PlaytestReply = { text: string; seconds: number } | { choice: string; seconds: number }

export interface PlaytestInput {
  scenarioId: string
  source: string
  mode: Mode
  seed: number
  replies: readonly PlaytestReply[]
}

/** The longest text a sample reply may hold (the samples schema's limit). */
export const SAMPLE_TEXT_MAX = 300

/** The reply latency the panel uses unless told otherwise, as the transcript format's default. */
export const DEFAULT_REPLY_SECONDS = 10

export interface PlaytestMatch {
  intent: string
  words: string
  /** The phrase or pattern behind it. */
  cue: string
  /** Why it does not count (null: it counts). */
  discounted: Discount | null
  /** Why a negated-looking match still counts. */
  affirmed: 'double-negation' | 'rhetorical' | null
}

export interface PlaytestFinding {
  behaviour: Behaviour
  intent: string
  words: string
  cue: string
  /** Added by the tone model, not by a phrase or pattern. */
  byTone: boolean
}

export interface PlaytestBreach {
  breach: Breach
  intent: string
  words: string
  /** What the scenario does about it: end the chat, zero the total, or cap it. */
  effect: 'end' | 'zero' | 'cap'
  cap: number | null
}

/** One reply explained. */
export interface PlaytestTurn {
  /** 1-based, as the feedback page numbers turns. */
  n: number
  beat: string
  /** What the trainee said: the text typed, or the chosen reply's choice text. */
  text: string
  /** Guided mode: the id of the reply picked. */
  choice: string | null
  /** Free text: the reply as the judge read it (normalised), with what normalisation repaired. */
  readAs: string | null
  corrections: Correction[]
  /** Intents that count. */
  intents: PlaytestMatch[]
  /** Matches that do not count, each with its reason. */
  discounted: PlaytestMatch[]
  /** Behaviours the universal layer saw, with the words. */
  findings: PlaytestFinding[]
  /** The tone model's reading, when one is installed (free text only). */
  tone: ToneVerdict | null
  breaches: PlaytestBreach[]
  /** The scripted reply the machine took, or null for the beat's `otherwise`. */
  reply: { id: string; note: string; breach: Breach | null } | null
  /** No scripted reply took it and the universal layer scored what it showed. */
  universal: boolean
  /** The beat's `otherwise` note, when it applied. */
  otherwiseNote: string | null
  /** The beat the conversation stands at after the reply (its ending's beat when it ended). */
  to: string
  emotionBefore: number
  emotionAfter: number
  /** Score contributions (−3…+3 a skill). */
  evidence: Partial<Record<Skill, number>>
  seconds: number
  /** Slower than the customer's patience: the customer nudged first, timeliness loses points. */
  slow: boolean
  /** The verdict a trainer would give, from what the judge saw and the scripted reply taken. */
  verdict: Verdict
  behaviours: Behaviour[]
  /**
   * Free text: the sample reply to add, as the studio's sample run judges it at this beat (from
   * the beat's opening, which can differ from this conversation's emotion or turn count); null
   * for a guided choice or a text longer than a sample may be.
   */
  sample: SampleReply | null
}

export type PlaytestResult =
  | { ok: false; problems: SourceProblem[] }
  | {
      ok: true
      scenario: {
        id: string
        title: string
        persona: { name: string; profile: string }
        order: { id: string; item: string; price: number; status: string; facts: string[] }
        passMark: number
        passOutcomes: Outcome[]
        patienceSeconds: number
        maxTurns: number
        angryAt: number
      }
      mode: Mode
      seed: number
      messages: Message[]
      turns: PlaytestTurn[]
      /** A reply sent after the customer had already left (out of patience): not delivered. */
      undelivered: { index: number; text: string } | null
      /** Guided mode: the current beat's choices, in the order the trainee would see them. */
      choices: { id: string; text: string }[]
      beat: string
      done: boolean
      emotion: number
      outcome: Outcome | null
      score: RoleplayScore
      /** What the trainee's feedback page would show, turn by turn, and the emotion chart. */
      feedback: { turns: ReturnType<typeof annotateTurns>; trail: ReturnType<typeof emotionTrail> }
      /** The whole conversation as a sample transcript, once it has ended (the panel names it). */
      transcript: Omit<SampleTranscript, 'name'> | null
    }

/** A reply the conversation cannot take: after the end, a choice not offered, an empty text. */
export class PlaytestInputError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message)
    this.name = 'PlaytestInputError'
  }
}

// The panel replays the same text on every reply: keep the last few compiled, so the machine and
// the judge's memo are reused (both are keyed by the scenario object).
const compiled = new Map<string, ReturnType<typeof compileSource>>()
const COMPILED_CACHE = 8

function compileCached(scenarioId: string, source: string) {
  const key = `${scenarioId}\u0000${source}`
  let result = compiled.get(key)
  if (result) compiled.delete(key)
  else result = compileSource(scenarioId, source)
  compiled.set(key, result)
  if (compiled.size > COMPILED_CACHE) compiled.delete(compiled.keys().next().value!)
  return result
}

const matchOf = (m: IntentMatch): PlaytestMatch => ({
  intent: m.intent,
  words: m.words,
  cue: m.cue,
  discounted: m.discounted,
  affirmed: m.affirmed ?? null,
})

const points = (skills: Partial<Record<Skill, number>>) => Object.values(skills).reduce((a, b) => a + (b ?? 0), 0)

/** The customer's last line before the trainee's `k`-th message (0-based): what the judge heard. */
function customerLineBefore(messages: readonly Message[], k: number) {
  let seen = -1
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.from !== 'trainee') continue
    if (++seen === k) return lastCustomerLine({ messages: messages.slice(0, i) })
  }
  return undefined
}

function explain(
  scenario: CheckedScenario,
  turn: Turn,
  index: number,
  messages: readonly Message[],
  reply: PlaytestReply,
  to: string,
): PlaytestTurn {
  const { script } = scenario
  const beat = script.beats[turn.beat]!
  const scripted = turn.replyId ? (beat.replies ?? []).find((r) => r.id === turn.replyId)! : null
  const free = 'text' in reply
  // The judge's memo gives back the very recognition the machine received (same text, same line).
  const judged = free ? judgeText(scenario, reply.text, customerLineBefore(messages, index)) : null
  const seen = new Set<Behaviour>((turn.findings ?? []).map((f) => f.behaviour))
  if (scripted?.breach) seen.add(BEHAVIOUR_OF_BREACH[scripted.breach])
  const behaviours = [...seen]
  const verdict = verdictOf(behaviours, scripted ? { points: points(scripted.skills), breach: Boolean(scripted.breach) } : null)
  let sample: SampleReply | null = null
  const text = free ? reply.text.trim() : ''
  if (text && text.length <= SAMPLE_TEXT_MAX) {
    const atBeat = judgeEntry(scenario, turn.beat, text)
    sample = { beat: turn.beat, text, verdict: atBeat.verdict, behaviours: atBeat.behaviours }
  }
  return {
    n: index + 1,
    beat: turn.beat,
    text: turn.text,
    choice: free ? null : reply.choice,
    readAs: judged ? judged.text : null,
    corrections: turn.corrections ?? [],
    intents: turn.matches.filter((m) => !m.discounted).map(matchOf),
    discounted: turn.matches.filter((m) => m.discounted).map(matchOf),
    findings: (turn.findings ?? []).map((f) => ({ ...f, byTone: f.intent === TONE_INTENT })),
    tone: judged?.tone ?? null,
    breaches: turn.breaches.map((b) => {
      const effect = breachEffect(script, b.breach)
      return { ...b, effect: effect.effect, cap: effect.effect === 'cap' ? (effect.cap ?? 50) : null }
    }),
    reply: scripted ? { id: scripted.id, note: scripted.note, breach: scripted.breach ?? null } : null,
    universal: Boolean(turn.universal),
    otherwiseNote: scripted ? null : turn.note,
    to,
    emotionBefore: turn.emotionBefore,
    emotionAfter: turn.emotionAfter,
    evidence: turn.evidence,
    seconds: reply.seconds,
    slow: turn.slow,
    verdict,
    behaviours,
    sample,
  }
}

/**
 * Plays `replies` through the scenario compiled from `source`, from scratch. A text that does not
 * compile gives its problems (line and column); a reply the conversation cannot take throws
 * PlaytestInputError. Reads no database and writes nothing.
 */
export function playtest(input: PlaytestInput): PlaytestResult {
  const result = compileCached(input.scenarioId, input.source)
  if (!result.ok) return { ok: false, problems: result.problems }
  const scenario = result.scenario
  const { script } = scenario
  const start = { seed: input.seed, mode: input.mode }
  const events = transcriptEvents({ mode: input.mode, seed: input.seed, replies: [...input.replies] })

  let state: ConversationState = replay(scenario, start, [])
  const explained: { turn: Turn; reply: PlaytestReply; to: string }[] = []
  let undelivered: { index: number; text: string } | null = null
  for (const [i, reply] of input.replies.entries()) {
    const before = state
    // judgeLog steps on from the known state: the whole list costs one replay.
    const judged = judgeLog(scenario, start, events.slice(0, i + 1), before)
    if (!judged.accepted) throw new PlaytestInputError(i, refusal(before, reply, i))
    state = judged.state
    if (state.context.turns.length > before.context.turns.length)
      explained.push({ turn: state.context.turns.at(-1)!, reply, to: state.context.beat })
    // Slower than the customer's patience, and the nudge was the last straw: the customer left first.
    else undelivered = { index: i, text: 'text' in reply ? reply.text : (beatChoice(scenario, before, reply.choice) ?? reply.choice) }
  }

  const ctx = state.context
  const turns = explained.map(({ turn, reply, to }, k) => explain(scenario, turn, k, ctx.messages, reply, to))
  const score = state.score
  return {
    ok: true,
    scenario: {
      id: script.id,
      title: script.title,
      persona: script.persona,
      order: script.order,
      passMark: script.passMark,
      passOutcomes: script.passOutcomes,
      patienceSeconds: script.patience.seconds,
      maxTurns: script.limits.maxTurns,
      angryAt: script.limits.angryAt,
    },
    mode: input.mode,
    seed: input.seed,
    messages: ctx.messages,
    turns,
    undelivered,
    choices: input.mode === 'guided' ? choicesFor(scenario, state) : [],
    beat: ctx.beat,
    done: state.done,
    emotion: ctx.emotion,
    outcome: score.outcome,
    score,
    feedback: { turns: annotateTurns(scenario, ctx), trail: emotionTrail(scenario, ctx) },
    transcript:
      state.done && score.outcome && input.replies.length
        ? {
            mode: input.mode,
            seed: input.seed,
            replies: input.replies.map((r) =>
              'text' in r ? { text: r.text, seconds: r.seconds } : { choice: r.choice, seconds: r.seconds },
            ),
            expect: { outcome: score.outcome, passed: score.passed, score: scoreBand(score.total) },
          }
        : null,
  }
}

/** The score band a saved transcript expects: the total ±5, within 0–100. */
export function scoreBand(total: number): [number, number] {
  return [Math.max(0, total - 5), Math.min(100, total + 5)]
}

function beatChoice(scenario: CheckedScenario, state: ConversationState, id: string) {
  return scenario.script.beats[state.context.beat]?.replies?.find((r) => r.id === id)?.choice
}

function refusal(state: ConversationState, reply: PlaytestReply, i: number) {
  const n = i + 1
  if (state.done) return `reply ${n}: the conversation had already ended`
  if (state.context.mode === 'guided') {
    if (!('choice' in reply)) return `reply ${n}: guided mode takes a choice, not text`
    return `reply ${n}: "${reply.choice}" is not one of the choices at beat "${state.context.beat}"`
  }
  if (!('text' in reply)) return `reply ${n}: free-text mode takes text, not a choice`
  return `reply ${n}: the reply is empty`
}

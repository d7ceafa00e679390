/**
 * The pure rules of a role-play: what a trainee reply resolves to, what it changes, and how an
 * attempt scores. The compiled machine (compile.ts) calls these from its guards and actions.
 */
import { recognise, type IntentMatch } from '#app/domain/recognition.ts'
import { seededRandom } from '#app/domain/random.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { DEFAULT_BREACHES, DEFAULT_WEIGHTS, type Beat, type Breach, type Outcome, type Reply, type ScenarioScript } from './schema.ts'
import type { ResolvedIntent } from './validate.ts'

export interface Scenario {
  script: ScenarioScript
  intents: ResolvedIntent[]
}

export type Mode = 'guided' | 'free'

/** A trainee reply as the machine receives it. */
export interface ReplyEvent {
  type: 'trainee.reply'
  text?: string
  choice?: string
  /** Measured by the server: time since the customer's last message. */
  latencyMs: number
}

export interface BreachFinding {
  breach: Breach
  intent: string
  words: string
}

export interface Message {
  from: 'customer' | 'trainee'
  text: string
  /** Customer nudges sent while the trainee was slow. */
  nudge?: boolean
}

export interface Turn {
  beat: string
  text: string
  /** The reply it was recognised as, or null when nothing matched (`otherwise`). */
  replyId: string | null
  matches: IntentMatch[]
  breaches: BreachFinding[]
  latencyMs: number
  slow: boolean
  emotionBefore: number
  emotionAfter: number
  evidence: Partial<Record<Skill, number>>
  note: string | null
}

export interface RoleplayContext {
  scenarioId: string
  seed: number
  mode: Mode
  beat: string
  emotion: number
  messages: Message[]
  turns: Turn[]
  outcome: Outcome | null
  /** Set when the customer already answered a reply, so the next beat's line is not said too. */
  answered: boolean
}

export type Resolution =
  | { kind: 'reply'; index: number; ending: 'left-angry' | 'breach' | null }
  | { kind: 'otherwise'; ending: 'left-angry' | 'breach' | null }

export function pick<T>(items: readonly T[], seed: number, salt: string): T {
  let h = seed >>> 0
  for (const ch of salt) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0
  return items[Math.floor(seededRandom(h)() * items.length)]!
}

export function breachEffect(script: ScenarioScript, breach: Breach) {
  return script.breaches[breach] ?? DEFAULT_BREACHES[breach]
}

const recognised = new WeakMap<Scenario, Map<string, ReturnType<typeof recogniseUncached>>>()
const RECOGNITION_CACHE = 500

/**
 * Intents and compliance findings in a free-text reply. Memoised per scenario: replaying a log
 * asks about the same reply once per guarded transition.
 */
export function recogniseReply(scenario: Scenario, text: string) {
  let cache = recognised.get(scenario)
  if (!cache) recognised.set(scenario, (cache = new Map()))
  let result = cache.get(text)
  if (!result) {
    result = recogniseUncached(scenario, text)
    if (cache.size >= RECOGNITION_CACHE) cache.delete(cache.keys().next().value!)
    cache.set(text, result)
  }
  return result
}

function recogniseUncached(scenario: Scenario, text: string) {
  const matches = recognise(text, scenario.intents)
  const live = matches.filter((m) => !m.negated)
  const intents = [...new Set(live.map((m) => m.intent))]
  const breaches: BreachFinding[] = []
  for (const m of live) {
    const breach = scenario.intents.find((i) => i.id === m.intent)?.breach
    if (breach) breaches.push({ breach, intent: m.intent, words: m.words })
  }
  return { matches, intents, breaches }
}

function conditionHolds(reply: Reply, ctx: RoleplayContext) {
  const c = reply.if
  if (!c) return true
  const turns = ctx.turns.length
  return (
    (c.emotionBelow === undefined || ctx.emotion < c.emotionBelow) &&
    (c.emotionAtLeast === undefined || ctx.emotion >= c.emotionAtLeast) &&
    (c.turnsAtLeast === undefined || turns >= c.turnsAtLeast) &&
    (c.turnsBelow === undefined || turns < c.turnsBelow)
  )
}

function whenHolds(reply: Reply, intents: readonly string[]) {
  const has = (i: string) => intents.includes(i)
  const w = reply.when
  return (!w.all || w.all.every(has)) && (!w.any || w.any.some(has)) && !(w.none ?? []).some(has)
}

export const clampEmotion = (n: number) => Math.max(0, Math.min(100, n))

const resolutions = new WeakMap<ReplyEvent, { ctx: RoleplayContext; resolution: Resolution }>()

/**
 * What a reply event does in the current beat. Pure: the machine's guards ask this, once per
 * candidate transition, so the answer is remembered for this event and context.
 */
export function resolve(scenario: Scenario, ctx: RoleplayContext, event: ReplyEvent): Resolution {
  const known = resolutions.get(event)
  if (known?.ctx === ctx) return known.resolution
  const resolution = resolveUncached(scenario, ctx, event)
  resolutions.set(event, { ctx, resolution })
  return resolution
}

function resolveUncached(scenario: Scenario, ctx: RoleplayContext, event: ReplyEvent): Resolution {
  const replies = scenario.script.beats[ctx.beat]!.replies ?? []
  let index: number
  if (event.choice !== undefined) {
    index = replies.findIndex((r) => r.id === event.choice && conditionHolds(r, ctx))
  } else {
    const { intents } = recogniseReply(scenario, event.text ?? '')
    index = replies.findIndex((r) => whenHolds(r, intents) && conditionHolds(r, ctx))
  }
  const ending = endingAfter(scenario, ctx, event, index, breachesOf(scenario, ctx, event, index))
  return index >= 0 ? { kind: 'reply', index, ending } : { kind: 'otherwise', ending }
}

/**
 * The compliance breaches a reply commits: those the vocabulary finds in free text, and the
 * breach the script marks on the reply it was recognised as (in either mode).
 */
function breachesOf(scenario: Scenario, ctx: RoleplayContext, event: ReplyEvent, index: number): BreachFinding[] {
  const reply = index >= 0 ? scenario.script.beats[ctx.beat]!.replies![index]! : null
  const recognised = event.choice === undefined ? recogniseReply(scenario, event.text ?? '') : null
  const found = recognised ? [...recognised.breaches] : []
  if (reply?.breach && !found.some((b) => b.breach === reply.breach)) {
    const words = recognised ? recognised.matches.filter((m) => !m.negated).map((m) => m.words).join('、') || (event.text ?? '') : reply.choice
    found.push({ breach: reply.breach, intent: reply.id, words })
  }
  return found
}

function endingAfter(scenario: Scenario, ctx: RoleplayContext, event: ReplyEvent, index: number, breaches: BreachFinding[]) {
  const { script } = scenario
  if (breaches.some((b) => breachEffect(script, b.breach).effect === 'end')) return 'breach' as const
  const beat = script.beats[ctx.beat]!
  const reply = index >= 0 ? beat.replies![index]! : null
  const next = reply ? script.beats[reply.next]! : beat
  if (next.outcome) return null
  const emotion = clampEmotion(ctx.emotion + emotionDelta(script, beat, reply, event))
  if (emotion >= script.limits.angryAt || ctx.turns.length + 1 >= script.limits.maxTurns) return 'left-angry' as const
  return null
}

function isSlow(script: ScenarioScript, event: ReplyEvent) {
  return event.latencyMs > script.patience.seconds * 1000
}

function emotionDelta(script: ScenarioScript, beat: Beat, reply: Reply | null, event: ReplyEvent) {
  const base = reply ? reply.emotion : (beat.otherwise?.emotion ?? 5)
  return base + (isSlow(script, event) ? script.patience.emotion : 0)
}

export function lineFor(lines: readonly string[], ctx: RoleplayContext, salt: string) {
  return pick(lines, ctx.seed, `${salt}#${ctx.turns.length}`)
}

/** The context after a reply: the turn recorded, messages added, emotion moved. */
export function applyReply(scenario: Scenario, ctx: RoleplayContext, event: ReplyEvent, resolution: Resolution): RoleplayContext {
  const { script } = scenario
  const beat = script.beats[ctx.beat]!
  const reply = resolution.kind === 'reply' ? beat.replies![resolution.index]! : null
  const recognised = event.choice === undefined ? recogniseReply(scenario, event.text ?? '') : null
  const text = reply && event.choice !== undefined ? reply.choice : (event.text ?? '')
  const slow = isSlow(script, event)
  const emotionAfter = clampEmotion(ctx.emotion + emotionDelta(script, beat, reply, event))
  const breaches = breachesOf(scenario, ctx, event, resolution.kind === 'reply' ? resolution.index : -1)
  const messages: Message[] = [...ctx.messages]
  if (slow) messages.push({ from: 'customer', text: lineFor(script.patience.nudges, ctx, 'nudge'), nudge: true })
  messages.push({ from: 'trainee', text })
  const turn: Turn = {
    beat: ctx.beat,
    text,
    replyId: reply?.id ?? null,
    matches: recognised?.matches ?? [],
    breaches,
    latencyMs: event.latencyMs,
    slow,
    emotionBefore: ctx.emotion,
    emotionAfter,
    evidence: reply ? reply.skills : {},
    note: reply ? reply.note : (beat.otherwise?.note ?? null),
  }
  const next: RoleplayContext = { ...ctx, emotion: emotionAfter, messages, turns: [...ctx.turns, turn], answered: false }
  if (resolution.ending) return next
  if (reply?.customer) {
    messages.push({ from: 'customer', text: lineFor(reply.customer, ctx, `${ctx.beat}.${reply.id}`) })
    next.answered = true
  } else if (!reply && beat.otherwise) {
    messages.push({ from: 'customer', text: lineFor(beat.otherwise.customer, ctx, `${ctx.beat}.otherwise`) })
  }
  return next
}

/** Entering a beat: the customer says its line (unless a reply's answer already spoke). */
export function enterBeat(scenario: Scenario, ctx: RoleplayContext, beatId: string): RoleplayContext {
  const beat = scenario.script.beats[beatId]!
  const messages = ctx.answered ? ctx.messages : [...ctx.messages, { from: 'customer' as const, text: lineFor(beat.customer, ctx, beatId) }]
  return { ...ctx, beat: beatId, messages, answered: false, outcome: beat.outcome ?? ctx.outcome }
}

export function endWith(scenario: Scenario, ctx: RoleplayContext, outcome: 'left-angry' | 'breach'): RoleplayContext {
  const lines = outcome === 'breach' ? scenario.script.closings.breach : scenario.script.closings.angry
  return { ...ctx, outcome, messages: [...ctx.messages, { from: 'customer', text: lineFor(lines, ctx, outcome) }] }
}

/** The context before the first beat is entered (the machine's entry action says its line). */
export function initialContext(scenario: Scenario, input: { seed: number; mode: Mode }): RoleplayContext {
  return {
    scenarioId: scenario.script.id,
    seed: input.seed,
    mode: input.mode,
    beat: scenario.script.start,
    emotion: scenario.script.emotion,
    messages: [],
    turns: [],
    outcome: null,
    answered: false,
  }
}

export interface RoleplayScore {
  skills: Record<Skill, number>
  total: number
  passed: boolean
  outcome: Outcome | null
  /** The breach that capped or zeroed the total, if any. */
  cappedBy: { breach: Breach; effect: 'end' | 'zero' | 'cap'; cap: number } | null
}

/**
 * Scores a finished (or unfinished) conversation: etiquette, empathy and resolution start at
 * 60 and move 10 per evidence point; compliance starts at 100 and loses 20 per negative point,
 * 0 on any breach; timeliness is 100 less 20 per slow reply. Breach caps apply to the total.
 */
export function scoreConversation(script: ScenarioScript, ctx: Pick<RoleplayContext, 'turns' | 'outcome'>): RoleplayScore {
  const points = Object.fromEntries(SKILLS.map((s) => [s, 0])) as Record<Skill, number>
  for (const t of ctx.turns) for (const [skill, n] of Object.entries(t.evidence)) points[skill as Skill] += n ?? 0
  const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)))
  const breaches = ctx.turns.flatMap((t) => t.breaches)
  const slow = ctx.turns.filter((t) => t.slow).length
  const skills: Record<Skill, number> = {
    etiquette: clamp(60 + 10 * points.etiquette),
    empathy: clamp(60 + 10 * points.empathy),
    resolution: clamp(60 + 10 * points.resolution),
    compliance: breaches.length ? 0 : clamp(100 + 20 * Math.min(0, points.compliance)),
    timeliness: clamp(100 - 20 * slow + 10 * Math.max(0, points.timeliness)),
  }
  const weights = { ...DEFAULT_WEIGHTS, ...script.weights }
  const weightSum = SKILLS.reduce((s, k) => s + weights[k], 0) || 1
  let total = SKILLS.reduce((s, k) => s + skills[k] * weights[k], 0) / weightSum
  let cappedBy: RoleplayScore['cappedBy'] = null
  for (const b of breaches) {
    const effect = breachEffect(script, b.breach)
    const cap = effect.effect === 'cap' ? (effect.cap ?? 50) : 0
    if (total > cap) {
      total = cap
      cappedBy = { breach: b.breach, effect: effect.effect, cap }
    }
  }
  total = Math.round(total)
  const outcomeOk = ctx.outcome !== null && script.passOutcomes.includes(ctx.outcome)
  return { skills, total, passed: outcomeOk && total >= script.passMark, outcome: ctx.outcome, cappedBy }
}

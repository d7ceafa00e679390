/**
 * The pure rules of a role-play: what a reply changes, the universal layer's consequences for
 * replies the script did not foresee, and how an attempt scores. The compiled machine
 * (compile.ts) chooses transitions by named guards over the recognised reply and calls these
 * from its actions.
 */
import { isFaultIntent, recognise, type BehaviourFinding, type IntentMatch } from '#app/judge/recognise.ts'
import { currentToneModel, joinTone, scoreTone, toneInput, type ToneVerdict } from '#app/judge/tone.ts'
import type { Correction } from '#app/judge/normalise.ts'
import { isNegative, type Behaviour, type NegativeBehaviour } from '#app/judge/behaviours.ts'
import { seededRandom } from '#app/domain/random.ts'
import { SKILLS, type Skill } from '#app/domain/skills.ts'
import { DEFAULT_BREACHES, DEFAULT_WEIGHTS, type Breach, type Outcome, type Reply, type ScenarioScript } from './schema.ts'
import type { CheckedScenario } from './validate.ts'

export type Scenario = Pick<CheckedScenario, 'script' | 'intents' | 'vocabulary' | 'lexicon'>

export type Mode = 'guided' | 'free'

export interface BreachFinding {
  breach: Breach
  intent: string
  words: string
}

/** What the server's judge recognised in a free-text reply, carried by the event. */
export interface Judged {
  /** Intents that count, for the beat's `when`. */
  intents: string[]
  /** Behaviours shown, each once. */
  behaviours: Behaviour[]
  /** The negative ones: any of them makes the reply a fault. */
  faults: NegativeBehaviour[]
  findings: BehaviourFinding[]
  breaches: BreachFinding[]
  /** Every match, including those discounted and why. */
  matches: IntentMatch[]
  corrections: Correction[]
  /** The reply as it was matched, after normalisation. */
  text: string
  /** What the tone model made of the reply, when one is installed. */
  tone?: ToneVerdict
}

/** A trainee reply as the log stores it. */
export interface ReplyEvent {
  type: 'trainee.reply'
  text?: string
  choice?: string
  /** Measured by the server: time since the customer's last message. */
  latencyMs: number
}

/** A reply as the machine receives it: free text comes recognised, once, by the server. */
export type JudgedReplyEvent = ReplyEvent & { judged?: Judged }
export type PatienceEvent = { type: 'patience.expired' }
/** The customer's patience ran out while the trainee was silent: the server logged it live. */
export interface PatienceLogEvent {
  type: 'patience.expired'
  /** Measured by the server: time since the customer's last message. */
  latencyMs: number
}
/** What an attempt's log holds, in order. */
export type LoggedEvent = ReplyEvent | PatienceLogEvent
export type RoleplayEvent = JudgedReplyEvent | PatienceEvent

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
  /** Behaviours the judge saw, with the words behind each. */
  findings?: BehaviourFinding[]
  corrections?: Correction[]
  breaches: BreachFinding[]
  latencyMs: number
  slow: boolean
  emotionBefore: number
  emotionAfter: number
  evidence: Partial<Record<Skill, number>>
  /** True when the evidence came from the universal layer, not from a scripted reply. */
  universal?: boolean
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
  /** The customer nudged since the last reply: the next reply is a slow one. */
  waited: boolean
}

export function pick<T>(items: readonly T[], seed: number, salt: string): T {
  let h = seed >>> 0
  for (const ch of salt) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0
  return items[Math.floor(seededRandom(h)() * items.length)]!
}

export function breachEffect(script: ScenarioScript, breach: Breach) {
  return script.breaches[breach] ?? DEFAULT_BREACHES[breach]
}

const judgedCache = new WeakMap<Scenario, Map<string, Judged>>()
const JUDGED_CACHE = 500
let caching = true
/** The benchmark times fresh judgements: it turns the memo off. */
export function setJudgeCache(on: boolean) {
  caching = on
}

/**
 * Recognises a free-text reply once: intents, behaviours and breaches, each with its words.
 * `customerLine` is the customer's last message, so words quoted back from it do not count.
 */
export function judgeText(scenario: Scenario, text: string, customerLine?: string): Judged {
  let cache = judgedCache.get(scenario)
  if (!cache) judgedCache.set(scenario, (cache = new Map()))
  const key = `${customerLine ?? ''}\u0000${text}`
  let judged = caching ? cache.get(key) : undefined
  if (!judged) {
    const recognised = recognise(text, scenario.lexicon, { customerLine })
    const model = currentToneModel()
    const joined = model
      ? joinTone(
          recognised,
          scoreTone(model, toneInputOf(recognised)),
          (id) => isFaultIntent(scenario.lexicon, id),
          (id) => scenario.lexicon.intents.get(id)?.source === 'scenario',
        )
      : null
    const r = joined?.recognition ?? recognised
    const behaviours = [...new Set(r.behaviours.map((b) => b.behaviour))]
    judged = {
      intents: r.intents,
      behaviours,
      faults: behaviours.filter(isNegative),
      findings: r.behaviours,
      breaches: r.breaches,
      matches: r.matches,
      corrections: r.corrections,
      text: r.text,
      ...(joined ? { tone: joined.tone } : {}),
    }
    if (cache.size >= JUDGED_CACHE) cache.delete(cache.keys().next().value!)
    cache.set(key, judged)
  }
  return judged
}

/** What the tone model reads of a recognition: the normalised reply, discounted phrases masked. */
export function toneInputOf(r: Pick<Judged, 'text' | 'matches'>) {
  return toneInput(
    r.text,
    r.matches.filter((m) => m.discounted),
  )
}

/** The customer's last line in a conversation. */
export function lastCustomerLine(ctx: Pick<RoleplayContext, 'messages'>) {
  for (let i = ctx.messages.length - 1; i >= 0; i--) if (ctx.messages[i]!.from === 'customer') return ctx.messages[i]!.text
  return undefined
}

export const clampEmotion = (n: number) => Math.max(0, Math.min(100, n))

/** What the universal layer makes of a reply no scripted reply took: evidence and emotion. */
const UNIVERSAL: Record<Behaviour, { skills: Partial<Record<Skill, number>>; emotion: number }> = {
  apology: { skills: { etiquette: 1 }, emotion: -3 },
  empathy: { skills: { empathy: 1 }, emotion: -4 },
  solution: { skills: { resolution: 1 }, emotion: -3 },
  'policy-correct': { skills: { resolution: 1 }, emotion: 0 },
  escalate: { skills: { resolution: 1 }, emotion: -2 },
  'privacy-safe': { skills: { compliance: 1 }, emotion: 0 },
  dismissive: { skills: { empathy: -1, etiquette: -1 }, emotion: 10 },
  blame: { skills: { empathy: -1 }, emotion: 15 },
  'policy-wrong': { skills: { compliance: -1, resolution: -1 }, emotion: 10 },
  rude: { skills: { etiquette: -2 }, emotion: 25 },
  'illegal-promise': { skills: { compliance: -1 }, emotion: 0 },
  'privacy-leak': { skills: { compliance: -2 }, emotion: 0 },
  'induce-review': { skills: { compliance: -1 }, emotion: 5 },
}

export function universalEffect(behaviours: readonly Behaviour[], base: number) {
  const skills: Partial<Record<Skill, number>> = {}
  let emotion = base
  for (const b of behaviours) {
    for (const [skill, n] of Object.entries(UNIVERSAL[b].skills)) skills[skill as Skill] = (skills[skill as Skill] ?? 0) + n!
    emotion += UNIVERSAL[b].emotion
  }
  for (const skill of Object.keys(skills) as Skill[]) skills[skill] = Math.max(-2, Math.min(2, skills[skill]!))
  // A fault is never softened by what came with it; a decent reply never angers more than the
  // beat's own `otherwise`.
  const faulty = behaviours.some(isNegative)
  return { skills, emotion: faulty ? Math.max(base, emotion) : Math.min(base, emotion) }
}

const DEFAULT_REACTIONS: Record<'dismissive' | 'blame' | 'policy-wrong', string[]> = {
  dismissive: ['你这是什么态度？我是在认真问你。', '就这？你们客服就是这么打发人的？'],
  blame: ['怎么又成我的错了？', '你的意思是怪我咯？'],
  'policy-wrong': ['这跟我有什么关系？我是在你们店买的。', '你别跟我绕，这事你们到底管不管？'],
}

/** What the customer says to a reply that shows a fault the script did not foresee. */
function reactionTo(script: ScenarioScript, faults: readonly NegativeBehaviour[]) {
  for (const kind of ['blame', 'dismissive', 'policy-wrong'] as const) {
    if (faults.includes(kind)) return { kind, lines: script.reactions[kind] ?? DEFAULT_REACTIONS[kind] }
  }
  return null
}

/** The compliance breaches of a reply: those the judge found, and the one the script marks on it. */
export function breachesOf(event: JudgedReplyEvent, reply: Reply | null): BreachFinding[] {
  const found = event.judged ? [...event.judged.breaches] : []
  if (reply?.breach && !found.some((b) => b.breach === reply.breach)) {
    const words = event.judged ? event.judged.findings.map((f) => f.words).join('、') || (event.text ?? '') : reply.choice
    found.push({ breach: reply.breach, intent: reply.id, words })
  }
  return found
}

export function endsByBreach(script: ScenarioScript, breaches: readonly BreachFinding[]) {
  return breaches.some((b) => breachEffect(script, b.breach).effect === 'end')
}

export function isFurious(script: ScenarioScript, ctx: Pick<RoleplayContext, 'emotion' | 'turns'>) {
  return ctx.emotion >= script.limits.angryAt || ctx.turns.length >= script.limits.maxTurns
}

export function lineFor(lines: readonly string[], ctx: RoleplayContext, salt: string) {
  return pick(lines, ctx.seed, `${salt}#${ctx.turns.length}`)
}

/**
 * The context after a reply: the turn recorded, messages added, emotion moved. `index` is the
 * scripted reply the machine took, or -1 for `otherwise`; `ending` says the transition ends the
 * chat by a breach, so the customer does not answer in character.
 */
export function applyReply(
  scenario: Scenario,
  ctx: RoleplayContext,
  event: JudgedReplyEvent,
  index: number,
  ending: 'breach' | null,
): RoleplayContext {
  const { script } = scenario
  const beat = script.beats[ctx.beat]!
  const reply = index >= 0 ? beat.replies![index]! : null
  const judged = event.judged
  const text = reply && event.choice !== undefined ? reply.choice : (event.text ?? '')
  const base = beat.otherwise?.emotion ?? 5
  const universal = !reply && judged?.behaviours.length ? universalEffect(judged.behaviours, base) : null
  const emotionAfter = clampEmotion(ctx.emotion + (reply ? reply.emotion : (universal?.emotion ?? base)))
  const faults = !reply && judged ? judged.faults : []
  const turn: Turn = {
    beat: ctx.beat,
    text,
    replyId: reply?.id ?? null,
    matches: judged?.matches ?? [],
    ...(judged ? { findings: judged.findings, corrections: judged.corrections } : {}),
    breaches: breachesOf(event, reply),
    latencyMs: event.latencyMs,
    slow: ctx.waited,
    emotionBefore: ctx.emotion,
    emotionAfter,
    evidence: reply ? reply.skills : (universal?.skills ?? {}),
    ...(universal ? { universal: true } : {}),
    // A beat's `otherwise` note is about a reply that did nothing; it is not shown for one the
    // universal layer judged.
    note: reply ? reply.note : judged?.behaviours.length ? null : (beat.otherwise?.note ?? null),
  }
  const messages: Message[] = [...ctx.messages, { from: 'trainee', text }]
  const next: RoleplayContext = { ...ctx, emotion: emotionAfter, messages, turns: [...ctx.turns, turn], answered: false, waited: false }
  const nextBeat = reply ? script.beats[reply.next]! : beat
  if (ending || (!nextBeat.outcome && isFurious(script, next))) return next
  if (reply?.customer) {
    messages.push({ from: 'customer', text: lineFor(reply.customer, ctx, `${ctx.beat}.${reply.id}`) })
    next.answered = true
  } else if (!reply) {
    const reaction = reactionTo(script, faults)
    if (reaction) messages.push({ from: 'customer', text: lineFor(reaction.lines, ctx, `${ctx.beat}.${reaction.kind}`) })
    else if (beat.otherwise) messages.push({ from: 'customer', text: lineFor(beat.otherwise.customer, ctx, `${ctx.beat}.otherwise`) })
  }
  return next
}

/** The customer has waited longer than the scenario's patience: a nudge, and more anger. */
export function nudge(scenario: Scenario, ctx: RoleplayContext): RoleplayContext {
  const { patience } = scenario.script
  const text = lineFor(patience.nudges, ctx, 'nudge')
  return {
    ...ctx,
    emotion: clampEmotion(ctx.emotion + patience.emotion),
    messages: [...ctx.messages, { from: 'customer', text, nudge: true }],
    waited: true,
  }
}

/** Entering a beat: the customer says its line (unless a reply's answer already spoke, or the chat is over). */
export function enterBeat(scenario: Scenario, ctx: RoleplayContext, beatId: string): RoleplayContext {
  const beat = scenario.script.beats[beatId]!
  const silent = ctx.answered || (!beat.outcome && isFurious(scenario.script, ctx))
  const messages = silent ? ctx.messages : [...ctx.messages, { from: 'customer' as const, text: lineFor(beat.customer, ctx, beatId) }]
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
    waited: false,
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
  // Compliance penalties are counted apart: credit at a later turn never cancels them.
  let compliancePenalty = 0
  for (const t of ctx.turns) {
    for (const [skill, n] of Object.entries(t.evidence)) points[skill as Skill] += n ?? 0
    compliancePenalty += Math.min(0, t.evidence.compliance ?? 0)
  }
  const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)))
  const breaches = ctx.turns.flatMap((t) => t.breaches)
  const slow = ctx.turns.filter((t) => t.slow).length
  const skills: Record<Skill, number> = {
    etiquette: clamp(60 + 10 * points.etiquette),
    empathy: clamp(60 + 10 * points.empathy),
    resolution: clamp(60 + 10 * points.resolution),
    compliance: breaches.length ? 0 : clamp(100 + 20 * compliancePenalty),
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

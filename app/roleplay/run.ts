import { initialTransition, transition } from 'xstate'
import { shuffle, seededRandom } from '#app/domain/random.ts'
import { compileScenario, type RoleplayMachine, type RoleplaySnapshot } from './compile.ts'
import {
  initialContext,
  judgeText,
  lastCustomerLine,
  scoreConversation,
  type JudgedReplyEvent,
  type LoggedEvent,
  type Mode,
  type ReplyEvent,
  type Scenario,
} from './engine.ts'

const machines = new WeakMap<Scenario, RoleplayMachine>()

/** The compiled machine of a scenario, built once per loaded script. */
export function machineFor(scenario: Scenario): RoleplayMachine {
  let machine = machines.get(scenario)
  if (!machine) {
    machine = compileScenario(scenario)
    machines.set(scenario, machine)
  }
  return machine
}

/**
 * An attempt's state is the replay of its log: the same events always give the same
 * conversation, so a reload or a restarted server resumes exactly where it was.
 */
export function replay(scenario: Scenario, input: { seed: number; mode: Mode }, events: readonly LoggedEvent[]) {
  const machine = machineFor(scenario)
  let [snapshot] = initialTransition(machine, input)
  for (const event of events) {
    if (snapshot.status === 'done') break
    snapshot = step(scenario, snapshot, event)
  }
  return describe(scenario, snapshot, events.length)
}

/**
 * Sends one logged event. A nudge the server logged live is the patience event itself. A reply
 * is preceded by a nudge when the trainee took longer than the scenario's patience since the
 * customer's last message (the server measured it; a browser without script sends no live
 * nudge), then sent recognised, once.
 */
function step(scenario: Scenario, snapshot: RoleplaySnapshot, event: LoggedEvent): RoleplaySnapshot {
  const machine = machineFor(scenario)
  if (event.type === 'patience.expired') return transition(machine, snapshot, { type: 'patience.expired' })[0]
  if (event.latencyMs > scenario.script.patience.seconds * 1000) {
    ;[snapshot] = transition(machine, snapshot, { type: 'patience.expired' })
    if (snapshot.status === 'done') return snapshot
  }
  ;[snapshot] = transition(machine, snapshot, prepare(scenario, snapshot, event))
  return snapshot
}

/** The event as the machine receives it: free text carries what the judge recognised. */
export function prepare(scenario: Scenario, snapshot: RoleplaySnapshot, event: ReplyEvent): JudgedReplyEvent {
  if (event.choice !== undefined) return event
  return { ...event, judged: judgeText(scenario, event.text ?? '', lastCustomerLine(snapshot.context)) }
}

export function describe(scenario: Scenario, snapshot: RoleplaySnapshot, events = snapshot.context.turns.length) {
  const ctx = snapshot.context
  const done = snapshot.status === 'done'
  /** `events`: how many logged events the state is the replay of. */
  return { snapshot, context: ctx, done, events, score: scoreConversation(scenario.script, ctx) }
}

export type ConversationState = ReturnType<typeof replay>

/** Guided-mode choices of the current beat, in an order fixed per attempt and turn. */
export function choicesFor(scenario: Scenario, state: ConversationState) {
  if (state.done) return []
  const beat = scenario.script.beats[state.context.beat]!
  const replies = (beat.replies ?? []).map((r) => ({ id: r.id, text: r.choice }))
  return shuffle(replies, seededRandom(state.context.seed + state.context.turns.length * 7919))
}

/** Whether an event may be sent now: a guided choice must be one of the beat's replies. */
export function acceptsEvent(scenario: Scenario, state: ConversationState, event: LoggedEvent) {
  if (state.done) return false
  // A live nudge only once the customer has waited out their patience, by the server's clock.
  if (event.type === 'patience.expired') return event.latencyMs >= scenario.script.patience.seconds * 1000
  if (state.context.mode === 'guided') {
    return event.choice !== undefined && choicesFor(scenario, state).some((c) => c.id === event.choice)
  }
  return typeof event.text === 'string' && event.text.trim().length > 0
}

/**
 * Judges a log whose last event is new: is it acceptable now, and where does it leave the
 * attempt. `known` is a state already replayed from the same log without the new event.
 */
export function judgeLog(
  scenario: Scenario,
  input: { seed: number; mode: Mode },
  events: readonly LoggedEvent[],
  known?: ConversationState,
) {
  const before = known && known.events === events.length - 1 ? known : replay(scenario, input, events.slice(0, -1))
  const last = events.at(-1)
  if (!last || !acceptsEvent(scenario, before, last)) {
    return {
      accepted: false,
      done: before.done,
      outcome: before.score.outcome,
      total: before.score.total,
      passed: false,
      skills: before.score.skills,
      state: before,
    }
  }
  const after = describe(scenario, step(scenario, before.snapshot, last), events.length)
  return {
    accepted: true,
    done: after.done,
    outcome: after.score.outcome,
    total: after.score.total,
    passed: after.score.passed,
    skills: after.score.skills,
    state: after,
  }
}

/**
 * What one free-text reply does at a beat, from a fresh conversation standing there: which
 * scripted reply it is taken as (or none), the turn recorded and what the customer answers.
 * The CLI, lint and the judge benchmark ask this; it is the machine's own step.
 */
export function tryReply(scenario: Scenario, beatId: string, text: string, options: { customerLine?: string; emotion?: number } = {}) {
  const machine = machineFor(scenario)
  const beat = scenario.script.beats[beatId]
  if (!beat || beat.outcome) return null
  const base = initialContext(scenario, { seed: 1, mode: 'free' })
  const customerLine = options.customerLine ?? beat.customer[0]!
  const context = {
    ...base,
    beat: beatId,
    emotion: options.emotion ?? scenario.script.emotion,
    messages: [{ from: 'customer' as const, text: customerLine }],
  }
  const start = machine.resolveState({ value: beatId, context })
  const event = prepare(scenario, start, { type: 'trainee.reply', text, latencyMs: 0 })
  const [after] = transition(machine, start, event)
  const turn = after.context.turns.at(-1)!
  const answer = after.context.messages
    .slice(2)
    .filter((m) => m.from === 'customer')
    .map((m) => m.text)
  return {
    judged: event.judged!,
    turn,
    reply: turn.replyId ? beat.replies!.find((r) => r.id === turn.replyId)! : null,
    to: String(after.value),
    done: after.status === 'done',
    answer,
  }
}

import { and, assign, or, setup, type SnapshotFrom } from 'xstate'
import {
  applyReply,
  breachesOf,
  endsByBreach,
  endWith,
  enterBeat,
  initialContext,
  isFurious,
  nudge,
  scoreConversation,
  type JudgedReplyEvent,
  type Mode,
  type RoleplayContext,
  type RoleplayEvent,
  type Scenario,
} from './engine.ts'
import type { Breach, Reply } from './schema.ts'

export const LEFT_ANGRY = '__left-angry'
export const BREACH = '__breach'

type When = { all?: string[]; any?: string[]; none?: string[] }
const asReply = (event: RoleplayEvent) => (event.type === 'trainee.reply' ? event : null)
const sum = (skills: Reply['skills']) => Object.values(skills).reduce((a, b) => a + (b ?? 0), 0)

/**
 * The guard a reply's transition takes: in guided mode the trainee picked it; in free text the
 * recognised intents satisfy its `when`, and the reply's kind agrees with what the universal
 * judge saw (a scripted good reply needs a reply without faults; a scripted breach needs one
 * with a fault). Its `if` conditions hold in both modes.
 */
function replyGuard(reply: Reply) {
  const conditions = []
  const c = reply.if
  if (c?.emotionBelow !== undefined) conditions.push({ type: 'emotionBelow', params: { value: c.emotionBelow } } as const)
  if (c?.emotionAtLeast !== undefined) conditions.push({ type: 'emotionAtLeast', params: { value: c.emotionAtLeast } } as const)
  if (c?.turnsAtLeast !== undefined) conditions.push({ type: 'turnsAtLeast', params: { value: c.turnsAtLeast } } as const)
  if (c?.turnsBelow !== undefined) conditions.push({ type: 'turnsBelow', params: { value: c.turnsBelow } } as const)
  const penalising = reply.breach !== undefined || (reply.skills.compliance ?? 0) < 0
  const gate: ('showsFault' | 'noFault')[] = penalising ? ['showsFault'] : sum(reply.skills) > 0 ? ['noFault'] : []
  const when: When = { all: reply.when.all, any: reply.when.any, none: reply.when.none }
  return and([
    or([{ type: 'choiceIs', params: { id: reply.id } }, and(['freeText', { type: 'says', params: when }, ...gate])]),
    ...conditions,
  ])
}

/**
 * Compiles any scenario script into an XState machine: one state per beat, two guarded
 * transitions per reply (one where the reply's breach ends the chat, one to its next beat),
 * `otherwise` for a reply no guard took, an eventless transition that lets an angry customer
 * leave, the patience nudge as an event, and final states for the outcomes. The score is the
 * machine's output. Guards and actions are named, so the graph tools and the studio see them.
 */
export function compileScenario(scenario: Scenario) {
  const { script } = scenario

  const states: Record<string, object> = {}
  for (const [id, beat] of Object.entries(script.beats)) {
    if (beat.outcome) {
      states[id] = { type: 'final', entry: { type: 'enter', params: { beat: id } } }
      continue
    }
    const transitions: object[] = []
    beat.replies!.forEach((reply, index) => {
      const guard = replyGuard(reply)
      transitions.push({
        guard: and([guard, { type: 'breachEnds', params: { breach: reply.breach ?? null } }]),
        target: BREACH,
        actions: { type: 'reply', params: { index, ending: 'breach' } },
      })
      transitions.push({
        guard,
        target: reply.next,
        reenter: reply.next === id,
        actions: { type: 'reply', params: { index, ending: null } },
      })
    })
    transitions.push({
      guard: { type: 'breachEnds', params: { breach: null } },
      target: BREACH,
      actions: { type: 'reply', params: { index: -1, ending: 'breach' } },
    })
    transitions.push({ actions: { type: 'reply', params: { index: -1, ending: null } } })
    states[id] = {
      entry: { type: 'enter', params: { beat: id } },
      always: { guard: 'customerLeaves', target: LEFT_ANGRY },
      on: { 'trainee.reply': transitions, 'patience.expired': { actions: 'nudge' } },
    }
  }
  states[LEFT_ANGRY] = { type: 'final', entry: { type: 'end', params: { outcome: 'left-angry' } } }
  states[BREACH] = { type: 'final', entry: { type: 'end', params: { outcome: 'breach' } } }

  const judged = (event: RoleplayEvent) => asReply(event)?.judged
  return setup({
    types: {
      context: {} as RoleplayContext,
      events: {} as RoleplayEvent,
      input: {} as { seed: number; mode: Mode },
      output: {} as ReturnType<typeof scoreConversation>,
    },
    guards: {
      choiceIs: ({ event }, params: { id: string }) => asReply(event)?.choice === params.id,
      freeText: ({ event }) => event.type === 'trainee.reply' && event.choice === undefined,
      says: ({ event }, params: When) => {
        const intents = judged(event)?.intents ?? []
        const has = (i: string) => intents.includes(i)
        return (!params.all || params.all.every(has)) && (!params.any || params.any.some(has)) && !(params.none ?? []).some(has)
      },
      noFault: ({ event }) => !judged(event)?.faults.length,
      showsFault: ({ event }) => Boolean(judged(event)?.faults.length),
      breachEnds: ({ event }, params: { breach: Breach | null }) => {
        const reply = asReply(event)
        if (!reply) return false
        const own = params.breach ? [{ breach: params.breach, intent: '', words: '' }] : []
        return endsByBreach(script, [...breachesOf(reply, null), ...own])
      },
      emotionBelow: ({ context }, params: { value: number }) => context.emotion < params.value,
      emotionAtLeast: ({ context }, params: { value: number }) => context.emotion >= params.value,
      turnsAtLeast: ({ context }, params: { value: number }) => context.turns.length >= params.value,
      turnsBelow: ({ context }, params: { value: number }) => context.turns.length < params.value,
      customerLeaves: ({ context }) => isFurious(script, context),
    },
    actions: {
      reply: assign(({ context, event }, params: { index: number; ending: 'breach' | null }) =>
        applyReply(scenario, context, event as JudgedReplyEvent, params.index, params.ending),
      ),
      nudge: assign(({ context }) => nudge(scenario, context)),
      enter: assign(({ context }, params: { beat: string }) => enterBeat(scenario, context, params.beat)),
      end: assign(({ context }, params: { outcome: 'left-angry' | 'breach' }) => endWith(scenario, context, params.outcome)),
    },
  }).createMachine({
    id: script.id,
    initial: script.start,
    context: ({ input }) => initialContext(scenario, input),
    // The compiler builds the states from data; their shape is checked by the tests and lint.
    states: states as never,
    output: ({ context }) => scoreConversation(script, context),
  })
}

export type RoleplayMachine = ReturnType<typeof compileScenario>
export type RoleplaySnapshot = SnapshotFrom<RoleplayMachine>

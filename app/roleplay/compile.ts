import { assign, setup, type SnapshotFrom } from 'xstate'
import {
  applyReply,
  endWith,
  enterBeat,
  initialContext,
  resolve,
  type Mode,
  type ReplyEvent,
  type Resolution,
  type RoleplayContext,
  type Scenario,
} from './engine.ts'

export const LEFT_ANGRY = '__left-angry'
export const BREACH = '__breach'

type Ending = Resolution['ending']
type ResolvesTo = { kind: 'reply'; index: number; ending: Ending } | { kind: 'otherwise'; ending: Ending }

/**
 * Compiles any scenario script into an XState machine: one state per beat, one guarded
 * transition per reply (and per way it can end the chat), final states for the outcomes.
 * The machine is pure; guards and actions call the rules in engine.ts.
 */
export function compileScenario(scenario: Scenario) {
  const { script } = scenario
  const target = (ending: Ending, next: string) => (ending === 'breach' ? BREACH : ending === 'left-angry' ? LEFT_ANGRY : next)

  const states: Record<string, object> = {}
  for (const [id, beat] of Object.entries(script.beats)) {
    if (beat.outcome) {
      states[id] = { type: 'final', entry: { type: 'enter', params: { beat: id } } }
      continue
    }
    const transitions: object[] = []
    const endings: Ending[] = ['breach', 'left-angry', null]
    beat.replies!.forEach((reply, index) => {
      for (const ending of endings) {
        const to = target(ending, reply.next)
        transitions.push({
          guard: { type: 'resolvesTo', params: { kind: 'reply', index, ending } satisfies ResolvesTo },
          target: to,
          reenter: to === id,
          actions: { type: 'reply' },
        })
      }
    })
    for (const ending of endings) {
      transitions.push({
        guard: { type: 'resolvesTo', params: { kind: 'otherwise', ending } satisfies ResolvesTo },
        ...(ending ? { target: target(ending, id) } : {}),
        actions: { type: 'reply' },
      })
    }
    states[id] = { entry: { type: 'enter', params: { beat: id } }, on: { 'trainee.reply': transitions } }
  }
  states[LEFT_ANGRY] = { type: 'final', entry: { type: 'end', params: { outcome: 'left-angry' } } }
  states[BREACH] = { type: 'final', entry: { type: 'end', params: { outcome: 'breach' } } }

  return setup({
    types: {
      context: {} as RoleplayContext,
      events: {} as ReplyEvent,
      input: {} as { seed: number; mode: Mode },
    },
    guards: {
      resolvesTo: ({ context, event }, params: ResolvesTo) => {
        const r = resolve(scenario, context, event)
        return r.kind === params.kind && r.ending === params.ending && (r.kind === 'otherwise' || r.index === (params as { index: number }).index)
      },
    },
    actions: {
      reply: assign(({ context, event }) => applyReply(scenario, context, event, resolve(scenario, context, event))),
      enter: assign(({ context }, params: { beat: string }) => enterBeat(scenario, context, params.beat)),
      end: assign(({ context }, params: { outcome: 'left-angry' | 'breach' }) => endWith(scenario, context, params.outcome)),
    },
  }).createMachine({
    id: script.id,
    initial: script.start,
    context: ({ input }) => initialContext(scenario, input),
    // The compiler builds the states from data; their shape is checked by the tests and lint.
    states: states as never,
  })
}

export type RoleplayMachine = ReturnType<typeof compileScenario>
export type RoleplaySnapshot = SnapshotFrom<RoleplayMachine>

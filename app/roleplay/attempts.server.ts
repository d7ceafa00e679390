import { appendReply, getAttempt, listAttemptEvents } from '#app/models/roleplay.server.ts'
import { reconcileUser } from '#app/certification/reconcile.server.ts'
import { rootCause } from '#app/utils/db.server.ts'
import { randomUUID } from 'node:crypto'
import { inboxReason } from '#app/studio/inbox.ts'
import { judgeText, lastCustomerLine, type LoggedEvent } from './engine.ts'
import { choicesFor, judgeLog, replay, type ConversationState } from './run.ts'
import { scenarioAt } from './scenarios.server.ts'

/** An attempt with its scenario (at the version it used) and its state replayed from the log. */
export async function loadAttemptState(attemptId: string) {
  const row = await getAttempt(attemptId)
  if (!row) return null
  const scenario = await scenarioAt(row.attempt.scenarioId, row.attempt.scenarioVersion)
  if (!scenario) return null
  const input = { seed: row.attempt.seed, mode: row.attempt.mode }
  const state = replay(scenario, input, await listAttemptEvents(attemptId))
  return { ...row, scenario, input, state }
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadAttemptState>>>

/**
 * Appends one event to the attempt's log; the server's replay of the log is the only judge.
 * Returns the result and, when the event was taken, the conversation after it.
 */
async function append(loaded: Loaded, event: Omit<Parameters<typeof appendReply>[0], 'attemptId' | 'judge' | 'now'>, now: Date) {
  let after: ConversationState | undefined
  const result = await appendReply({
    attemptId: loaded.attempt.id,
    ...event,
    now,
    judge: (events) => {
      const judged = judgeLog(loaded.scenario, loaded.input, events, loaded.state)
      after = judged.state
      return { ...judged, unrecognised: judged.accepted ? unrecognisedOf(loaded, events, judged.state) : null }
    },
  })
  // The last reply finished it: the agent's standing and the lead's dashboard move now.
  // The reply is stored whatever happens next: a refresh that fails (the database busy past its
  // retries) leaves the agent's dirty mark for the calendar job instead of failing the reply.
  if (result.status === 'appended' && result.judged.done)
    await reconcileUser(loaded.owner.id, now).catch((error: unknown) => {
      console.error(`standing refresh after a finished role-play left to the calendar job: ${rootCause(error).message}`)
    })
  return { result, after, eventCount: result.status === 'appended' ? event.afterSeq + 1 : loaded.attempt.eventCount, now }
}

/**
 * The studio's inbox entry for the reply just judged, if it is one: free text (never a guided
 * choice) that no scripted reply took, or that the judge read ambiguously (see `inboxReason`).
 * The judgement is the one the replay just made (memoised per scenario, text and customer line),
 * so this costs a lookup, and the append one insert only when there is something to collect.
 */
function unrecognisedOf(loaded: Loaded, events: readonly LoggedEvent[], after: ConversationState) {
  const last = events.at(-1)
  if (loaded.input.mode !== 'free' || last?.type !== 'trainee.reply' || last.text === undefined) return null
  const ctx = after.context
  // A reply the customer's patience ended the chat before is logged but never became a turn.
  if (ctx.turns.length !== events.filter((e) => e.type === 'trainee.reply').length) return null
  const turn = ctx.turns.at(-1)!
  const said = ctx.messages.findLastIndex((m) => m.from === 'trainee')
  const judged = judgeText(loaded.scenario, last.text, lastCustomerLine({ messages: ctx.messages.slice(0, said) }))
  const reason = inboxReason(turn.replyId, judged, loaded.scenario.lexicon)
  return reason ? { beat: turn.beat, text: last.text, reason } : null
}

/** Appends a trainee reply. */
export function submitReply(
  loaded: Loaded,
  reply: { clientId: string; afterSeq: number; text?: string; choice?: string },
  now = new Date(),
) {
  return append(loaded, reply, now)
}

/**
 * Logs that the customer's patience ran out while the trainee was silent: the nudge appears and
 * the customer grows angrier, as a reply would have done after it. The server's clock decides;
 * an early ping is refused. Sent twice (two tabs), it counts once: the client id is the turn's.
 */
export function recordPatience(loaded: Loaded, afterSeq: number, now = new Date()) {
  return append(loaded, { clientId: `patience:${afterSeq}`, afterSeq, kind: 'patience' }, now)
}

/** What the chat shows of a conversation that is still going. */
export function conversationView(loaded: Loaded, state: ConversationState, eventCount: number, lastMessageAt: Date) {
  return {
    messages: state.context.messages,
    emotion: state.context.emotion,
    /** Replies the trainee has sent so far. */
    turns: state.context.turns.length,
    choices: loaded.attempt.mode === 'guided' ? choicesFor(loaded.scenario, state) : [],
    afterSeq: eventCount,
    // A fresh id per rendered form: a resent or double-clicked submission carries the same one.
    clientId: randomUUID(),
    lastMessageAt: lastMessageAt.toISOString(),
  }
}

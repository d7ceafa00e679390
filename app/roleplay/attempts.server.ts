import { appendReply, getAttempt, listAttemptEvents } from '#app/models/roleplay.server.ts'
import { judgeLog, replay } from './run.ts'
import { scenarioAt } from './scenarios.server.ts'

/** An attempt with its scenario (at the version it used) and its state replayed from the log. */
export async function loadAttemptState(attemptId: string) {
  const row = await getAttempt(attemptId)
  if (!row) return null
  const scenario = scenarioAt(row.attempt.scenarioId, row.attempt.scenarioVersion)
  if (!scenario) return null
  const input = { seed: row.attempt.seed, mode: row.attempt.mode }
  const state = replay(scenario, input, await listAttemptEvents(attemptId))
  return { ...row, scenario, input, state }
}

/** Appends a trainee reply; the server's replay of the log is the only judge. */
export function submitReply(
  loaded: NonNullable<Awaited<ReturnType<typeof loadAttemptState>>>,
  reply: { clientId: string; afterSeq: number; text?: string; choice?: string },
  now = new Date(),
) {
  return appendReply({
    attemptId: loaded.attempt.id,
    ...reply,
    now,
    judge: (events) => judgeLog(loaded.scenario, loaded.input, events, loaded.state),
  })
}

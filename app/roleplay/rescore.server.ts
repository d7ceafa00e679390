import { JUDGE_CHANGES, JUDGE_VERSION } from '#app/judge/version.ts'
import { listAttemptEvents, listAttemptsJudgedBefore, recordRescore } from '#app/models/roleplay.server.ts'
import { replay } from './run.ts'
import { scenarioAt } from './scenarios.server.ts'

/**
 * Replays every attempt an older judge scored, under the current one. A finished attempt whose
 * outcome, total or pass changed is stored with the reason (roleplay_rescores); the others
 * only move to the current judge. Set-up runs this, so the change is explicit and happens once.
 */
export async function rescoreAttempts(now = new Date()) {
  let checked = 0
  let changed = 0
  for (const a of await listAttemptsJudgedBefore(JUDGE_VERSION)) {
    const scenario = await scenarioAt(a.scenarioId, a.scenarioVersion)
    if (!scenario) continue
    const state = replay(scenario, { seed: a.seed, mode: a.mode }, await listAttemptEvents(a.id))
    const finished = a.status === 'finished'
    const after = {
      outcome: finished ? state.score.outcome : a.outcome,
      total: state.score.total,
      passed: finished ? state.score.passed : a.passed,
      skills: state.score.skills,
    }
    // Every change since the version that scored it, oldest first.
    const reason = Array.from(
      { length: JUDGE_VERSION - a.judgeVersion },
      (_, k) => JUDGE_CHANGES[a.judgeVersion + 1 + k] ?? `judge v${a.judgeVersion + 1 + k}`,
    ).join('; ')
    if (
      await recordRescore({
        attemptId: a.id,
        fromJudge: a.judgeVersion,
        toJudge: JUDGE_VERSION,
        reason,
        before: { outcome: a.outcome, total: a.total, passed: a.passed },
        after,
        now,
      })
    )
      changed++
    checked++
  }
  return { checked, changed }
}

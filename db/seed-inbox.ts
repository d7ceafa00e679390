/**
 * Demo data for the studio's inbox of unrecognised replies: a few short role-plays by the demo
 * trainees, in free text, with replies the scenarios did not foresee or that the judge reads
 * ambiguously. They go through the real reply path, so the inbox rows come from capture, not
 * from inserts. Each attempt is then abandoned (kept, counted nowhere), as a trainee who typed a
 * line or two and left: the certification story of the demo is unchanged.
 */
import { randomUUID } from 'node:crypto'
import { abandonAttempt, startAttempt } from '#app/models/roleplay.server.ts'
import { loadAttemptState, submitReply } from '#app/roleplay/attempts.server.ts'
import { getScenario } from '#app/roleplay/scenarios.server.ts'

const DAY = 24 * 60 * 60 * 1000
/** Well within every scenario's patience, so no nudge comes first. */
const REPLY_SECONDS = 25

const APOLOGY = '非常抱歉，拆开礼物就看到这样，换作是我也着急。麻烦您拍一下花瓶和外箱的照片，我马上处理。'

const PLAYS: { user: string; scenario: string; daysAgo: number; replies: string[] }[] = [
  // Sending the customer to the courier, in words the script does not list: the tone model
  // catches it, no scripted reply takes it (a phrase for deflect-courier).
  { user: 'trainee', scenario: 'damaged-on-arrival', daysAgo: 6, replies: ['您去跟快递那边反映一下吧'] },
  { user: 'zhouxiao', scenario: 'damaged-on-arrival', daysAgo: 5, replies: ['您跟快递那边反映一下'] },
  { user: 'wuhao', scenario: 'damaged-on-arrival', daysAgo: 4, replies: ['你去和快递那边反映下吧'] },
  { user: 'trainee', scenario: 'damaged-on-arrival', daysAgo: 2, replies: ['麻烦您自己跟快递那边反映一下哈'] },
  { user: 'wuhao', scenario: 'damaged-on-arrival', daysAgo: 1, replies: ['您去跟快递那边反映一下吧'] },
  // Stalling at the opening: nothing wrong, nothing done.
  { user: 'zhouxiao', scenario: 'damaged-on-arrival', daysAgo: 6, replies: ['稍等，我查一下订单'] },
  { user: 'trainee', scenario: 'damaged-on-arrival', daysAgo: 3, replies: ['您稍等，我帮您查下订单'] },
  { user: 'wuhao', scenario: 'damaged-on-arrival', daysAgo: 2, replies: ['稍等我查一下订单。'] },
  // A plain reshipment the tone model reads as an unlawful promise: a miss to record as a sample.
  { user: 'trainee', scenario: 'damaged-on-arrival', daysAgo: 4, replies: [APOLOGY, '我给您重新发一个新的'] },
  { user: 'zhouxiao', scenario: 'damaged-on-arrival', daysAgo: 1, replies: [APOLOGY, '给您重新发一个新的吧'] },
  // Taken by a scripted reply, but the tone model and the rules read them differently.
  { user: 'wuhao', scenario: 'damaged-on-arrival', daysAgo: 3, replies: ['抱歉抱歉，那您拍个照吧'] },
  { user: 'trainee', scenario: 'damaged-on-arrival', daysAgo: 1, replies: ['非常抱歉给您添麻烦了，能拍张照片吗'] },
  // Another scenario, for the filter.
  { user: 'zhouxiao', scenario: 'parcel-lost', daysAgo: 3, replies: ['您再等等吧，快递那边可能压件了'] },
  { user: 'wuhao', scenario: 'parcel-lost', daysAgo: 2, replies: ['您再等等，快递那边可能是压件了'] },
]

/** Plays the inbox's demo role-plays for the demo trainees (ids by username). */
export async function seedInboxDemo(ids: Readonly<Record<string, string>>, now: Date) {
  for (const [n, play] of PLAYS.entries()) {
    const userId = ids[play.user]
    const scenario = getScenario(play.scenario)
    if (!userId || !scenario) throw new Error(`demo inbox: no user "${play.user}" or scenario "${play.scenario}"`)
    // Spread over the day, so first and last seen differ.
    let at = now.getTime() - play.daysAgo * DAY + (n % 5) * 37 * 60_000 - 8 * 3600_000
    const attemptId = await startAttempt(userId, scenario, 'free', new Date(at))
    let done = false
    for (const [i, text] of play.replies.entries()) {
      at += REPLY_SECONDS * 1000
      const { result } = await submitReply(
        (await loadAttemptState(attemptId))!,
        { clientId: randomUUID(), afterSeq: i, text },
        new Date(at),
      )
      if (result.status !== 'appended') throw new Error(`demo inbox: "${text}" was ${result.status}`)
      done = result.judged.done
      if (done) break
    }
    if (!done) await abandonAttempt(userId, attemptId, new Date(at + 60_000))
  }
}

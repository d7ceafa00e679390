import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getAttempt, listRescores, startAttempt } from '#app/models/roleplay.server.ts'
import { loadAttemptState, submitReply } from '#app/roleplay/attempts.server.ts'
import { rescoreAttempts } from '#app/roleplay/rescore.server.ts'
import { getScenario } from '#app/roleplay/scenarios.server.ts'
import { JUDGE_CHANGES, JUDGE_VERSION } from '#app/judge/version.ts'
import { getDb } from '#app/utils/db.server.ts'
import { roleplayAttempts } from '#db/tables.ts'
import { makeUser } from '#tests/factories.ts'

const scenario = getScenario('damaged-on-arrival')!

async function reply(attemptId: string, text: string, seq: number) {
  const loaded = (await loadAttemptState(attemptId))!
  await submitReply(loaded, { clientId: `c${seq}`, afterSeq: seq, text })
}

describe('rescoring stored attempts under a new judge', () => {
  test('an attempt an older judge scored is rescored once, with the reason recorded', async () => {
    const user = await makeUser({ roles: ['trainee'] })
    const id = await startAttempt(user.id, scenario, 'free')
    await reply(id, '嗯嗯。', 0)
    // As an older judge left it: a score the current judge does not give.
    await getDb().update(roleplayAttempts).set({ judgeVersion: 1, total: 99 }).where(eq(roleplayAttempts.id, id))

    const first = await rescoreAttempts()
    expect(first.changed).toBeGreaterThanOrEqual(1)
    const row = (await getAttempt(id))!.attempt
    expect(row.judgeVersion).toBe(JUDGE_VERSION)
    expect(row.total).not.toBe(99)
    const [rescore, ...more] = await listRescores(id)
    expect(more).toEqual([])
    expect(rescore).toMatchObject({ fromJudge: 1, toJudge: JUDGE_VERSION, before: { total: 99 }, after: { total: row.total } })
    // Scored by judge 1: the reason lists every change since, oldest first.
    expect(rescore!.reason).toBe(Array.from({ length: JUDGE_VERSION - 1 }, (_, k) => JUDGE_CHANGES[k + 2]).join('; '))

    // Running set-up again changes nothing and records nothing.
    await rescoreAttempts()
    expect(await listRescores(id)).toHaveLength(1)
  })

  test('an attempt the current judge scored is left alone', async () => {
    const user = await makeUser({ roles: ['trainee'] })
    const id = await startAttempt(user.id, scenario, 'free')
    await reply(id, '真的非常抱歉，麻烦您拍一下花瓶和外箱的照片发我。', 0)
    await rescoreAttempts()
    expect(await listRescores(id)).toEqual([])
  })
})

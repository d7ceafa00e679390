import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { getAttempt, listAttemptEvents, startAttempt } from '#app/models/roleplay.server.ts'
import { loadAttemptState, recordPatience } from '#app/roleplay/attempts.server.ts'
import { action as listAction, loader as listLoader } from '#app/routes/practice._index.tsx'
import { getScenario } from '#app/roleplay/scenarios.server.ts'
import { action as chatAction, loader as chatLoader } from '#app/routes/practice.$attemptId._index.tsx'
import { loader as feedbackLoader } from '#app/routes/practice.$attemptId.feedback.tsx'
import { loader as memberLoader } from '#app/routes/team.$userId.tsx'
import { loader as trainerLoader } from '#app/routes/trainer.tsx'
import { closeDb } from '#app/utils/db.server.ts'
import { authedRequest, makeTeam, makeUser, run } from '#tests/factories.ts'

const scenario = getScenario('damaged-on-arrival')!
const ctx = { clientAddress: '127.0.0.1' }

async function post(userId: string, attemptId: string, fields: Record<string, string>) {
  const request = await authedRequest(`/practice/${attemptId}`, userId, { method: 'POST', body: new URLSearchParams(fields) })
  return run(() => chatAction({ request, params: { attemptId }, context: ctx }))
}

async function view(userId: string, attemptId: string) {
  return run(async () =>
    chatLoader({ request: await authedRequest(`/practice/${attemptId}`, userId), params: { attemptId }, context: ctx }),
  )
}

/** The conversation the chat page shows. */
async function conversation(userId: string, attemptId: string) {
  const page = await view(userId, attemptId)
  if (page instanceof Response) throw new Error(`expected the chat, got ${page.status}`)
  return page.view
}

const GOOD = [
  '真的非常抱歉，让您拆开就看到这样，换作是我也会很着急。麻烦您拍一下花瓶和外箱的照片发我。',
  '看到照片了，是运输途中压坏的，由我们来处理。可以给您补发一个新的，也可以全额退款，碎片不用寄回。',
  '我先帮您查一下仓库和快递时效，五分钟内给您准信；要是后天前到不了，就直接给您退款。',
  '谢谢您的理解！包装的问题我已经反馈给仓库了，补发单号出来我第一时间发给您。',
]

describe('role-play attempts', () => {
  test('a reply sent twice (a double click, a retry) counts once', async () => {
    const user = await makeUser()
    const attemptId = await startAttempt(user.id, scenario, 'free')
    const fields = { clientId: randomUUID(), afterSeq: '0', text: GOOD[0]! }
    const first = (await post(user.id, attemptId, fields)) as { error: null; view: { messages: unknown[] } }
    const again = (await post(user.id, attemptId, fields)) as { error: null; view: { messages: unknown[] } }
    expect(first.error).toBeNull()
    expect(again.view.messages).toEqual(first.view.messages)
    expect(await listAttemptEvents(attemptId)).toHaveLength(1)
    const page = await conversation(user.id, attemptId)
    expect(page.afterSeq).toBe(1)
    expect(page.messages).toHaveLength(3)
    expect(page.emotion).toBe(45)
  })

  test('a second tab answering an old state cannot fork the conversation', async () => {
    const user = await makeUser()
    const attemptId = await startAttempt(user.id, scenario, 'free')
    await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: '0', text: GOOD[0]! })
    const stale = (await post(user.id, attemptId, {
      clientId: randomUUID(),
      afterSeq: '0',
      text: '这是快递摔的，找快递吧',
    })) as unknown as {
      data: { error: string }
      init: { status: number }
    }
    expect(stale.init.status).toBe(409)
    expect(stale.data.error).toBe('stale')
    expect(await listAttemptEvents(attemptId)).toHaveLength(1)
  })

  test('an attempt survives a server restart mid-conversation and finishes with its score stored', async () => {
    const user = await makeUser()
    const attemptId = await startAttempt(user.id, scenario, 'free')
    for (const [i, text] of GOOD.slice(0, 2).entries())
      await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: String(i), text })
    const before = await conversation(user.id, attemptId)

    // A restart: the connection and every in-memory cache go; only the database remains.
    await closeDb()
    const after = await conversation(user.id, attemptId)
    expect(after.messages).toEqual(before.messages)
    expect(after.emotion).toBe(before.emotion)

    await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: '2', text: GOOD[2]! })
    const last = (await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: '3', text: GOOD[3]! })) as Response
    expect(last.headers.get('Location')).toBe(`/practice/${attemptId}/feedback`)
    const { attempt } = (await getAttempt(attemptId))!
    expect(attempt).toMatchObject({ status: 'finished', outcome: 'resolved', passed: true, scenarioVersion: scenario.script.version })
    // The stored score is the replay of the log.
    const replayed = await loadAttemptState(attemptId)
    expect(replayed!.state.score.total).toBe(attempt.total)
    // Nothing more can be added to a finished attempt.
    const more = (await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: '4', text: '还有吗' })) as Response
    expect(more.headers.get('Location')).toBe(`/practice/${attemptId}/feedback`)
    expect(await listAttemptEvents(attemptId)).toHaveLength(4)
  })

  test('a trainee cannot post into, or read, another trainee’s attempt; their lead can read it', async () => {
    const { lead, members } = await makeTeam(2)
    const [owner, other] = members as [(typeof members)[0], (typeof members)[0]]
    const attemptId = await startAttempt(owner.id, scenario, 'free')
    const intrusion = (await post(other.id, attemptId, { clientId: randomUUID(), afterSeq: '0', text: GOOD[0]! })) as Response
    expect(intrusion.status).toBe(403)
    expect(await listAttemptEvents(attemptId)).toHaveLength(0)
    expect(((await view(other.id, attemptId)) as Response).status).toBe(403)
    // The lead may read but not play: the chat sends them to the feedback, which waits for the end.
    const leadView = (await view(lead.id, attemptId)) as Response
    expect(leadView.headers.get('Location')).toBe(`/practice/${attemptId}/feedback`)
    expect(await post(lead.id, attemptId, { clientId: randomUUID(), afterSeq: '0', text: GOOD[0]! })).toMatchObject({ status: 403 })
  })

  test('the feedback of a finished attempt shows each turn with what it did and the model reply', async () => {
    const user = await makeUser()
    const attemptId = await startAttempt(user.id, scenario, 'guided')
    const choices = ['blame-courier', 'keep-deflecting']
    for (const [i, choice] of choices.entries()) await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: String(i), choice })
    const feedback = (await run(async () =>
      feedbackLoader({ request: await authedRequest(`/practice/${attemptId}/feedback`, user.id), params: { attemptId }, context: ctx }),
    )) as { score: { outcome: string; passed: boolean }; items: { turn: { note: string; model: string } | null }[] }
    expect(feedback.score).toMatchObject({ outcome: 'left-angry', passed: false })
    const turns = feedback.items.flatMap((i) => (i.turn ? [i.turn] : []))
    expect(turns).toHaveLength(2)
    expect(turns[0]!.note).toMatch(/电子商务法》第二十条/)
    expect(turns[0]!.model).toBe(scenario.script.beats.opening!.model)
  })
})

describe('the customer’s patience, live', () => {
  test('once the patience runs out by the server’s clock, the nudge is logged: angrier customer, same conversation after a reload', async () => {
    const user = await makeUser()
    const started = new Date(Date.now() - 1000)
    const attemptId = await startAttempt(user.id, scenario, 'free', started)
    const patience = scenario.script.patience
    const early = await recordPatience((await loadAttemptState(attemptId))!, 0, new Date(started.getTime() + (patience.seconds - 5) * 1000))
    expect(early.result.status).toBe('rejected')
    const due = new Date(started.getTime() + (patience.seconds + 1) * 1000)
    const logged = await recordPatience((await loadAttemptState(attemptId))!, 0, due)
    expect(logged.result.status).toBe('appended')
    // Sent again (a second tab): counts once.
    expect((await recordPatience((await loadAttemptState(attemptId))!, 0, due)).result.status).toBe('duplicate')
    const reloaded = (await loadAttemptState(attemptId))!
    expect(reloaded.state.context.messages.at(-1)).toMatchObject({ from: 'customer', nudge: true })
    expect(patience.nudges).toContain(reloaded.state.context.messages.at(-1)!.text)
    expect(reloaded.state.context.emotion).toBe(scenario.script.emotion + patience.emotion)
    expect(await listAttemptEvents(attemptId)).toEqual([{ type: 'patience.expired', latencyMs: (patience.seconds + 1) * 1000 }])
    // The reply that follows is the slow one, measured from the nudge, and is not nudged again.
    const after = await conversation(user.id, attemptId)
    expect(after.afterSeq).toBe(1)
    expect(after.messages.filter((m) => m.nudge)).toHaveLength(1)
  })
})

describe('attempts in the open', () => {
  test('the scenario list offers an unfinished attempt to resume or abandon, with its mode; an abandoned one counts nowhere', async () => {
    const user = await makeUser()
    const attemptId = await startAttempt(user.id, scenario, 'guided')
    await post(user.id, attemptId, { clientId: randomUUID(), afterSeq: '0', choice: 'empathise-and-ask-photo' })
    const list = async () =>
      (await run(async () => listLoader({ request: await authedRequest('/practice', user.id), params: {}, context: ctx }))) as {
        scenarios: { id: string; open: { id: string; mode: string; turns: number } | null }[]
      }
    expect((await list()).scenarios.find((s) => s.id === scenario.script.id)!.open).toEqual(
      expect.objectContaining({ id: attemptId, mode: 'guided', turns: 1 }),
    )
    // Someone else cannot abandon it.
    const other = await makeUser()
    const refused = (await run(async () =>
      listAction({
        request: await authedRequest('/practice', other.id, {
          method: 'POST',
          body: new URLSearchParams({ intent: 'abandon', attemptId }),
        }),
        params: {},
        context: ctx,
      }),
    )) as Response
    expect(refused.status).toBe(404)
    const gone = (await run(async () =>
      listAction({
        request: await authedRequest('/practice', user.id, { method: 'POST', body: new URLSearchParams({ intent: 'abandon', attemptId }) }),
        params: {},
        context: ctx,
      }),
    )) as Response
    expect(gone.headers.get('Location')).toBe('/practice')
    expect((await list()).scenarios.find((s) => s.id === scenario.script.id)!.open).toBeNull()
    expect((await getAttempt(attemptId))!.attempt.status).toBe('abandoned')
    // It takes no more replies, and its chat goes back to the list.
    expect(((await view(user.id, attemptId)) as Response).headers.get('Location')).toBe('/practice')
  })
})

describe('finished role-plays for leads and trainers', () => {
  test('appear on the member page of their lead and on the trainer desk, linking to the feedback', async () => {
    const { lead, members } = await makeTeam(1)
    const trainee = members[0]!
    const trainer = await makeUser({ roles: ['trainer'] })
    const attemptId = await startAttempt(trainee.id, scenario, 'guided')
    for (const [i, choice] of ['blame-courier', 'keep-deflecting'].entries()) {
      await post(trainee.id, attemptId, { clientId: randomUUID(), afterSeq: String(i), choice })
    }
    const row = { href: `/practice/${attemptId}/feedback`, title: scenario.script.title, passed: false }
    const member = (await run(async () =>
      memberLoader({ request: await authedRequest(`/team/${trainee.id}`, lead.id), params: { userId: trainee.id }, context: ctx }),
    )) as { roleplays: unknown[] }
    expect(member.roleplays).toEqual([expect.objectContaining(row)])
    const desk = (await run(async () =>
      trainerLoader({ request: await authedRequest('/trainer', trainer.id), params: {}, context: ctx }),
    )) as {
      roleplays: unknown[]
    }
    expect(desk.roleplays).toContainEqual(expect.objectContaining(row))
  })
})

import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { unrecognisedReplies } from '#db/tables.ts'
import { countOpenInbox } from '#app/models/inbox.server.ts'
import { startAttempt } from '#app/models/roleplay.server.ts'
import { loadAttemptState, submitReply } from '#app/roleplay/attempts.server.ts'
import { tryReply } from '#app/roleplay/run.ts'
import { getScenario } from '#app/roleplay/scenarios.server.ts'
import { action as chatAction } from '#app/routes/practice.$attemptId._index.tsx'
import { action as inboxAction, loader as inboxLoader } from '#app/routes/studio.inbox.tsx'
import { compileSource } from '#app/studio/compile.server.ts'
import { applyInboxAction, dismissGroup, InboxError, inboxView, previewInboxAction } from '#app/studio/inbox.server.ts'
import { openScenario } from '#app/studio/library.server.ts'
import { getDb } from '#app/utils/db.server.ts'
import { authedRequest, makeUser, run } from '#tests/factories.ts'

const ctx = { clientAddress: '127.0.0.1' }
const DEFLECT = '您去跟快递那边反映一下吧'

async function rowsOf(attemptId: string) {
  return getDb().select().from(unrecognisedReplies).where(eq(unrecognisedReplies.attemptId, attemptId))
}

async function chat(userId: string, attemptId: string, fields: Record<string, string>) {
  const request = await authedRequest(`/practice/${attemptId}`, userId, { method: 'POST', body: new URLSearchParams(fields) })
  return run(() => chatAction({ request, params: { attemptId }, context: ctx }))
}

/** A free-text attempt with these replies, sent through the real reply path; returns its inbox rows. */
async function play(scenarioId: string, texts: readonly string[]) {
  const user = await makeUser()
  const attemptId = await startAttempt(user.id, getScenario(scenarioId)!, 'free')
  for (const [i, text] of texts.entries()) {
    const { result } = await submitReply((await loadAttemptState(attemptId))!, { clientId: randomUUID(), afterSeq: i, text })
    expect(result.status).toBe('appended')
  }
  return rowsOf(attemptId)
}

async function inbox(userId: string, fields: Record<string, string | string[]>, search = '') {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
  const request = await authedRequest(`/studio/inbox${search}`, userId, { method: 'POST', body })
  return run(() => inboxAction({ request, params: {}, context: ctx }))
}

describe('capture, as trainees play', () => {
  test('a free-text reply that falls to otherwise is collected once, even when resent', async () => {
    const user = await makeUser()
    const scenario = getScenario('damaged-on-arrival')!
    const attemptId = await startAttempt(user.id, scenario, 'free')
    const fields = { clientId: randomUUID(), afterSeq: '0', text: DEFLECT }
    await chat(user.id, attemptId, fields)
    await chat(user.id, attemptId, fields)
    // Answering an old state from a second tab is refused, and collects nothing either.
    await chat(user.id, attemptId, { clientId: randomUUID(), afterSeq: '0', text: DEFLECT })
    const rows = await rowsOf(attemptId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      seq: 1,
      scenarioId: 'damaged-on-arrival',
      scenarioVersion: scenario.script.version,
      beat: 'opening',
      text: DEFLECT,
      reason: 'otherwise',
      status: 'open',
    })
  })

  test('a reply a scripted reply takes without doubt is not collected; one later in the chat is, at its beat', async () => {
    const rows = await play('damaged-on-arrival', [
      '真的非常抱歉，让您拆开就看到这样，换作是我也会很着急。麻烦您拍一下花瓶和外箱的照片发我。',
      '请稍等一下，我看看您的订单',
    ])
    expect(rows.map((r) => ({ seq: r.seq, beat: r.beat, reason: r.reason }))).toEqual([{ seq: 2, beat: 'photos', reason: 'otherwise' }])
  })

  test('a guided choice is never collected', async () => {
    const user = await makeUser()
    const attemptId = await startAttempt(user.id, getScenario('damaged-on-arrival')!, 'guided')
    await chat(user.id, attemptId, { clientId: randomUUID(), afterSeq: '0', choice: 'blame-courier' })
    expect(await rowsOf(attemptId)).toEqual([])
  })
})

describe('the inbox', () => {
  test('only trainers and admins see it or act on it', async () => {
    const trainee = await makeUser()
    const page = await run(async () => inboxLoader({ request: await authedRequest('/studio/inbox', trainee.id), params: {}, context: ctx }))
    expect((page as Response).status).toBe(403)
    const rows = await play('damaged-on-arrival', [DEFLECT])
    const refused = await inbox(trainee.id, { intent: 'dismiss', scenarioId: 'damaged-on-arrival', ids: String(rows[0]!.id) })
    expect((refused as Response).status).toBe(403)
    expect((await rowsOf(rows[0]!.attemptId))[0]!.status).toBe('open')
  })

  test('adding a phrase: the preview says how the reply will be read, the draft gets the phrase, and the reply is then recognised', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const captured = [...(await play('damaged-on-arrival', [DEFLECT])), ...(await play('damaged-on-arrival', ['您跟快递那边反映一下']))]
    const view = await inboxView({ scenarioId: 'damaged-on-arrival', beat: 'opening' })
    const group = view.groups.find((g) => g.ids.includes(captured[0]!.id))!
    expect(group.ids).toEqual(expect.arrayContaining(captured.map((r) => r.id)))
    // What the wordings share, and the scenario's own intent the beat asks for that the judge did not find.
    expect(group.suggestion).toEqual({ phrase: '跟快递那边反映一下', intent: 'deflect-courier' })
    expect(group.customer).toBe(getScenario('damaged-on-arrival')!.script.beats.opening!.customer[0])
    expect(view.intents['damaged-on-arrival']).toEqual(['deflect-courier', 'return-first', 'guarantee-arrival'])

    const fields = {
      kind: 'phrase',
      groupKey: group.key,
      scenarioId: 'damaged-on-arrival',
      beat: 'opening',
      text: group.representative,
      ids: group.ids.join(','),
      intentId: 'deflect-courier',
      phrase: '快递那边反映',
    }
    const preview = (await inbox(trainer.id, { ...fields, intent: 'preview' })) as {
      ok: true
      preview: Awaited<ReturnType<typeof previewInboxAction>>
    }
    expect(preview.ok).toBe(true)
    expect(preview.preview.reading.before!.reply).toBeNull()
    expect(preview.preview.reading.after!.reply?.id).toBe('blame-courier')
    expect(preview.preview.unchanged).toBe(false)
    expect(preview.preview.draft).toBeNull()
    for (const c of preview.preview.changes) expect(['now-fails', 'now-passes']).toContain(c.change)
    // Nothing is saved by a preview.
    expect((await openScenario('damaged-on-arrival'))!.revision).toBeNull()

    const saved = (await inbox(
      trainer.id,
      { ...fields, intent: 'apply', clientId: randomUUID() },
      '?scenario=damaged-on-arrival',
    )) as Response
    expect(saved.status).toBe(302)
    const location = new URL(saved.headers.get('Location')!, 'http://localhost')
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      scenario: 'damaged-on-arrival',
      done: 'phrase',
      sid: 'damaged-on-arrival',
      n: String(group.count),
    })

    const draft = (await openScenario('damaged-on-arrival'))!
    expect(draft.revision).toBe(1)
    expect(draft.source).toContain('快递那边反映')
    const compiled = compileSource('damaged-on-arrival', draft.source)
    if (!compiled.ok) throw new Error('the draft does not compile')
    expect(tryReply(compiled.scenario, 'opening', DEFLECT)!.reply?.id).toBe('blame-courier')
    for (const r of captured) expect((await rowsOf(r.attemptId))[0]).toMatchObject({ status: 'phrase-added', resolvedBy: trainer.id })
    expect((await inboxView({ scenarioId: 'damaged-on-arrival' })).groups.some((g) => g.ids.includes(captured[0]!.id))).toBe(false)

    // Sent again: the replies are handled and the draft stays as it is.
    const again = (await inbox(trainer.id, { ...fields, intent: 'apply', clientId: randomUUID() })) as unknown as {
      init: { status: number }
      data: { error: { key: string } }
    }
    expect(again.init.status).toBe(409)
    expect(again.data.error.key).toBe('nothingOpen')
    expect((await openScenario('damaged-on-arrival'))!.revision).toBe(1)
  })

  test('when the draft is not changed, nothing is marked', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const rows = await play('parcel-lost', ['请稍等一下，我看看您的订单'])
    const before = (await openScenario('parcel-lost'))!
    // A shared vocabulary's intent takes no phrase here.
    await expect(
      applyInboxAction(trainer, {
        scenarioId: 'parcel-lost',
        ids: [rows[0]!.id],
        action: { kind: 'phrase', intent: 'apology', phrase: '看看您的订单' },
        clientId: 'c1',
      }),
    ).rejects.toMatchObject({ key: 'notOwnIntent' })
    expect((await rowsOf(rows[0]!.attemptId))[0]!.status).toBe('open')
    expect((await openScenario('parcel-lost'))!.source).toBe(before.source)
  })

  test('adding a sample: the preview says whether it passes now; the draft gets it once, however often it is sent', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const text = '请稍等一下，我看看您的订单'
    const rows = await play('refund-not-received', [text])
    const beat = rows[0]!.beat
    const action = {
      kind: 'sample' as const,
      beat,
      text,
      verdict: 'good' as const,
      behaviours: ['apology' as const],
      note: '来自待识别回复',
    }
    const preview = await previewInboxAction({ scenarioId: 'refund-not-received', action, beat, text })
    // The judge reads it as a plain "ok" with no apology: the sample documents a miss.
    expect(preview.sample).toMatchObject({ pass: false, missing: ['apology'] })
    expect(preview.changes).toEqual([])

    const applied = await applyInboxAction(trainer, { scenarioId: 'refund-not-received', ids: [rows[0]!.id], action, clientId: 'c2' })
    expect(applied).toMatchObject({ marked: 1, status: 'sample-added' })
    const once = (await openScenario('refund-not-received'))!
    const samples = () => {
      const c = compileSource('refund-not-received', once.source)
      if (!c.ok) throw new Error('the draft does not compile')
      return c.scenario.script.samples!.replies.filter((r) => r.text === text)
    }
    expect(samples()).toEqual([{ beat, text, verdict: 'good', behaviours: ['apology'], note: '来自待识别回复' }])
    expect((await rowsOf(rows[0]!.attemptId))[0]!.status).toBe('sample-added')

    // The same reply from another trainee, added as a sample again: the text already has it.
    const more = await play('refund-not-received', [text])
    const second = await applyInboxAction(trainer, { scenarioId: 'refund-not-received', ids: [more[0]!.id], action, clientId: 'c3' })
    expect(second.revision).toBe(applied.revision)
    expect((await openScenario('refund-not-received'))!.source).toBe(once.source)
    await expect(
      applyInboxAction(trainer, { scenarioId: 'refund-not-received', ids: [rows[0]!.id], action, clientId: 'c2' }),
    ).rejects.toBeInstanceOf(InboxError)
  })

  test('dismissing a group marks its replies and leaves the scenario alone', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const rows = [...(await play('price-drop', ['请稍等一下，我看看您的订单'])), ...(await play('price-drop', ['请稍等，我看看您的订单']))]
    expect(rows).toHaveLength(2)
    const open = (await countOpenInbox()).get('price-drop')!
    const group = (await inboxView({ scenarioId: 'price-drop' })).groups.find((g) => g.ids.includes(rows[0]!.id))!
    expect(group.count).toBe(2)
    const source = (await openScenario('price-drop'))!.source

    const done = (await inbox(trainer.id, {
      intent: 'dismiss',
      groupKey: group.key,
      scenarioId: 'price-drop',
      ids: group.ids.join(','),
    })) as Response
    expect(new URL(done.headers.get('Location')!, 'http://localhost').searchParams.get('done')).toBe('dismissed')
    for (const r of rows) expect((await rowsOf(r.attemptId))[0]).toMatchObject({ status: 'dismissed', resolvedBy: trainer.id })
    expect((await countOpenInbox()).get('price-drop') ?? 0).toBe(open - 2)
    expect((await openScenario('price-drop'))!.source).toBe(source)
    // Dismissed again (a resent form): nothing more happens.
    expect(await dismissGroup(trainer, { scenarioId: 'price-drop', ids: group.ids })).toEqual({ marked: 0 })
  })

  test('the page lists groups largest first, with the scenario filter and per-beat counts', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    await play('food-safety', ['请稍等一下，我看看您的订单'])
    await play('food-safety', ['请稍等一下，我看看您的订单'])
    const page = (await inboxLoader({
      request: await authedRequest('/studio/inbox?scenario=food-safety', trainer.id),
      params: {},
      context: ctx,
    })) as Awaited<ReturnType<typeof inboxLoader>>
    expect(page.filter).toEqual({ scenario: 'food-safety', beat: undefined })
    expect(page.groups.every((g) => g.scenarioId === 'food-safety')).toBe(true)
    expect(page.groups[0]!.count).toBeGreaterThanOrEqual(2)
    const counts = page.groups.map((g) => g.count)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(page.scenarios.find((s) => s.id === 'food-safety')!.open).toBe(page.total.replies)
  })
})

import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { replay } from '#app/roleplay/run.ts'
import { transcriptEvents, transcriptSchema } from '#app/roleplay/transcript.ts'
import { action } from '#app/routes/studio.playtest.tsx'
import { compileSource } from '#app/studio/compile.server.ts'
import { playtest, PlaytestInputError, type PlaytestInput, type PlaytestReply } from '#app/studio/playtest.server.ts'
import { getDb } from '#app/utils/db.server.ts'
import { authedRequest, makeUser, run } from '#tests/factories.ts'

const SOURCE = fs.readFileSync('scenarios/price-drop.yaml', 'utf8')
const ctx = { clientAddress: '127.0.0.1' }

/** A guided path through price-drop that ends resolved. */
const RESOLVED_PATH = ['empathise-and-check', 'explain-and-refund-30', 'honest-options', 'honest-future', 'thank-and-confirm']

function play(replies: PlaytestReply[], input: Partial<PlaytestInput> = {}) {
  const result = playtest({ scenarioId: 'price-drop', source: SOURCE, mode: 'free', seed: 1, replies, ...input })
  if (!result.ok) throw new Error(`does not compile: ${result.problems.map((p) => p.message).join('; ')}`)
  return result
}

const guided = (ids: readonly string[], seconds = 10) => ids.map((choice) => ({ choice, seconds }))

describe('playtest()', () => {
  test('a free-text reply with a negated apology shows the apology discounted as negated, with its words', () => {
    const result = play([{ text: '我们不道歉，价格波动很正常', seconds: 10 }])
    const [turn] = result.turns
    expect(turn!.discounted).toContainEqual(expect.objectContaining({ intent: 'apology', words: '道歉', discounted: 'negated' }))
    expect(turn!.intents.map((m) => m.intent)).not.toContain('apology')
    expect(turn!.intents.map((m) => m.intent)).toContain('refuse-diff')
    // The scripted reply taken, the emotion change and the score contributions.
    expect(turn!.reply?.id).toBe('refuse-flat')
    expect([turn!.emotionBefore, turn!.emotionAfter]).toEqual([60, 80])
    expect(turn!.evidence).toEqual({ resolution: -2, empathy: -1 })
    expect(turn!.tone?.bad).toBeGreaterThanOrEqual(0)
    // The customer answers as the next beat, and the trainee's feedback is there already.
    expect(result.messages.map((m) => m.from)).toEqual(['customer', 'trainee', 'customer'])
    expect(result.feedback.turns).toHaveLength(1)
    expect(result.done).toBe(false)
    expect(result.transcript).toBeNull()
  })

  test('a free-text reply carries the sample reply the studio would check, with the verdict and what the judge saw', () => {
    const [turn] = play([{ text: '非常理解您的心情，我马上按本店价保规则帮您查一下能退多少', seconds: 10 }]).turns
    expect(turn!.reply?.id).toBe('empathise-and-check')
    expect(turn!.sample).toEqual({ beat: 'opening', text: turn!.text, verdict: turn!.verdict, behaviours: turn!.behaviours })
    expect(turn!.behaviours).toEqual(expect.arrayContaining(['empathy', 'policy-correct']))
  })

  test('a guided run to the ending gives the same score as replaying its events with run.ts', () => {
    const replies = guided(RESOLVED_PATH)
    const result = play(replies, { mode: 'guided', seed: 7 })
    expect(result.done).toBe(true)
    expect(result.outcome).toBe('resolved')
    expect(result.choices).toEqual([])

    const compiled = compileSource('price-drop', SOURCE)
    if (!compiled.ok) throw new Error('does not compile')
    const events = replies.map((r) => ({ type: 'trainee.reply' as const, choice: r.choice, latencyMs: r.seconds * 1000 }))
    const state = replay(compiled.scenario, { seed: 7, mode: 'guided' }, events)
    expect(result.score).toEqual(state.score)
    expect(result.messages).toEqual(state.context.messages)
    expect(result.turns.map((t) => t.reply?.id)).toEqual(RESOLVED_PATH)

    // Saved as a sample conversation, it expects this outcome and a band of ±5 around the total, and replays to it.
    const transcript = transcriptSchema.parse(result.transcript)
    expect(transcript.expect).toEqual({
      outcome: 'resolved',
      passed: result.score.passed,
      score: [Math.max(0, result.score.total - 5), Math.min(100, result.score.total + 5)],
    })
    expect(replay(compiled.scenario, { seed: 7, mode: 'guided' }, transcriptEvents(transcript)).score.total).toBe(result.score.total)
  })

  test('guided mode offers the current beat’s choices in the trainee’s order, and refuses one not offered', () => {
    const start = play([], { mode: 'guided' })
    expect(start.choices.map((c) => c.id).sort()).toEqual(['empathise-and-check', 'insult', 'promise-full', 'refuse-flat'])
    expect(() => play(guided(['honest-future']), { mode: 'guided' })).toThrow(PlaytestInputError)
    expect(() => play(guided([...RESOLVED_PATH, 'thank-and-confirm']), { mode: 'guided' })).toThrow(/already ended/)
  })

  test('a reply slower than the patience is preceded by the nudge and marked slow', () => {
    const result = play([{ text: '非常抱歉，我马上按本店价保规则帮您查一下', seconds: 61 }])
    expect(result.messages[1]).toMatchObject({ from: 'customer', nudge: true })
    expect(result.turns[0]).toMatchObject({ slow: true, seconds: 61, emotionBefore: 70 })
    expect(result.score.skills.timeliness).toBe(80)
  })

  test('the edited, unsaved text is what is played', () => {
    const edited = SOURCE.replace('我 9 号 499 买的炸锅', '【改过】我 9 号 499 买的炸锅').replace(
      '前天刚买的空气炸锅',
      '【改过】前天刚买的空气炸锅',
    )
    expect(play([]).messages[0]!.text).not.toContain('【改过】')
    for (const seed of [1, 2, 3]) expect(play([], { source: edited, seed }).messages[0]!.text).toContain('【改过】')
  })

  test('a broken text returns its problems with line and column', () => {
    const lines = SOURCE.split('\n')
    const at = lines.findIndex((l) => l.startsWith('passMark:'))
    const broken = [...lines.slice(0, at), 'passMark: high', ...lines.slice(at + 1)].join('\n')
    const result = playtest({ scenarioId: 'price-drop', source: broken, mode: 'free', seed: 1, replies: [{ text: '您好', seconds: 10 }] })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems[0]).toMatchObject({ line: at + 1, field: 'passMark' })
    expect(result.problems[0]!.column).toBeGreaterThan(0)

    const yaml = playtest({ scenarioId: 'price-drop', source: `${SOURCE}\n  : [unclosed`, mode: 'free', seed: 1, replies: [] })
    expect(yaml.ok).toBe(false)
    if (!yaml.ok) expect(yaml.problems[0]!.line).toBeGreaterThan(lines.length - 1)
  })

  test('nothing is written to the database', async () => {
    const db = getDb()
    const counts = () => ({
      attempts: db.get<{ n: number }>(sql`select count(*) as n from roleplay_attempts`).n,
      events: db.get<{ n: number }>(sql`select count(*) as n from roleplay_events`).n,
    })
    const changes = () => db.get<{ n: number }>(sql`select total_changes() as n`).n
    const before = counts()
    const changed = changes()
    play([
      { text: '我不抱歉', seconds: 10 },
      { text: '非常抱歉，我马上帮您查', seconds: 61 },
    ])
    play(guided(RESOLVED_PATH), { mode: 'guided' })
    expect(changes()).toBe(changed)

    const trainer = await makeUser({ roles: ['trainer'] })
    const request = await authedRequest('/studio/playtest', trainer.id, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenarioId: 'price-drop', source: SOURCE, mode: 'guided', seed: 1, replies: guided(RESOLVED_PATH) }),
    })
    const response = (await run(() => action({ request, params: {}, context: ctx }))) as Response
    expect(response.status).toBe(200)
    expect(counts()).toEqual(before)
  })
})

describe('POST /studio/playtest', () => {
  const body = (fields: Record<string, unknown>) =>
    JSON.stringify({ scenarioId: 'price-drop', source: SOURCE, mode: 'free', seed: 1, replies: [], ...fields })
  async function post(userId: string, init: RequestInit) {
    const request = await authedRequest('/studio/playtest', userId, { method: 'POST', ...init })
    return (await run(() => action({ request, params: {}, context: ctx }))) as Response
  }
  const json = (payload: string) => ({ headers: { 'Content-Type': 'application/json' }, body: payload })

  test('a trainee gets 403', async () => {
    const trainee = await makeUser()
    expect((await post(trainee.id, json(body({})))).status).toBe(403)
  })

  test('a trainer gets the conversation as JSON, from JSON or from a form', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const fromJson = await post(trainer.id, json(body({ replies: [{ text: '我不抱歉\u200b' }] })))
    expect(fromJson.status).toBe(200)
    const played = await fromJson.json()
    expect(played.ok).toBe(true)
    // Invisible characters dropped as in the trainee's chat; the default latency is 10 s.
    expect(played.turns[0]).toMatchObject({ text: '我不抱歉', seconds: 10 })

    const form = new URLSearchParams({
      scenarioId: 'price-drop',
      source: SOURCE,
      mode: 'guided',
      seed: '3',
      replies: '[{"choice":"insult"}]',
    })
    const fromForm = await post(trainer.id, { body: form })
    expect(fromForm.status).toBe(200)
    expect((await fromForm.json()).outcome).toBe('breach')
  })

  test('bad input is a 400 that says what is wrong', async () => {
    const trainer = await makeUser({ roles: ['trainer'] })
    const cases: [string, RegExp][] = [
      [body({ replies: Array.from({ length: 61 }, () => ({ text: '好的' })) }), /replies: at most 60 replies/],
      [body({ replies: [{ text: '好'.repeat(1001) }] }), /at most 1000 characters/],
      [body({ replies: [{ text: ' \u200b ' }] }), /must not be empty/],
      [body({ replies: [{ text: '好', choice: 'insult' }] }), /either text or a choice/],
      [body({ source: 'x'.repeat(256 * 1024 + 1) }), /source: the script may be at most 256 KB/],
      [body({ mode: 'both' }), /mode/],
      [body({ scenarioId: '../etc' }), /scenarioId/],
      [body({ mode: 'guided', replies: [{ choice: 'no-such-reply' }] }), /not one of the choices at beat "opening"/],
      ['{not json', /not valid JSON/],
    ]
    for (const [payload, message] of cases) {
      const response = await post(trainer.id, json(payload))
      expect(response.status, payload.slice(0, 80)).toBe(400)
      expect((await response.json()).error).toMatch(message)
    }
  })
})

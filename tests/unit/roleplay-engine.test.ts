import { describe, expect, test } from 'vitest'
import { initialTransition, transition } from 'xstate'
import { BREACH, compileScenario, LEFT_ANGRY } from '#app/roleplay/compile.ts'
import { scoreConversation, type ReplyEvent } from '#app/roleplay/engine.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'
import { choicesFor, judgeLog, prepare, replay } from '#app/roleplay/run.ts'

const [scenario] = readScenarios(['scenarios/damaged-on-arrival.yaml'])
if (!scenario) throw new Error('damaged-on-arrival.yaml is missing')
const free = { seed: 7, mode: 'free' as const }
const say = (text: string, seconds = 10): ReplyEvent => ({ type: 'trainee.reply', text, latencyMs: seconds * 1000 })
const pick = (choice: string, seconds = 10): ReplyEvent => ({ type: 'trainee.reply', choice, latencyMs: seconds * 1000 })

const APOLOGY = '真的非常抱歉，让您收到这样的花瓶。麻烦您拍张照片给我看看。'
const OFFER = '是运输中压坏的，我们给您补发一个新的，或者全额退款，都可以。'

describe('the compiled machine', () => {
  const machine = compileScenario(scenario)

  test('has one state per beat and the automatic endings, and starts at the opening', () => {
    expect(Object.keys(machine.root.states).sort()).toEqual([...Object.keys(scenario.script.beats), LEFT_ANGRY, BREACH].sort())
    const [start] = initialTransition(machine, free)
    expect(start.value).toBe('opening')
    expect(start.context.messages).toEqual([{ from: 'customer', text: expect.stringMatching(/花瓶/) }])
  })

  test('a recognised reply moves to its next beat, calms the customer and records evidence', () => {
    const [start] = initialTransition(machine, free)
    const [next] = transition(machine, start, prepare(scenario, start, say(APOLOGY)))
    expect(next.value).toBe('photos')
    expect(next.context.emotion).toBe(45)
    expect(next.context.turns[0]).toMatchObject({ replyId: 'empathise-and-ask-photo', evidence: { empathy: 2, etiquette: 1 } })
    expect(next.context.messages.at(-1)).toEqual({ from: 'customer', text: scenario.script.beats.photos!.customer[0] })
  })

  test('a reply that matches nothing stays in the beat with an in-character answer', () => {
    const [start] = initialTransition(machine, free)
    const [next] = transition(machine, start, prepare(scenario, start, say('这款花瓶是雾蓝色的')))
    expect(next.value).toBe('opening')
    expect(next.context.emotion).toBe(65)
    expect(scenario.script.beats.opening!.otherwise!.customer).toContain(next.context.messages.at(-1)!.text)
  })

  test('an empty reply is dismissive: the customer gets angrier and answers the tone', () => {
    const [start] = initialTransition(machine, free)
    const [next] = transition(machine, start, prepare(scenario, start, say('嗯嗯。')))
    expect(next.value).toBe('opening')
    expect(next.context.emotion).toBe(75)
    expect(next.context.turns[0]).toMatchObject({ replyId: null, universal: true, evidence: { empathy: -1, etiquette: -1 } })
    expect(next.context.messages.at(-1)!.text).toMatch(/态度|打发/)
  })

  test('a complete reply the script did not foresee still earns what it shows', () => {
    // At "photos" the script foresaw a reship or a refund; an exchange with an apology is fine too.
    const state = replay(scenario, free, [say(APOLOGY), say('真的抱歉，给您换一个新的，碎片不用寄回。')])
    const turn = state.context.turns[1]!
    expect(turn).toMatchObject({ beat: 'photos', replyId: null, universal: true, evidence: { etiquette: 1, resolution: 1 } })
    expect(turn.emotionAfter).toBeLessThan(turn.emotionBefore + 5)
  })

  test('a slow reply angers the customer, who nudges first, and costs timeliness', () => {
    const state = replay(scenario, free, [say(APOLOGY, 75)])
    expect(state.context.emotion).toBe(55)
    expect(state.context.messages[1]).toMatchObject({ from: 'customer', nudge: true })
    expect(state.score.skills.timeliness).toBe(80)
  })

  test('an insult ends the chat as a breach and zeroes the attempt', () => {
    const state = replay(scenario, free, [say('你是不是有病，爱买不买')])
    expect(state.done).toBe(true)
    expect(state.snapshot.value).toBe(BREACH)
    expect(state.score).toMatchObject({ outcome: 'breach', total: 0, passed: false, cappedBy: { breach: 'insult' } })
    const turn = state.context.turns[0]!
    expect(turn.breaches.map((b) => b.breach)).toEqual(['insult'])
    expect(turn.findings!.map((f) => [f.behaviour, f.words])).toEqual([
      ['rude', '你是不是有病'],
      ['rude', '爱买不买'],
    ])
  })

  test('inducing a review caps an otherwise good conversation below the pass mark', () => {
    const events = [say(APOLOGY), say(OFFER), say('我先查一下快递时效，五分钟内回复您。'), say('好的，给个五星好评的话返您五元红包哦')]
    const state = replay(scenario, free, events)
    expect(state.context.turns.at(-1)!.breaches).toEqual([expect.objectContaining({ breach: 'induce-review' })])
    expect(state.score).toMatchObject({ passed: false, cappedBy: { breach: 'induce-review', cap: 50 } })
    expect(state.score.total).toBeLessThanOrEqual(50)
  })

  test('a plain request for a review, with nothing offered, is not an inducement', () => {
    const events = [say(APOLOGY), say(OFFER), say('我先查一下快递时效，五分钟内回复您。'), say('好的，处理完麻烦您给个五星好评哦')]
    const state = replay(scenario, free, events)
    expect(state.context.turns.at(-1)!.breaches).toEqual([])
    expect(state.score.cappedBy).toBeNull()
  })

  test('the customer leaves when emotion reaches the limit, whatever the beat', () => {
    // 60 + 25 (blaming the courier) + 10 (slow) = 95, then +10 for a reply that says nothing.
    const state = replay(scenario, free, [say('这是快递摔的，您找快递吧', 90), say('嗯')])
    expect(state.snapshot.value).toBe(LEFT_ANGRY)
    expect(state.score.outcome).toBe('left-angry')
    expect(scenario.script.closings.angry).toContain(state.context.messages.at(-1)!.text)
  })

  test('the customer leaves after too many turns', () => {
    const state = replay(
      scenario,
      free,
      Array.from({ length: 12 }, () => say('嗯', 1)),
    )
    expect(state.score.outcome).toBe('left-angry')
    expect(state.context.turns.length).toBeLessThanOrEqual(scenario.script.limits.maxTurns)
  })

  test('a negated phrase does not count: “不用寄回” is not asking for a return', () => {
    const state = replay(scenario, free, [say(APOLOGY), say('给您补发一个，碎片不用寄回来。')])
    expect(state.context.turns[1]).toMatchObject({ replyId: 'offer-reship-or-refund' })
  })
})

describe('guided mode', () => {
  const guided = { seed: 3, mode: 'guided' as const }

  test('offers the beat’s replies in an order fixed by the attempt', () => {
    const state = replay(scenario, guided, [])
    const ids = choicesFor(scenario, state).map((c) => c.id)
    expect(ids.sort()).toEqual(scenario.script.beats.opening!.replies!.map((r) => r.id).sort())
    expect(choicesFor(scenario, replay(scenario, guided, []))).toEqual(choicesFor(scenario, state))
  })

  test('a choice from another beat is refused; one from this beat is accepted', () => {
    expect(judgeLog(scenario, guided, [pick('offer-reship-or-refund')]).accepted).toBe(false)
    expect(judgeLog(scenario, guided, [pick('empathise-and-ask-photo')])).toMatchObject({ accepted: true, done: false })
  })

  test('the worst choices fail the scenario', () => {
    const state = replay(scenario, guided, [pick('blame-courier'), pick('keep-deflecting')])
    expect(state.score).toMatchObject({ outcome: 'left-angry', passed: false })
  })
})

describe('scoring', () => {
  test('weights the skills, and needs a passing outcome as well as the mark', () => {
    const turn = (evidence: object) => ({ evidence, breaches: [], slow: false }) as never
    const good = scoreConversation(scenario.script, { turns: [turn({ empathy: 4, resolution: 4, etiquette: 4 })], outcome: 'resolved' })
    expect(good).toMatchObject({ total: 100, passed: true })
    const angry = scoreConversation(scenario.script, { turns: [turn({ empathy: 4, resolution: 4, etiquette: 4 })], outcome: 'left-angry' })
    expect(angry).toMatchObject({ total: 100, passed: false })
    const poor = scoreConversation(scenario.script, { turns: [turn({ resolution: -3, compliance: -2 })], outcome: 'resolved' })
    // etiquette 60·15 + empathy 60·25 + resolution 30·30 + compliance 60·20 + timeliness 100·10, over 100
    expect(poor.total).toBe(Math.round((60 * 15 + 60 * 25 + 30 * 30 + 60 * 20 + 100 * 10) / 100))
  })

  test('a compliance penalty stays, however much compliance credit follows', () => {
    const turn = (evidence: object) => ({ evidence, breaches: [], slow: false }) as never
    const penalised = scoreConversation(scenario.script, {
      turns: [turn({ compliance: -2 }), turn({ compliance: 2 }), turn({ compliance: 3 })],
      outcome: 'resolved',
    })
    expect(penalised.skills.compliance).toBe(60)
    const clean = scoreConversation(scenario.script, { turns: [turn({ compliance: 2 })], outcome: 'resolved' })
    expect(clean.skills.compliance).toBe(100)
  })
})

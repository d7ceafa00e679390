import { describe, expect, test } from 'vitest'
import type { Judged } from '#app/roleplay/engine.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'
import { tryReply } from '#app/roleplay/run.ts'
import {
  AMBIGUOUS_MARGIN,
  groupReplies,
  inboxReason,
  similarity,
  suggestIntent,
  suggestPhrase,
  type InboxItem,
  type InboxReason,
} from '#app/studio/inbox.ts'
import { TONE_FAULT, TONE_VETO } from '#app/judge/tone.ts'

const T0 = Date.parse('2026-03-01T08:00:00Z')
const MINUTE = 60_000

/** Replies at one beat, a minute apart, in the order given. */
function items(
  texts: readonly string[],
  { scenarioId = 'damaged-on-arrival', beat = 'opening', reason = 'otherwise' as InboxReason, from = 1 } = {},
) {
  return texts.map((text, i): InboxItem => ({ id: from + i, scenarioId, beat, text, reason, at: T0 + (from + i) * MINUTE }))
}

const DEFLECT = ['您去跟快递那边反映一下吧', '您跟快递那边反映一下', '你去和快递那边反映下吧', '麻烦您自己跟快递那边反映一下哈']
const WAIT = ['稍等，我查一下订单', '稍等我查一下订单。', '您稍等，我帮您查下订单']
const UNRELATED = ['好的', '这个我也没办法', '我给您重新发一个新的']

describe('grouping the inbox', () => {
  test('near-duplicates are one group; unrelated replies are not put with them', () => {
    const groups = groupReplies(items([...DEFLECT, ...UNRELATED]))
    const deflect = groups.find((g) => g.variants.some((v) => v.text === DEFLECT[0]))!
    expect(deflect.count).toBe(4)
    expect(deflect.variants.map((v) => v.text).sort()).toEqual([...DEFLECT].sort())
    for (const text of UNRELATED) {
      const own = groups.find((g) => g.variants.some((v) => v.text === text))!
      expect(own.count).toBe(1)
      expect(own.key).not.toBe(deflect.key)
    }
    expect(groups).toHaveLength(4)
  })

  test('similarity ignores punctuation, particles and 你/您, and is low for different replies', () => {
    expect(similarity('稍等，我查一下订单', '稍等我查一下订单。')).toBe(1)
    expect(similarity('你去跟快递那边反映吧', '您去跟快递那边反映')).toBe(1)
    expect(similarity('您去跟快递那边反映一下吧', '这个我也没办法')).toBeLessThan(0.2)
  })

  test('counts every reply, each wording once with how often it was typed, reasons, first and last seen', () => {
    const list = [
      ...items(['稍等，我查一下订单', '稍等，我查一下订单', '稍等我查一下订单。'], { from: 1 }),
      ...items(['您稍等，我帮您查下订单'], { from: 4, reason: 'ambiguous' }),
    ]
    const [group, ...rest] = groupReplies(list)
    expect(rest).toEqual([])
    expect(group).toMatchObject({
      count: 4,
      representative: '稍等，我查一下订单',
      reasons: { otherwise: 3, ambiguous: 1 },
      firstSeen: T0 + MINUTE,
      lastSeen: T0 + 4 * MINUTE,
    })
    // Same words, other punctuation: one variant, shown as typed most often.
    expect(group!.variants).toEqual([
      { text: '稍等，我查一下订单', count: 3, ids: [1, 2, 3] },
      { text: '您稍等，我帮您查下订单', count: 1, ids: [4] },
    ])
    expect(group!.ids.sort()).toEqual([1, 2, 3, 4])
  })

  test('the representative is the most central reply, not the first one typed', () => {
    // The odd one first; the three alike in the middle of the group decide.
    const [group] = groupReplies(
      items(['麻烦您自己跟快递那边反映一下哈', '您跟快递那边反映一下', '您去跟快递那边反映一下吧', '您跟快递那边反映一下']),
    )
    expect(group!.representative).toBe('您跟快递那边反映一下')
    expect(group!.variants[0]).toMatchObject({ text: '您跟快递那边反映一下', count: 2 })
  })

  test('groups are largest first; the same replies in any order give the same groups', () => {
    const list = [...items(DEFLECT.slice(0, 2), { from: 1 }), ...items(WAIT, { from: 10 }), ...items(UNRELATED, { from: 20 })]
    const groups = groupReplies(list)
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1, 1, 1])
    // Ties: the earliest first.
    expect(groups.slice(2).map((g) => g.representative)).toEqual(UNRELATED)
    const shuffled = [...list].reverse()
    shuffled.push(shuffled.splice(3, 1)[0]!)
    expect(groupReplies(shuffled)).toEqual(groups)
  })

  test('replies at different beats or in different scenarios are never grouped', () => {
    const groups = groupReplies([
      ...items(['稍等，我查一下订单'], { from: 1 }),
      ...items(['稍等，我查一下订单'], { from: 2, beat: 'photos' }),
      ...items(['稍等，我查一下订单'], { from: 3, scenarioId: 'parcel-lost' }),
    ])
    expect(groups).toHaveLength(3)
    expect(new Set(groups.map((g) => `${g.scenarioId}/${g.beat}`)).size).toBe(3)
    expect(groups.every((g) => g.count === 1)).toBe(true)
  })

  test('a long chain of replies each a little different stays one group (single link)', () => {
    const groups = groupReplies(items(['这个我也没办法', '这个我们也没办法', '这个我们也真没办法', '我们也真没办法啊']))
    expect(groups).toHaveLength(1)
  })
})

describe('suggestions for a group', () => {
  test('the phrase is the longest run every variant shares, trimmed of particles', () => {
    expect(suggestPhrase(DEFLECT)).toBe('快递那边反映')
    expect(suggestPhrase(['这个我也没办法呀', '我们也没办法呀'])).toBe('也没办法')
    expect(groupReplies(items(DEFLECT))[0]!.phrase).toBe('快递那边反映')
  })

  test('a run across punctuation is no phrase; fewer than two Han characters in common is none', () => {
    expect(suggestPhrase(['好的，我看', '好的我看'])).toBe('好的')
    expect(suggestPhrase(['嗯嗯', '好吧'])).toBeNull()
    expect(suggestPhrase(['ok', 'ok'])).toBeNull()
  })

  test('when the variants share nothing, what the two most typed share', () => {
    expect(suggestPhrase(['您去找快递公司', '快递公司会处理', '这个不归我们管'])).toBe('快递公司')
  })

  test('the intent is one of the scenario’s own that the beat asks for and the judge did not find', () => {
    const replies = [
      { when: { any: ['apology', 'empathy'], none: ['deflect-courier'] } },
      { when: { any: ['deflect-courier'] } },
      { when: { all: ['return-first'] } },
    ]
    const own = [
      { id: 'deflect-courier', phrases: ['找快递', '快递公司的责任', '联系快递'] },
      { id: 'return-first', phrases: ['先寄回', '寄回来'] },
      { id: 'guarantee-arrival', phrases: ['保证明天到'] },
    ]
    expect(suggestIntent({ phrase: '快递那边反映', text: DEFLECT[0]!, matched: [], replies, own })).toBe('deflect-courier')
    expect(suggestIntent({ phrase: '寄回来吧', text: '您先寄回来吧', matched: [], replies, own })).toBe('return-first')
    // Found already, or not asked for at the beat: not suggested.
    expect(suggestIntent({ phrase: '快递那边', text: '', matched: ['deflect-courier', 'return-first'], replies, own })).toBeNull()
    expect(suggestIntent({ phrase: '快递那边', text: '', matched: [], replies: replies.slice(0, 1), own: own.slice(1) })).toBeNull()
  })
})

describe('what the inbox collects', () => {
  const scenario = readScenarios().find((s) => s.script.id === 'damaged-on-arrival')!
  const lexicon = scenario.lexicon
  const judged = (tone: Judged['tone'], over: Partial<Judged> = {}): Judged => ({
    intents: [],
    behaviours: [],
    faults: [],
    findings: [],
    breaches: [],
    matches: [],
    corrections: [],
    text: '',
    ...(tone ? { tone } : {}),
    ...over,
  })

  test('a reply no scripted reply took is collected; a guided choice (nothing judged) is not', () => {
    expect(inboxReason(null, judged({ bad: 0.1, cues: [], effect: 'agreed' }), lexicon)).toBe('otherwise')
    expect(inboxReason('empathise-and-ask-photo', undefined, lexicon)).toBeNull()
  })

  test('a scripted reply is collected when the tone model overruled the rules, or nearly flipped the verdict', () => {
    const reply = 'empathise-and-ask-photo'
    expect(inboxReason(reply, judged({ bad: 0.8, cues: [], effect: 'added', fault: 'blame' }), lexicon)).toBe('ambiguous')
    expect(inboxReason(reply, judged({ bad: 0.1, cues: [], effect: 'vetoed' }), lexicon)).toBe('ambiguous')
    // No fault found: the line is TONE_FAULT.
    expect(inboxReason(reply, judged({ bad: TONE_FAULT - AMBIGUOUS_MARGIN / 2, cues: [], effect: 'agreed' }), lexicon)).toBe('ambiguous')
    expect(inboxReason(reply, judged({ bad: TONE_FAULT - AMBIGUOUS_MARGIN * 2, cues: [], effect: 'agreed' }), lexicon)).toBeNull()
    // A fault the model could have set aside: the line is TONE_VETO.
    const fault = {
      faults: ['dismissive' as const],
      findings: [{ behaviour: 'dismissive' as const, intent: 'dismissive-weak', words: '', cue: '' }],
    }
    expect(inboxReason(reply, judged({ bad: TONE_VETO + AMBIGUOUS_MARGIN / 2, cues: [], effect: 'agreed' }, fault), lexicon)).toBe(
      'ambiguous',
    )
    expect(inboxReason(reply, judged({ bad: 0.9, cues: [], effect: 'agreed' }, fault), lexicon)).toBeNull()
    // …but never a fault of the scenario's own intents, which the model does not judge.
    const own = {
      faults: ['policy-wrong' as const],
      findings: [{ behaviour: 'policy-wrong' as const, intent: 'deflect-courier', words: '', cue: '' }],
    }
    expect(inboxReason(reply, judged({ bad: TONE_VETO + 0.01, cues: [], effect: 'agreed' }, own), lexicon)).toBeNull()
    // Rules only (no tone model): nothing is ambiguous.
    expect(inboxReason(reply, judged(undefined), lexicon)).toBeNull()
  })

  test('as the judge reads real replies: a clear good reply is not collected, an unforeseen one is', () => {
    const good = tryReply(scenario, 'opening', '真的非常抱歉，让您拆开就看到这样，换作是我也会很着急。麻烦您拍一下照片发我。')!
    expect(inboxReason(good.turn.replyId, good.judged, lexicon)).toBeNull()
    const unforeseen = tryReply(scenario, 'opening', '请稍等一下，我看看您的订单')!
    expect(inboxReason(unforeseen.turn.replyId, unforeseen.judged, lexicon)).toBe('otherwise')
  })
})

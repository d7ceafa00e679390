import { describe, expect, test } from 'vitest'
import { intentsOf, recognise, type IntentDefinition } from '#app/domain/recognition.ts'

const INTENTS: IntentDefinition[] = [
  { id: 'apology', phrases: ['抱歉', '对不起', '不好意思', '让您久等了'] },
  { id: 'empathy', phrases: ['理解', '明白您的心情', '换成是我'] },
  { id: 'blame', phrases: ['您的问题', '你自己的问题', '您操作不当'] },
  { id: 'own-fault', phrases: ['是我们的问题', '我们的失误'] },
  { id: 'deny-fault', phrases: ['不是我们的问题', '跟我们没关系'] },
  { id: 'agree', phrases: ['对', '好的'] },
  { id: 'refund', phrases: ['退款', '退钱'] },
  { id: 'coupon', phrases: ['优惠券'] },
]

const said = (reply: string) => intentsOf(recognise(reply, INTENTS)).sort()

describe('recognising intents', () => {
  test.each([
    ['非常抱歉让您久等了', ['apology']],
    ['不好意思，我马上帮您查', ['apology']],
    ['我非常理解您的心情', ['empathy']],
    ['换成是我也会很着急', ['empathy']],
    ['明白您的心情，我先帮您退款', ['empathy', 'refund']],
    ['这是我们的失误，马上给您退钱', ['own-fault', 'refund']],
    ['确实是我们的问题', ['own-fault']],
    ['对，您说得没错', ['agree']],
    ['好的，马上处理', ['agree']],
    ['ＯＫ，好的', ['agree']],
  ])('%s → %j', (reply, expected) => {
    expect(said(reply)).toEqual([...expected].sort())
  })
})

describe('negation and lookalikes', () => {
  test.each([
    ['这不是您的问题', []],
    ['这并不是您的问题，是快递的问题', []],
    ['我不能理解您为什么这样', []],
    ['我不太理解', []],
    ['没有理解错的话，您是要换货', []],
    ['不是我们的问题', ['deny-fault']],
    ['这事跟我们没关系', ['deny-fault']],
    ['对不起', ['apology']],
    ['对不起，这是您的问题', ['apology', 'blame']],
    ['不退款', []],
    ['没退款吗？我查一下', []],
    ['不好意思，这确实不是您的问题', ['apology']],
    ['我理解，不过这是您操作不当', ['blame', 'empathy']],
    ['别着急，我理解', ['empathy']],
    ['我没说是您的问题', []],
    ['这也不是您的问题', []],
    ['定制商品是不退款的', []],
    ['还没退款吗', []],
    ['送您一张无门槛优惠券', ['coupon']],
    ['有没有退款？', ['refund']],
    ['对不起让您久等了', ['apology']],
    ['无优惠券', []],
    ['绝不是您的问题', []],
    ['您没有任何问题', []],
    ['别担心，我理解', ['empathy']],
    ['这可不是您操作不当', []],
    ['对，马上退款', ['agree', 'refund']],
    ['好的好的', ['agree']],
    ['退不了款吗？我帮您查', []],
    ['不好，这是我们的失误', ['own-fault']],
  ])('%s → %j', (reply, expected) => {
    expect(said(reply)).toEqual([...expected].sort())
  })

  test('a negated mention is kept, marked, with the words that carried it', () => {
    expect(recognise('我不能理解', INTENTS)).toEqual([{ intent: 'empathy', words: '理解', start: 3, negated: true }])
  })

  test('a reply that matches nothing gives nothing, not an error', () => {
    expect(recognise('今天天气不错', INTENTS)).toEqual([])
    expect(recognise('', INTENTS)).toEqual([])
  })
})

import { describe, expect, test } from 'vitest'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'
import fs from 'node:fs'
import { corpusDigest, readCorpus } from '#app/judge/corpus.server.ts'
import { joinTone, TONE_FAULT, TONE_VETO, type Tone } from '#app/judge/tone.ts'
import { TONE_MODEL_FILE } from '#app/judge/tone-model.server.ts'

const scenarios = new Map(readScenarios().map((s) => [s.script.id, s]))
const judge = (scenario: string, beat: string, reply: string) => judgeEntry(scenarios.get(scenario)!, beat, reply)
const sees = (reply: string, scenario = 'damaged-on-arrival', beat = 'opening') => judge(scenario, beat, reply).behaviours

// Each cause the judge used to miss, in sentences written for these tests.
describe('the judge, cause by cause', () => {
  test.each([
    ['签收人是2单元的李女士，电话13800001234', 'privacy-leak'],
    ['您买之前就不量一下脚长吗', 'blame'],
    ['我私下转您三十块，您就别去投诉了', 'illegal-promise'],
    ['带图评价满五十字，返现五元', 'induce-review'],
    ['路上磕坏的要找物流，跟我们店没什么关系', 'policy-wrong'],
  ])('reworded breach: %s', (reply, behaviour) => {
    expect(sees(reply)).toContain(behaviour)
  })

  test.each([
    ['这真不是您的问题，是我们包装没做好', 'blame'],
    ['我们不会把您的信息给任何人', 'privacy-leak'],
  ])('negation: %s does not show %s', (reply, behaviour) => {
    expect(sees(reply)).not.toContain(behaviour)
  })

  // The rules' reading of scope comes first: the tone model must not overrule it on a short,
  // plainly negated or hedged reply.
  test.each([
    ['wrong-size-shipped', 'opening', '这绝不是您的问题'],
    ['food-safety', 'register', '能不能按十倍赔偿，得等专员核实以后才定，我不能先答应您'],
    ['damaged-on-arrival', 'photos', '给您补发一个新的，碎的那个不用寄回来'],
  ])('a negated or hedged reply is not bad: %s / %s: %s', (scenario, beat, reply) => {
    expect(judge(scenario, beat, reply).verdict).not.toBe('bad')
  })

  test('a rhetorical question blames as much as a statement', () => {
    expect(sees('难道不是您自己没看清楚吗')).toContain('blame')
  })

  test('a hedged mention of compensation is not a promise; an asserted one is', () => {
    expect(sees('能否十倍赔偿要看检测结果，我现在不能承诺', 'food-safety', 'pressure')).not.toContain('illegal-promise')
    expect(sees('放心，十倍赔偿肯定给您', 'food-safety', 'pressure')).toContain('illegal-promise')
  })

  test('a correct reply the script did not foresee earns credit, not a penalty', () => {
    const j = judge('damaged-on-arrival', 'photos', '真的抱歉，给您换一个新的，碎片不用寄回。')
    expect(j.verdict).not.toBe('bad')
    expect(j.turn.universal).toBe(true)
  })

  test.each([['有啥好催的，给您退就是了'], ['人多着呢，又不是只给您一个人服务'], ['哦。'], ['对不起啊，您可真会给人找事']])(
    'tone: %s is a fault',
    (reply) => {
      expect(judge('damaged-on-arrival', 'opening', reply).verdict).toBe('bad')
    },
  )

  test.each([
    ['對不起，這就給您補發', ['apology', 'solution']],
    ['很报歉，马上补法', ['apology', 'solution']],
    ['sorry，马上给您退款', ['apology', 'solution']],
  ])('surface forms: %s', (reply, behaviours) => {
    expect(sees(reply, 'damaged-on-arrival', 'photos')).toEqual(expect.arrayContaining(behaviours))
  })

  test('a function word is not read as a sound-alike phrase', () => {
    expect(judge('parcel-lost', 'opening', '您就等着吧').judged.text).toBe('您就等着吧')
  })
})

// The dev part as table tests: direction agreement on it must stay where tuning left it.
describe('the dev part of the corpus', () => {
  const entries = readCorpus('dev')
  test('is large and varied enough to tune on', () => {
    expect(entries.length).toBeGreaterThanOrEqual(700)
    expect(entries.filter((e) => e.verdict === 'bad').length / entries.length).toBeGreaterThan(0.3)
  })
  test('the committed tone model was trained on the dev part as it is now (npm run judge:train)', () => {
    expect(JSON.parse(fs.readFileSync(TONE_MODEL_FILE, 'utf8')).corpus).toBe(corpusDigest('dev'))
  })
  test('direction agrees on at least 95% of it', () => {
    const agree = entries.filter((e) => (judge(e.scenario, e.beat, e.reply).verdict === 'bad') === (e.verdict === 'bad')).length
    expect(agree / entries.length).toBeGreaterThanOrEqual(0.95)
  })
})

// How the tone model joins what the rules found.
describe('the tone model', () => {
  const faults = {
    blame: 0.1,
    rude: 0.1,
    dismissive: 0.8,
    'policy-wrong': 0.1,
    'privacy-leak': 0,
    'illegal-promise': 0,
    'induce-review': 0,
  }
  const tone = (bad: number): Tone => ({ bad, faults, cues: ['看着办'] })
  const recognition = (behaviour: 'blame' | 'dismissive' | 'solution') => {
    const intent = { blame: 'blame-customer', dismissive: 'brush-off', solution: 'offer-refund' }[behaviour]
    return {
      matches: [{ intent, discounted: null, negated: false }],
      intents: [intent],
      behaviours: [{ behaviour, intent, words: '…', cue: '…' }],
      breaches: behaviour === 'blame' ? [{ breach: 'blame', intent, words: '…' }] : [],
    }
  }
  const isFault = (id: string) => id === 'blame-customer' || id === 'brush-off'

  test('a reply the rules found sound but the model is sure is bad gets its likeliest fault, with the words behind it', () => {
    const { recognition: r, tone: t } = joinTone(recognition('solution'), tone(TONE_FAULT + 0.2), isFault)
    expect(t).toMatchObject({ effect: 'added', fault: 'dismissive' })
    expect(r.behaviours.at(-1)).toMatchObject({ behaviour: 'dismissive', words: '看着办' })
    // Never a breach: a breach rests on words the rules name.
    expect(r.breaches).toEqual([])
  })

  test('a fault the rules found is set aside only when the model is sure the reply is sound, and says why', () => {
    expect(joinTone(recognition('dismissive'), tone(TONE_VETO + 0.05), isFault).recognition.behaviours).toHaveLength(1)
    const vetoed = joinTone(recognition('dismissive'), tone(TONE_VETO - 0.05), isFault)
    expect(vetoed.tone.effect).toBe('vetoed')
    expect(vetoed.recognition).toMatchObject({ intents: [], behaviours: [] })
    expect(vetoed.recognition.matches[0]!.discounted).toBe('tone')
  })

  test('a wrong rule the scenario itself names is never set aside by the model, however polite the reply', () => {
    expect(
      judge('wrong-size-shipped', 'tag-photo', '看到了，确实是 XL，给您添麻烦了。您寄回来给您换 M 码，运费您自己出一下，谢谢理解。')
        .behaviours,
    ).toContain('policy-wrong')
  })

  test('a compliance breach the rules found is never set aside by the model', () => {
    const kept = joinTone(recognition('blame'), tone(0.01), isFault)
    expect(kept.tone.effect).toBe('agreed')
    expect(kept.recognition.breaches).toHaveLength(1)
  })

  test('reads what phrase lists miss: blame put as a question, a shrug', () => {
    expect(sees('您当时怎么不先问清楚再下单呢')).toContain('blame')
    expect(judge('parcel-lost', 'opening', '行吧行吧，您说什么就是什么').verdict).toBe('bad')
    expect(judge('parcel-lost', 'opening', '行吧行吧，您说什么就是什么').judged.tone?.cues.length).toBeGreaterThan(0)
  })
})

import { describe, expect, test } from 'vitest'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
import { readScenarios } from '#app/roleplay/load.server.ts'
import { readCorpus } from '#app/judge/corpus.server.ts'

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

  test.each([
    ['有啥好催的，给您退就是了'],
    ['人多着呢，又不是只给您一个人服务'],
    ['哦。'],
    ['对不起啊，您可真会给人找事'],
  ])('tone: %s is a fault', (reply) => {
    expect(judge('damaged-on-arrival', 'opening', reply).verdict).toBe('bad')
  })

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
  test('direction agrees on at least 88% of it', () => {
    const agree = entries.filter((e) => (judge(e.scenario, e.beat, e.reply).verdict === 'bad') === (e.verdict === 'bad')).length
    expect(agree / entries.length).toBeGreaterThanOrEqual(0.88)
  })
})

import { describe, expect, test } from 'vitest'
import { citationProblem, citations, cjkSpaces, legalBasisDate, lengthTells, type LawEntry } from '#app/domain/content-lint.ts'

const item = (best: string, ...others: string[]) => ({ line: 1, field: 'quiz', best: [best], others })

describe('length tells', () => {
  test('warns when the best choice is the longest in more than 40% of the items', () => {
    const items = [
      item('十个字的答案正确的', '九个字的错误答案', '九个字的错误答案'),
      item('短', '长一点的', '长一点点'),
      item('九个字的正确答案啊', '八个字的错误答案', '九个字的错误答案呀'),
    ]
    const { figures, warnings } = lengthTells(items)
    expect(figures.longest).toBe(2)
    expect(warnings.some((w) => /longest in 2 of 3/.test(w.message))).toBe(true)
  })

  test('warns for an item whose best choice strays more than 35% from the median of the others', () => {
    const { warnings } = lengthTells([item('这是一条明显比其他选项长出很多很多的正确答案', '错误答案一', '错误答案二', '错误答案三')])
    expect(warnings.find((w) => /longer than the median/.test(w.message))).toBeTruthy()
    expect(lengthTells([item('长度相近的答案', '长度差不多的', '也差不多长的')]).warnings.filter((w) => /median/.test(w.message))).toEqual(
      [],
    )
  })

  test('spaces do not count towards a choice’s length', () => {
    const { figures } = lengthTells([item('甲 乙 丙 丁 戊', '甲乙丙丁戊己', '甲乙丙丁戊己')])
    expect(figures.longest).toBe(0)
  })
})

describe('spaces inside Chinese text', () => {
  test('finds an ASCII space between Chinese characters or Chinese punctuation, not around numbers or Latin', () => {
    expect(cjkSpaces('这条回复是对的。 “亲，雾蓝色没货了”').length).toBe(1)
    expect(cjkSpaces('先道歉， 再说明').length).toBe(1)
    expect(cjkSpaces('容量 5 升，用 SOLD OUT 写')).toEqual([])
  })
})

describe('citations', () => {
  const laws: LawEntry[] = [
    { name: '消费者权益保护法', aliases: ['消法'], effective: '2014-03-15', articles: { 第二十五条: '七日无理由' } },
    { name: '网络反不正当竞争暂行规定', effective: '2024-09-01', articles: { 第九条: '好评返现' } },
  ]
  test('finds bracketed and abbreviated citations, and skips titles that are not laws', () => {
    const found = citations('依《消费者权益保护法》第二十五条和消法第二十五条，见《隐私与信息安全》一课。', ['消法'])
    expect(found.map((c) => `${c.law}${c.article ?? ''}`)).toEqual(['消费者权益保护法第二十五条', '消法第二十五条'])
  })

  test('an article or a law missing from the registry is a problem; a listed one is not', () => {
    const [ok, article, law] = citations(
      '《消费者权益保护法》第二十五条；《消费者权益保护法》第九十九条；《部分商品修理更换退货责任规定》第八条',
    )
    expect(citationProblem(ok!, laws)).toBeNull()
    expect(citationProblem(article!, laws)).toMatch(/第九十九条 of 消费者权益保护法 is not in content\/laws.yaml/)
    expect(citationProblem(law!, laws)).toMatch(/not in content\/laws.yaml/)
  })

  test('the legal basis is current to the newest law cited', () => {
    expect(legalBasisDate(citations('《消费者权益保护法》第二十五条、《网络反不正当竞争暂行规定》第九条'), laws)).toBe('2024-09-01')
  })
})

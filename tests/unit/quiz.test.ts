import { describe, expect, test } from 'vitest'
import type { Question } from '#app/domain/content-schema.ts'
import { drawQuiz, presentQuiz, readAnswers, scoreQuiz, TamperedAnswerError } from '#app/domain/quiz.ts'

const opts = (...ids: string[]) => ids.map((id) => ({ id, text: `选项${id}` }))
const QUIZ: Question[] = [
  { id: 'greet', type: 'single', skill: 'etiquette', prompt: '问候', options: opts('a', 'b', 'c'), answer: 'b', explanation: '因为' },
  {
    id: 'taboo',
    type: 'multiple',
    skill: 'etiquette',
    prompt: '禁用语',
    options: opts('a', 'b', 'c', 'd'),
    answer: ['a', 'c'],
    explanation: '因为',
  },
  { id: 'custom', type: 'truefalse', skill: 'compliance', prompt: '定制品七日无理由', answer: false, explanation: '因为' },
  {
    id: 'steps',
    type: 'ordering',
    skill: 'resolution',
    prompt: '排序',
    items: opts('register', 'respond', 'investigate', 'propose'),
    explanation: '因为',
  },
]

function form(entries: [string, string][]) {
  const f = new FormData()
  for (const [k, v] of entries) f.append(k, v)
  return f
}

describe('scoring', () => {
  test('all right scores 100 and passes', () => {
    const r = scoreQuiz(
      QUIZ,
      { greet: 'b', taboo: ['a', 'c'], custom: false, steps: ['register', 'respond', 'investigate', 'propose'] },
      80,
    )
    expect(r).toMatchObject({ score: 100, passed: true })
    expect(r.questions.every((q) => q.correct)).toBe(true)
  })

  test('single and true/false are right or wrong', () => {
    const r = scoreQuiz(QUIZ, { greet: 'a', custom: true }, 80)
    expect(r.questions.find((q) => q.id === 'greet')!.credit).toBe(0)
    expect(r.questions.find((q) => q.id === 'custom')!.credit).toBe(0)
  })

  test.each([
    [['a'], 0.5],
    [['a', 'c'], 1],
    [['a', 'b'], 0],
    [['a', 'c', 'd'], 0.5],
    [['a', 'b', 'c', 'd'], 0],
  ])('multiple choice %j earns %d', (given, credit) => {
    expect(scoreQuiz(QUIZ, { taboo: given }, 80).questions[1]!.credit).toBe(credit)
  })

  test('ordering earns the share of items in their place', () => {
    const r = scoreQuiz(QUIZ, { steps: ['register', 'investigate', 'respond', 'propose'] }, 80)
    expect(r.questions[3]).toMatchObject({ credit: 0.5, correct: false })
  })

  test('unanswered questions earn nothing and the score is a percent of all questions', () => {
    const r = scoreQuiz(QUIZ, { greet: 'b', custom: false }, 80)
    expect(r.score).toBe(50)
    expect(r.passed).toBe(false)
    expect(r.questions[1]).toMatchObject({ given: null, credit: 0, expected: ['a', 'c'] })
  })

  test('the pass mark is inclusive', () => {
    const three = scoreQuiz(QUIZ, { greet: 'b', taboo: ['a', 'c'], custom: false }, 75)
    expect(three).toMatchObject({ score: 75, passed: true })
  })
})

describe('reading a submitted form', () => {
  const complete: [string, string][] = [
    ['q.greet', 'b'],
    ['q.taboo', 'a'],
    ['q.taboo', 'c'],
    ['q.custom', 'false'],
    ['q.steps.respond', '2'],
    ['q.steps.register', '1'],
    ['q.steps.propose', '4'],
    ['q.steps.investigate', '3'],
  ]

  test('reads every question type', () => {
    expect(readAnswers(QUIZ, form(complete))).toEqual({
      answers: { greet: 'b', taboo: ['a', 'c'], custom: false, steps: ['register', 'respond', 'investigate', 'propose'] },
      unanswered: [],
    })
  })

  test('lists unanswered questions, and an ordering with a repeated position as unanswered', () => {
    const partial = complete.filter(([k]) => k !== 'q.greet').map(([k, v]): [string, string] => [k, k === 'q.steps.propose' ? '1' : v])
    expect(readAnswers(QUIZ, form(partial)).unanswered).toEqual(['greet', 'steps'])
  })

  test('an ordering item left without a position is unanswered, not tampering', () => {
    const entries = complete.map(([k, v]): [string, string] => [k, k === 'q.steps.respond' ? '' : v])
    expect(readAnswers(QUIZ, form(entries)).unanswered).toEqual(['steps'])
  })

  test.each([
    ['a position that is not a number', ['q.steps.register', 'first']],
    ['an unknown question', ['q.nope', 'a']],
    ['an option of no question', ['q.greet', 'z']],
    ['an unknown multiple-choice option', ['q.taboo', 'zz']],
    ['a true/false that is neither', ['q.custom', 'maybe']],
    ['an item that is not in the list', ['q.steps.hack', '1']],
    ['a position out of range', ['q.steps.register', '9']],
  ] as const)('rejects %s as tampering', (_name, [key, value]) => {
    const entries = complete.filter(([k]) => k !== key)
    entries.push([key, value])
    expect(() => readAnswers(QUIZ, form(entries))).toThrow(TamperedAnswerError)
  })

  test('rejects two choices for a single-choice question', () => {
    expect(() => readAnswers(QUIZ, form([...complete, ['q.greet', 'a']]))).toThrow(TamperedAnswerError)
  })
})

describe('presenting a quiz', () => {
  test('never carries answers, explanations or the right order', () => {
    const shown = presentQuiz(QUIZ, 1)
    for (const q of shown) expect(Object.keys(q).sort()).toEqual(['choices', 'id', 'prompt', 'skill', 'type'])
    expect(JSON.stringify(shown)).not.toContain('因为')
  })

  test('the order is fixed by the seed and differs between seeds', () => {
    const ids = (seed: number) =>
      presentQuiz(QUIZ, seed)
        .map((q) => `${q.id}:${q.choices.map((c) => c.id).join('')}`)
        .join(' ')
    expect(ids(42)).toBe(ids(42))
    const seen = new Set(Array.from({ length: 20 }, (_, seed) => ids(seed)))
    expect(seen.size).toBeGreaterThan(10)
  })
})

describe('drawing a quiz from a bank', () => {
  const bank: Question[] = Array.from({ length: 20 }, (_, i) => ({
    id: `q${i}`,
    type: i % 5 === 0 ? ('truefalse' as const) : ('single' as const),
    skill: i < 12 ? ('compliance' as const) : ('empathy' as const),
    prompt: `题${i}`,
    ...(i % 5 === 0 ? { answer: true } : { options: opts('a', 'b'), answer: 'a' }),
    explanation: '因为',
  })) as Question[]
  const draw = [
    { type: 'truefalse' as const, count: 2 },
    { skill: 'compliance' as const, count: 4 },
    { skill: 'empathy' as const, count: 3 },
    { count: 1 },
  ]

  test('follows the blueprint row by row, without repeating a question', () => {
    const drawn = drawQuiz(bank, draw, 42)
    expect(drawn).toHaveLength(10)
    expect(new Set(drawn.map((q) => q.id)).size).toBe(10)
    expect(drawn.filter((q) => q.type === 'truefalse').length).toBeGreaterThanOrEqual(2)
    expect(drawn.filter((q) => q.skill === 'empathy').length).toBeGreaterThanOrEqual(3)
  })

  test('the same seed draws the same quiz in the same order; another seed, another set', () => {
    expect(drawQuiz(bank, draw, 42).map((q) => q.id)).toEqual(drawQuiz(bank, draw, 42).map((q) => q.id))
    const sets = new Set(
      Array.from({ length: 20 }, (_, seed) =>
        drawQuiz(bank, draw, seed)
          .map((q) => q.id)
          .sort()
          .join(),
      ),
    )
    expect(sets.size).toBeGreaterThan(15)
  })

  test('without a blueprint, the whole bank is asked', () => {
    expect(
      drawQuiz(bank, undefined, 7)
        .map((q) => q.id)
        .sort(),
    ).toEqual(bank.map((q) => q.id).sort())
  })
})

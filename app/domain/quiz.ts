import { matchesRow, type DrawRow, type Question, type QuestionType } from './content-schema.ts'
import { seededRandom, shuffle } from './random.ts'
import type { Skill } from './skills.ts'

/** What the browser may see of a question before submission: no answers, shuffled order. */
export interface PresentedQuestion {
  id: string
  type: QuestionType
  prompt: string
  skill: Skill
  /** Options (single/multiple) or items to put in order (ordering), in this attempt's order. */
  choices: { id: string; text: string }[]
}

/**
 * The questions one attempt asks, in the order it asks them: each blueprint row draws its count
 * from the matching questions not yet drawn, by the attempt's seed, so a retake (a new seed)
 * asks a different set. Without a blueprint the whole bank is asked, shuffled.
 */
export function drawQuiz(bank: readonly Question[], draw: readonly DrawRow[] | undefined, seed: number): Question[] {
  const random = seededRandom(seed)
  if (!draw) return shuffle(bank, random)
  const taken = new Set<string>()
  const drawn: Question[] = []
  for (const row of draw) {
    const pool = bank.filter((q) => !taken.has(q.id) && matchesRow(q, row))
    for (const q of shuffle(pool, random).slice(0, row.count)) {
      taken.add(q.id)
      drawn.push(q)
    }
  }
  return shuffle(drawn, random)
}

/** The questions of an attempt, in the order asked, with choices in this attempt's order. */
export function presentQuiz(questions: readonly Question[], seed: number): PresentedQuestion[] {
  // A stream apart from the draw's, so option order does not depend on which questions were drawn.
  const random = seededRandom(seed ^ 0x5bd1e995)
  return questions.map((q) => ({
    id: q.id,
    type: q.type,
    prompt: q.prompt,
    skill: q.skill,
    choices: q.type === 'truefalse' ? [] : shuffle(q.type === 'ordering' ? q.items : q.options, random),
  }))
}

/** A trainee's answer to one question. */
export type Answer = string | string[] | boolean
export type AnswerSheet = Record<string, Answer>

export class TamperedAnswerError extends Error {
  constructor(
    readonly questionId: string,
    detail: string,
  ) {
    super(`answer to "${questionId}" is not valid: ${detail}`)
    this.name = 'TamperedAnswerError'
  }
}

/**
 * Reads answers from form fields. `q.<id>` carries a single/true-false value or repeated
 * multiple-choice values; ordering answers come as `q.<id>.<itemId>` = position (1-based).
 * Ids that do not belong to the quiz are rejected: they can only come from a tampered form.
 * Unanswered questions are listed so the form can ask for them.
 */
export function readAnswers(
  questions: readonly Question[],
  form: { getAll(name: string): unknown[]; keys(): Iterable<string> },
): { answers: AnswerSheet; unanswered: string[] } {
  const known = new Map(questions.map((q) => [q.id, q]))
  for (const key of form.keys()) {
    if (!key.startsWith('q.')) continue
    const [, qid = '', itemId] = key.split('.')
    const q = known.get(qid)
    if (!q) throw new TamperedAnswerError(qid, 'no such question')
    if (itemId !== undefined && (q.type !== 'ordering' || !q.items.some((i) => i.id === itemId))) {
      throw new TamperedAnswerError(qid, `no such item "${itemId}"`)
    }
  }
  const answers: AnswerSheet = {}
  const unanswered: string[] = []
  for (const q of questions) {
    const values = form.getAll(`q.${q.id}`).map(String)
    switch (q.type) {
      case 'single': {
        if (values.length === 0 || values[0] === '') break
        if (values.length > 1) throw new TamperedAnswerError(q.id, 'more than one choice')
        if (!q.options.some((o) => o.id === values[0])) throw new TamperedAnswerError(q.id, `no such option "${values[0]}"`)
        answers[q.id] = values[0]!
        break
      }
      case 'multiple': {
        const picked = [...new Set(values.filter(Boolean))]
        const bad = picked.find((v) => !q.options.some((o) => o.id === v))
        if (bad) throw new TamperedAnswerError(q.id, `no such option "${bad}"`)
        if (picked.length) answers[q.id] = picked
        break
      }
      case 'truefalse': {
        if (values.length === 0 || values[0] === '') break
        if (values[0] !== 'true' && values[0] !== 'false') throw new TamperedAnswerError(q.id, 'must be true or false')
        answers[q.id] = values[0] === 'true'
        break
      }
      case 'ordering': {
        const raw = q.items.map((item) => String(form.getAll(`q.${q.id}.${item.id}`)[0] ?? ''))
        // An item left on "choose a position" leaves the question unanswered.
        if (raw.some((r) => r === '')) break
        const positions = q.items.map((item, i) => ({ id: item.id, pos: Number(raw[i]) }))
        if (positions.some((p) => !Number.isInteger(p.pos) || p.pos < 1 || p.pos > q.items.length)) {
          throw new TamperedAnswerError(q.id, 'position out of range')
        }
        if (new Set(positions.map((p) => p.pos)).size !== positions.length) break
        answers[q.id] = positions.sort((a, b) => a.pos - b.pos).map((p) => p.id)
        break
      }
    }
    if (!(q.id in answers)) unanswered.push(q.id)
  }
  return { answers, unanswered }
}

export interface QuestionResult {
  id: string
  /** 0–1: share of the question's point earned. */
  credit: number
  correct: boolean
  given: Answer | null
  expected: Answer
}

export interface QuizResult {
  /** Percent 0–100, one decimal. */
  score: number
  passed: boolean
  questions: QuestionResult[]
}

export function expectedAnswer(q: Question): Answer {
  switch (q.type) {
    case 'single':
    case 'multiple':
    case 'truefalse':
      return q.answer
    case 'ordering':
      return q.items.map((i) => i.id)
  }
}

/**
 * Scores a sheet. Single and true/false are right or wrong. Multiple choice earns
 * (right picks − wrong picks) / number of right options, never below 0, so guessing
 * everything earns nothing. Ordering earns the share of items in their right place.
 * An unanswered question earns 0.
 */
export function scoreQuiz(questions: readonly Question[], answers: AnswerSheet, passMark: number): QuizResult {
  const results = questions.map((q): QuestionResult => {
    const given = answers[q.id] ?? null
    const expected = expectedAnswer(q)
    return { id: q.id, credit: given === null ? 0 : credit(q, given), correct: false, given, expected }
  })
  for (const r of results) r.correct = r.credit === 1
  const total = results.reduce((sum, r) => sum + r.credit, 0)
  const score = questions.length ? Math.round((total / questions.length) * 1000) / 10 : 0
  return { score, passed: score >= passMark, questions: results }
}

function credit(q: Question, given: Answer): number {
  switch (q.type) {
    case 'single':
      return given === q.answer ? 1 : 0
    case 'truefalse':
      return given === q.answer ? 1 : 0
    case 'multiple': {
      if (!Array.isArray(given)) return 0
      const right = given.filter((g) => q.answer.includes(g)).length
      const wrong = given.length - right
      return Math.max(0, right - wrong) / q.answer.length
    }
    case 'ordering': {
      if (!Array.isArray(given)) return 0
      const inPlace = q.items.filter((item, i) => given[i] === item.id).length
      return inPlace / q.items.length
    }
  }
}

/** A graded question as the result page shows it: choices named by their words, never by letters. */
export interface ReviewRow {
  id: string
  type: QuestionType
  prompt: string
  explanation: string
  credit: number
  given: string[]
  expected: string[]
}

function describeAnswer(q: Question, answer: Answer | null): string[] {
  if (answer === null) return []
  if (q.type === 'truefalse') return [answer === true ? 'true' : 'false']
  const choices = q.type === 'ordering' ? q.items : q.options
  const ids = Array.isArray(answer) ? answer : [String(answer)]
  return ids.map((id) => choices.find((c) => c.id === id)?.text ?? id)
}

/** Grades a sheet against today's questions for display; the stored score is the one that counts. */
export function reviewRows(questions: readonly Question[], answers: AnswerSheet, passMark: number): ReviewRow[] {
  const graded = scoreQuiz(questions, answers, passMark)
  return questions.map((q, i) => {
    const r = graded.questions[i]!
    return {
      id: q.id,
      type: q.type,
      prompt: q.prompt,
      explanation: q.explanation,
      credit: r.credit,
      given: describeAnswer(q, r.given),
      expected: describeAnswer(q, r.expected),
    }
  })
}

/**
 * The questions an attempt asked, in its order. An attempt at the module's current version is
 * redrawn from its seed; one at an older version shows the questions its sheet answered that the
 * bank still holds.
 */
export function attemptQuestions(
  module: { version: number; quiz: readonly Question[]; draw?: readonly DrawRow[] },
  attempt: { moduleVersion: number; seed: number; answers?: unknown },
): Question[] {
  if (attempt.moduleVersion === module.version) return drawQuiz(module.quiz, module.draw, attempt.seed)
  const answered = new Set(Object.keys((attempt.answers ?? {}) as object))
  return module.quiz.filter((q) => answered.has(q.id))
}

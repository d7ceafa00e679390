import { describe, expect, test } from 'vitest'
import { getLearningRecords } from '#app/models/learning.server.ts'
import { action as quizAction, loader as quizLoader } from '#app/routes/learn.$moduleId.quiz.tsx'
import { loader as resultLoader } from '#app/routes/quiz-results.$attemptId.tsx'
import { loader as pathLoader } from '#app/routes/learn._index.tsx'
import { loadModules } from '#app/utils/content.server.ts'
import { authedRequest, makeTeam, makeUser, run } from '#tests/factories.ts'

const module = loadModules()[0]!
const ctx = { clientAddress: '127.0.0.1' }

async function openQuiz(userId: string) {
  return quizLoader({ request: await authedRequest(`/learn/${module.id}/quiz`, userId), params: { moduleId: module.id }, context: ctx })
}

/** The right answers to the questions an attempt asks, written as the quiz form would post them. */
function rightAnswers({ attemptId, questions }: { attemptId: string; questions: { id: string }[] }) {
  const body = new URLSearchParams({ attemptId })
  const asked = new Set(questions.map((q) => q.id))
  for (const q of module.quiz.filter((q) => asked.has(q.id))) {
    if (q.type === 'single') body.append(`q.${q.id}`, q.answer)
    if (q.type === 'multiple') q.answer.forEach((a) => body.append(`q.${q.id}`, a))
    if (q.type === 'truefalse') body.append(`q.${q.id}`, String(q.answer))
    if (q.type === 'ordering') q.items.forEach((item, i) => body.append(`q.${q.id}.${item.id}`, String(i + 1)))
  }
  return body
}

async function submit(userId: string, body: URLSearchParams) {
  const request = await authedRequest(`/learn/${module.id}/quiz`, userId, { method: 'POST', body })
  return run(() => quizAction({ request, params: { moduleId: module.id }, context: ctx }))
}

describe('quiz flow', () => {
  test('the quiz page carries no answers, and reopening it keeps the same attempt', async () => {
    const user = await makeUser()
    const first = await openQuiz(user.id)
    for (const q of first.questions) {
      expect(Object.keys(q).sort()).toEqual(['choices', 'id', 'prompt', 'skill', 'type'])
      for (const c of q.choices) expect(Object.keys(c).sort()).toEqual(['id', 'text'])
    }
    const shown = JSON.stringify(first)
    for (const q of module.quiz) expect(shown).not.toContain(q.explanation)
    expect((await openQuiz(user.id)).attemptId).toBe(first.attemptId)
  })

  test('a passing submission is stored once, however often it is sent', async () => {
    const user = await makeUser()
    const quiz = await openQuiz(user.id)
    const { attemptId } = quiz
    const first = (await submit(user.id, rightAnswers(quiz))) as Response
    expect(first.headers.get('Location')).toBe(`/quiz-results/${attemptId}`)
    // The same form again (a double click): same result page, nothing new stored.
    const again = (await submit(user.id, rightAnswers(quiz))) as Response
    expect(again.headers.get('Location')).toBe(`/quiz-results/${attemptId}`)
    const { attempts } = await getLearningRecords([user.id])
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ score: 100, passed: true })
    const path = await pathLoader({ request: await authedRequest('/learn', user.id), params: {}, context: ctx })
    expect(path.modules[0]!).toMatchObject({ status: 'passed', bestScore: 100 })
    // After submitting, a new visit to the quiz starts a new attempt.
    expect((await openQuiz(user.id)).attemptId).not.toBe(attemptId)
  })

  test('a quiz asks the draw from the bank; a retake draws a different set, and the result keeps the order asked', async () => {
    const user = await makeUser()
    const first = await openQuiz(user.id)
    const asked = module.draw!.reduce((n, r) => n + r.count, 0)
    expect(first.questions).toHaveLength(asked)
    expect(module.quiz.length).toBeGreaterThanOrEqual(2 * asked)
    await submit(user.id, rightAnswers(first))
    const result = await resultLoader({
      request: await authedRequest(`/quiz-results/${first.attemptId}`, user.id),
      params: { attemptId: first.attemptId },
      context: ctx,
    })
    expect(result.questions.map((q) => q.id)).toEqual(first.questions.map((q) => q.id))
    const retake = await openQuiz(user.id)
    expect(retake.questions.map((q) => q.id).sort()).not.toEqual(first.questions.map((q) => q.id).sort())
  })

  test('an incomplete form is refused with the answers kept and nothing stored', async () => {
    const user = await makeUser()
    const quiz = await openQuiz(user.id)
    const body = rightAnswers(quiz)
    const dropped = quiz.questions[0]!.id
    for (const key of [...body.keys()]) if (key === `q.${dropped}` || key.startsWith(`q.${dropped}.`)) body.delete(key)
    const result = (await submit(user.id, body)) as unknown as {
      data: { error: string; unanswered: string[]; values: object }
      init: { status: number }
    }
    expect(result.init.status).toBe(400)
    expect(result.data.unanswered).toEqual([dropped])
    expect(Object.keys(result.data.values).length).toBeGreaterThan(3)
    expect((await getLearningRecords([user.id])).attempts).toHaveLength(0)
  })

  test('a tampered answer id is refused and nothing is stored', async () => {
    const user = await makeUser()
    const quiz = await openQuiz(user.id)
    const body = rightAnswers(quiz)
    body.append('q.not-a-question', 'a')
    const result = (await submit(user.id, body)) as unknown as { data: { error: string }; init: { status: number } }
    expect(result.init.status).toBe(400)
    expect(result.data.error).toBe('tampered')
    expect((await getLearningRecords([user.id])).attempts).toHaveLength(0)
  })

  test('nobody can answer someone else’s attempt', async () => {
    const owner = await makeUser()
    const intruder = await makeUser()
    const quiz = await openQuiz(owner.id)
    const response = (await submit(intruder.id, rightAnswers(quiz))) as Response
    expect(response.status).toBe(403)
    expect((await getLearningRecords([owner.id])).attempts).toHaveLength(0)
  })

  test('a result is readable by its owner and their lead, not by another trainee or another lead', async () => {
    const { lead, members } = await makeTeam(2)
    const other = await makeTeam(0)
    const [owner, teammate] = members as [(typeof members)[0], (typeof members)[0]]
    const quiz = await openQuiz(owner.id)
    const { attemptId } = quiz
    await submit(owner.id, rightAnswers(quiz))
    const read = async (userId: string) =>
      run(async () =>
        resultLoader({ request: await authedRequest(`/quiz-results/${attemptId}`, userId), params: { attemptId }, context: ctx }),
      )
    expect(await read(owner.id)).toMatchObject({ own: true, score: 100, passed: true })
    expect(await read(lead.id)).toMatchObject({ own: false, score: 100 })
    expect(((await read(teammate.id)) as Response).status).toBe(403)
    expect(((await read(other.lead.id)) as Response).status).toBe(403)
  })
})

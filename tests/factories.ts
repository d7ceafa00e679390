import { randomUUID } from 'node:crypto'
import { roleplayAttempts } from '#db/tables.ts'
import type { CourseModule, Question } from '#app/domain/content-schema.ts'
import type { Role } from '#app/domain/permissions.ts'
import { attemptQuestions, expectedAnswer, scoreQuiz, type AnswerSheet } from '#app/domain/quiz.ts'
import type { Skill } from '#app/domain/skills.ts'
import { markRead, openQuizAttempt, submitQuizAttempt } from '#app/models/learning.server.ts'
import { getCatalog } from '#app/certification/catalog.server.ts'
import { versionAt } from '#app/certification/rules.ts'
import { getScenario } from '#app/roleplay/scenarios.server.ts'
import { getAttempt, startAttempt } from '#app/models/roleplay.server.ts'
import { loadAttemptState, submitReply } from '#app/roleplay/attempts.server.ts'
import { sampleConversation } from '#tests/sample-replies.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getDb } from '#app/utils/db.server.ts'
import { createTeam } from '#app/models/teams.server.ts'
import { createUser, getUserById } from '#app/models/users.server.ts'
import { sessionStorage } from '#app/utils/session.server.ts'

export const TEST_PASSWORD = 'test-password-123'

/** The load context the server gives loaders and actions. */
export const ctx = { clientAddress: '127.0.0.1' }

export async function makeUser({
  roles = ['trainee'] as Role[],
  teamId = null as string | null,
  displayName = undefined as string | undefined,
} = {}) {
  const username = `u-${randomUUID().slice(0, 12)}`
  const id = await createUser({
    username,
    displayName: displayName ?? `测试${username.slice(2, 6)}`,
    password: TEST_PASSWORD,
    roles,
    teamId,
  })
  return (await getUserById(id))!
}

/** A team with a lead and the given number of trainees. */
export async function makeTeam(trainees = 1) {
  const lead = await makeUser({ roles: ['lead'] })
  const teamId = await createTeam({ name: `组-${randomUUID().slice(0, 8)}`, leadId: lead.id })
  const members = []
  for (let i = 0; i < trainees; i++) members.push(await makeUser({ teamId }))
  return { teamId, lead: (await getUserById(lead.id))!, members }
}

/** A Cookie header for a signed-in session of this user. */
export async function sessionCookie(userId: string) {
  const session = await sessionStorage().getSession()
  session.set('userId', userId)
  const setCookie = await sessionStorage().commitSession(session)
  return setCookie.split(';')[0]!
}

export async function authedRequest(url: string, userId: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('Cookie', await sessionCookie(userId))
  return new Request(new URL(url, 'http://localhost'), { ...init, headers })
}

/** Runs a loader or action and returns the Response it threw or returned, or its data. */
export async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn()
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

const DAY_MS = 24 * 60 * 60 * 1000
const ONBOARDING_ROLEPLAYS = ['damaged-on-arrival', 'wrong-size-shipped', 'parcel-lost', 'price-drop', 'refund-not-received']

/**
 * The records that meet every onboarding requirement, a day apart, the last one (the required
 * privacy role-play) at `last`: each with its time and the write that makes it for an agent.
 */
export function onboardingRecords(last: Date): { at: Date; write: (userId: string) => Promise<unknown> }[] {
  const modules = loadModules()
  let t = last.getTime() - 20 * DAY_MS
  const quizzes = modules.map((m) => {
    const at = new Date((t += DAY_MS))
    return { at, write: (userId: string) => takeQuiz(userId, m, at) }
  })
  const roleplays = ONBOARDING_ROLEPLAYS.map((s) => {
    const at = new Date((t += DAY_MS))
    return { at, write: (userId: string) => finishedRoleplay(userId, s, at) }
  })
  return [...quizzes, ...roleplays, { at: last, write: (userId: string) => finishedRoleplay(userId, 'someone-elses-order', last) }]
}

/** Meets every onboarding requirement; the last record lands at `last`. */
export async function certifyOnboarding(userId: string, last: Date) {
  for (const record of onboardingRecords(last)) await record.write(userId)
}

/** A right answer sheet for some questions. */
export function rightAnswers(questions: readonly Question[]): AnswerSheet {
  return Object.fromEntries(questions.map((q) => [q.id, expectedAnswer(q)]))
}

/** The right answers as a quiz form posts them. */
export function rightAnswerForm(questions: readonly { id: string }[], source: readonly Question[], extra: Record<string, string> = {}) {
  const body = new URLSearchParams(extra)
  for (const { id } of questions) {
    const q = source.find((x) => x.id === id)!
    if (q.type === 'single') body.append(`q.${q.id}`, q.answer)
    if (q.type === 'multiple') q.answer.forEach((a) => body.append(`q.${q.id}`, a))
    if (q.type === 'truefalse') body.append(`q.${q.id}`, String(q.answer))
    if (q.type === 'ordering') q.items.forEach((item, i) => body.append(`q.${q.id}.${item.id}`, String(i + 1)))
  }
  return body
}

/** A submitted quiz attempt at the module's current version, passed (all right) or failed (none answered right). */
export async function takeQuiz(userId: string, module: CourseModule, at: Date, passed = true) {
  await markRead(userId, module, at)
  // Taken in the past, before the current version was published: at the version served then.
  const version = versionAt((await getCatalog()).modules.get(module.id)!, at.getTime())
  const attempt = await openQuizAttempt(userId, { id: module.id, version }, at)
  const questions = version === module.version ? attemptQuestions(module, attempt) : module.quiz
  const answers = passed ? rightAnswers(questions) : {}
  await submitQuizAttempt(attempt.id, answers, scoreQuiz(questions, answers, module.passMark), at)
  return attempt.id
}

/**
 * A finished role-play as the engine stores it. The engine itself is tested on its own; here
 * only the outcome matters to the rules that read it.
 */
export async function finishedRoleplay(
  userId: string,
  scenarioId: string,
  at: Date,
  { passed = true, skills = {} as Partial<Record<Skill, number>>, mode = 'free' as 'free' | 'guided' } = {},
) {
  const id = randomUUID()
  const full = { etiquette: 80, empathy: 80, resolution: 80, compliance: 100, timeliness: 100, ...skills }
  await getDb()
    .insert(roleplayAttempts)
    .values({
      id,
      userId,
      scenarioId,
      scenarioVersion: getScenario(scenarioId)!.script.version,
      mode,
      seed: 1,
      status: 'finished',
      outcome: passed ? 'resolved' : 'left-angry',
      total: passed ? 85 : 40,
      passed,
      skills: full,
      eventCount: 4,
      startedAt: new Date(at.getTime() - 5 * 60_000),
      lastMessageAt: at,
      finishedAt: at,
    })
  return id
}

/**
 * A role-play played through the engine to its end with a scenario's sample conversation, as a
 * trainee would: every reply through the real reply path. Returns the attempt id.
 */
export async function playSample(userId: string, scenarioId: string, outcome: 'pass' | 'fail', start = new Date(Date.now() - 60 * 60_000)) {
  const t = sampleConversation(scenarioId, outcome)
  const id = await startAttempt(userId, getScenario(scenarioId)!, t.mode, start)
  let when = start.getTime()
  for (const [i, reply] of t.replies.entries()) {
    when += reply.seconds * 1000
    const content = 'text' in reply ? { text: reply.text } : { choice: reply.choice }
    await submitReply((await loadAttemptState(id))!, { clientId: randomUUID(), afterSeq: i, ...content }, new Date(when))
  }
  if ((await getAttempt(id))!.attempt.status !== 'finished') throw new Error(`${scenarioId}.${outcome} did not finish`)
  return id
}

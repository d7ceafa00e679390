import { randomInt, randomUUID } from 'node:crypto'
import { addDays, addMonths, localDate, startOfDay, type LocalDate } from '#app/domain/calendar.ts'
import type { CourseModule, Question } from '#app/domain/content-schema.ts'
import type { Role } from '#app/domain/permissions.ts'
import { attemptQuestions, expectedAnswer, scoreQuiz, type AnswerSheet } from '#app/domain/quiz.ts'
import { loadCertifications } from '#app/certification/certifications.server.ts'
import { getCatalog } from '#app/certification/catalog.server.ts'
import { reconcileUser } from '#app/certification/reconcile.server.ts'
import { versionAt } from '#app/certification/rules.ts'
import { markRead, openQuizAttempt, recordReadingStarted, submitQuizAttempt } from '#app/models/learning.server.ts'
import { startAttempt } from '#app/models/roleplay.server.ts'
import { createTeam } from '#app/models/teams.server.ts'
import { createUser, listUsers } from '#app/models/users.server.ts'
import { loadAttemptState, submitReply } from '#app/roleplay/attempts.server.ts'
import { getScenario } from '#app/roleplay/scenarios.server.ts'
import type { Transcript } from '#app/roleplay/transcript.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { seedInboxDemo } from './seed-inbox.ts'

export const DEMO_PASSWORD = 'composure-demo'

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; team?: boolean }[] = [
  { username: 'admin', displayName: '赵管理', roles: ['admin'] },
  { username: 'trainer', displayName: '钱培训', roles: ['trainer'] },
  { username: 'lead', displayName: '孙组长', roles: ['lead'] },
  { username: 'trainee', displayName: '林小雨', roles: ['trainee'], team: true },
  { username: 'zhouxiao', displayName: '周晓', roles: ['trainee'], team: true },
  { username: 'wuhao', displayName: '吴昊', roles: ['trainee'], team: true },
]

// NOTE: each scenario's sample conversations (its `samples` in the YAML, the studio's regression
// tests) double as the demo's role-play history, so a scenario change that breaks them shows up here too.

const HOUR = 60 * 60 * 1000
const MINUTE = 60 * 1000

/** One thing a demo agent did, on a local date at a local hour. */
type Step =
  | { do: 'quiz'; module: string; date: LocalDate; hour: number; outcome: 'pass' | 'fail' }
  | { do: 'roleplay'; scenario: string; date: LocalDate; hour: number; outcome: 'pass' | 'fail' }
  | { do: 'open'; module: string; date: LocalDate; hour: number }

/**
 * The onboarding of an agent certified on `certified`: the six modules and six role-plays
 * (four of them 进阶 or harder, both required ones) in the weeks before, the last pass that day.
 */
function onboarding(certified: LocalDate): Step[] {
  const day = (n: number) => addDays(certified, -n)
  return [
    ...loadCertifications()
      .find((c) => c.id === 'onboarding')!
      .requirements.modules.map((module, i): Step => ({ do: 'quiz', module, date: day(24 - 3 * i), hour: 10, outcome: 'pass' })),
    { do: 'roleplay', scenario: 'damaged-on-arrival', date: day(20), hour: 14, outcome: 'pass' },
    { do: 'roleplay', scenario: 'wrong-size-shipped', date: day(14), hour: 15, outcome: 'pass' },
    { do: 'roleplay', scenario: 'parcel-lost', date: day(10), hour: 14, outcome: 'pass' },
    { do: 'roleplay', scenario: 'refund-not-received', date: day(6), hour: 16, outcome: 'pass' },
    { do: 'roleplay', scenario: 'price-drop', date: day(3), hour: 11, outcome: 'pass' },
    { do: 'roleplay', scenario: 'someone-elses-order', date: certified, hour: 15, outcome: 'pass' },
  ]
}

/**
 * What each trainee has done, relative to today, so a fresh set-up shows every state a lead
 * meets: a refresher half done, a certificate lapsed, a new hire on the way.
 */
function demoHistory(today: LocalDate): Record<string, Step[]> {
  const ago = (n: number) => addDays(today, -n)
  return {
    // Certified 5 months 10 days ago: the 6-month refresher opened about ten days ago and is
    // due in about three weeks. The consumer-law quiz is done again; the rest is still open.
    zhouxiao: [
      ...onboarding(addDays(addMonths(today, -5), -10)),
      { do: 'quiz', module: 'consumer-law', date: ago(3), hour: 10, outcome: 'pass' },
      { do: 'roleplay', scenario: 'custom-item-return', date: ago(2), hour: 15, outcome: 'pass' },
    ],
    // Certified 8 months ago and nothing since: the refresher was due two months ago and the
    // certificate lapsed at the end of its 30 grace days. One quiz took him two tries.
    wuhao: onboarding(addMonths(today, -8)).flatMap((s): Step[] =>
      s.do === 'quiz' && s.module === 'complaint-handling' ? [{ ...s, date: addDays(s.date, -1), outcome: 'fail' }, s] : [s],
    ),
    // A new hire this week: two modules done, the first role-play failed, then passed.
    trainee: [
      { do: 'quiz', module: 'service-etiquette', date: ago(6), hour: 10, outcome: 'pass' },
      { do: 'quiz', module: 'emotion-management', date: ago(4), hour: 11, outcome: 'pass' },
      { do: 'roleplay', scenario: 'damaged-on-arrival', date: ago(3), hour: 15, outcome: 'fail' },
      { do: 'roleplay', scenario: 'damaged-on-arrival', date: ago(2), hour: 10, outcome: 'pass' },
      { do: 'open', module: 'consumer-law', date: ago(1), hour: 9 },
    ],
  }
}

/** Mostly right answers, with a miss now and then; all right when it must pass and the misses sank it. */
function answerQuiz(module: CourseModule, questions: readonly Question[], outcome: 'pass' | 'fail') {
  const sheet = (miss: (i: number) => boolean): AnswerSheet => {
    const answers: AnswerSheet = {}
    for (const [i, q] of questions.entries()) {
      const right = expectedAnswer(q)
      if (!miss(i)) answers[q.id] = right
      else if (q.type === 'single') answers[q.id] = q.options.find((o) => o.id !== q.answer)!.id
      else if (q.type === 'multiple') answers[q.id] = q.answer.slice(0, 1)
      else if (q.type === 'truefalse') answers[q.id] = !q.answer
      else answers[q.id] = q.items.map((it) => it.id).reverse()
    }
    return answers
  }
  if (outcome === 'fail') {
    const answers = sheet((i) => i % 2 === 0)
    return { answers, result: scoreQuiz(questions, answers, module.passMark) }
  }
  let answers = sheet(() => randomInt(0, 8) === 0)
  let result = scoreQuiz(questions, answers, module.passMark)
  if (!result.passed) {
    answers = sheet(() => false)
    result = scoreQuiz(questions, answers, module.passMark)
  }
  return { answers, result }
}

function transcriptOf(scenarioId: string, outcome: 'pass' | 'fail'): Transcript {
  const t = getScenario(scenarioId)?.script.samples?.transcripts.find((x) => x.expect?.passed === (outcome === 'pass'))
  if (!t) throw new Error(`demo data: ${scenarioId} has no sample conversation that ${outcome === 'pass' ? 'passes' : 'fails'}`)
  return t
}

/** Plays a sample conversation as the trainee would have, each reply its recorded seconds after the last message. */
async function playTranscript(userId: string, scenarioId: string, outcome: 'pass' | 'fail', start: Date) {
  const scenario = getScenario(scenarioId)
  if (!scenario) throw new Error(`demo data: no scenario "${scenarioId}"`)
  const transcript = transcriptOf(scenarioId, outcome)
  const attemptId = await startAttempt(userId, scenario, transcript.mode, start)
  let at = start.getTime()
  for (const [i, reply] of transcript.replies.entries()) {
    const loaded = (await loadAttemptState(attemptId))!
    at += Math.round(reply.seconds * 1000)
    const content = 'text' in reply ? { text: reply.text } : { choice: reply.choice }
    const { result } = await submitReply(loaded, { clientId: randomUUID(), afterSeq: i, ...content }, new Date(at))
    if (result.status !== 'appended') throw new Error(`demo data: ${scenarioId}.${outcome} reply ${i + 1} was ${result.status}`)
    if (result.judged.done) {
      if (result.judged.passed !== (outcome === 'pass'))
        throw new Error(`demo data: ${scenarioId}.${outcome} ended with passed=${result.judged.passed}`)
      return
    }
  }
  throw new Error(`demo data: ${scenarioId}.${outcome} did not finish the conversation`)
}

/** Adds the demo team and users once, with their history and certifications; running it again changes nothing. */
export async function seedDemoData() {
  const existing = await listUsers()
  if (existing.length > 0) return { created: false }
  const modules = new Map(loadModules().map((m) => [m.id, m]))
  const leadId = await createUser({ ...DEMO_USERS[2]!, password: DEMO_PASSWORD, teamId: null })
  const teamId = await createTeam({ name: '售后一组', leadId })
  const ids: Record<string, string> = {}
  // Hashing the passwords is most of the time: let them run side by side.
  await Promise.all(
    DEMO_USERS.filter((u) => u.username !== 'lead').map(async (u) => {
      ids[u.username] = await createUser({ ...u, password: DEMO_PASSWORD, teamId: u.team ? teamId : null })
    }),
  )

  const timeZone = getEnv().TIMEZONE
  const now = new Date()
  const history = demoHistory(localDate(now, timeZone))
  for (const [username, steps] of Object.entries(history)) {
    const userId = ids[username]!
    for (const step of steps) {
      const at = startOfDay(step.date, timeZone) + step.hour * HOUR
      if (step.do === 'roleplay') {
        await playTranscript(userId, step.scenario, step.outcome, new Date(at))
        continue
      }
      const module = modules.get(step.module)
      if (!module) throw new Error(`demo data: no module "${step.module}"`)
      if (step.do === 'open') {
        await recordReadingStarted(userId, module, new Date(at))
        continue
      }
      // Read first (a retake finds it already read), then the quiz: a quarter of an hour on it.
      await markRead(userId, module, new Date(at - 40 * MINUTE))
      // History before the current version was published is taken at the version served then.
      const version = versionAt((await getCatalog()).modules.get(module.id)!, at)
      const attempt = await openQuizAttempt(userId, { id: module.id, version }, new Date(at - 15 * MINUTE))
      const questions = version === module.version ? attemptQuestions(module, attempt) : module.quiz
      const { answers, result } = answerQuiz(module, questions, step.outcome)
      if (result.passed !== (step.outcome === 'pass')) throw new Error(`demo data: ${step.module} quiz should ${step.outcome}`)
      await submitQuizAttempt(attempt.id, answers, result, new Date(at))
    }
    // The standing follows from the records: bring it up to now so certificates and history exist.
    await reconcileUser(userId, now)
  }
  // --- studio inbox demo (db/seed-inbox.ts): unrecognised replies captured as the trainees play ---
  await seedInboxDemo(ids, now)
  // --- end studio inbox demo ---
  return { created: true }
}

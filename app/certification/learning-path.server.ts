import { moduleStanding } from '#app/domain/learning-path.ts'
import type { Skill } from '#app/domain/skills.ts'
import type { AnswerSheet, QuizResult } from '#app/domain/quiz.ts'
import { getLearningRecords, markRead, recordReadingStarted, submitQuizAttempt } from '#app/models/learning.server.ts'
import { reconcileUser } from './reconcile.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { modulesOnPath, onPath, type ModuleState } from './path.ts'
import { certificationViews, type CertificationView } from './view.server.ts'

export interface PathModule {
  id: string
  order: number
  title: string
  summary: string
  minutes: number
  version: number
  skills: Skill[]
  /** Where the agent is with the module itself (read, quiz passed at its current version). */
  status: ReturnType<typeof moduleStanding>['status']
  bestScore: number | null
  /** Whether it counts for the certifications on the path now; null for a module none of them asks for. */
  certification: ModuleState | null
}

/**
 * An agent's learning path, as the trainee (/learn) and their lead (/team/:userId) see it: every
 * certification brought up to `now`, the ones the path follows, and each module with its
 * standing and what the certifications' ticks say of it.
 */
export async function learningPath(userId: string, now = new Date()) {
  const { progress, attempts } = await getLearningRecords([userId])
  const certifications = await certificationViews(userId, now)
  const followed: CertificationView[] = onPath(certifications)
  const states = modulesOnPath(followed.map((c) => c.path))
  const modules = loadModules().map((m): PathModule => {
    const { status, bestScore } = moduleStanding(m, progress, attempts)
    return {
      id: m.id,
      order: m.order,
      title: m.title,
      summary: m.summary,
      minutes: m.minutes,
      version: m.version,
      skills: [...m.skills],
      status,
      bestScore,
      certification: states[m.id] ?? null,
    }
  })
  return { certifications, followed, modules, attempts }
}

// Writes to an agent's learning records; each brings the standing and the dashboard up to date
// when it changed something (the write marked the agent in its own transaction).

export async function startReading(userId: string, module: { id: string; version: number }, now = new Date()) {
  if (await recordReadingStarted(userId, module, now)) await reconcileUser(userId, now)
}

export async function finishReading(userId: string, module: { id: string; version: number }, now = new Date()) {
  if (await markRead(userId, module, now)) await reconcileUser(userId, now)
}

/** Stores a quiz's answers; a resent form counts once. Returns whether this call counted. */
export async function submitQuiz(attempt: { id: string; userId: string }, answers: AnswerSheet, result: QuizResult, now = new Date()) {
  const counted = await submitQuizAttempt(attempt.id, answers, result, now)
  if (counted) await reconcileUser(attempt.userId, now)
  return counted
}

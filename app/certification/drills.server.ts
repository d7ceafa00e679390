import { DRILL_PASS_MARK, type RefresherItem } from './rules.ts'
import { drillQuestionSet } from './drill.ts'
import type { AnswerSheet, QuizResult } from '#app/domain/quiz.ts'
import { getRefresher } from '#app/models/certifications.server.ts'
import { submitDrillAttempt } from '#app/models/drills.server.ts'
import { afterRecords } from './reconcile.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { notFound } from '#app/utils/http.ts'

/** A refresher with a drill among its items, and the drill's questions; 404 otherwise. */
export async function requireDrill(refresherId: string | undefined) {
  const refresher = refresherId ? await getRefresher(refresherId) : null
  const item = (refresher?.items as RefresherItem[] | undefined)?.find((i) => i.kind === 'drill')
  if (!refresher || !item || item.kind !== 'drill') throw notFound()
  const questions = drillQuestionSet(item.questions, loadModules())
  if (questions.length === 0) throw notFound()
  return { refresher, skill: item.skill, questions, passMark: DRILL_PASS_MARK }
}

/** Stores a drill's answers and brings the agent's standing up to date; a resent form counts once. */
export async function submitDrill(attempt: { id: string; userId: string }, answers: AnswerSheet, result: QuizResult, now = new Date()) {
  return afterRecords([attempt.userId], () => submitDrillAttempt(attempt.id, answers, result, now), now)
}

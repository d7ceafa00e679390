import { DRILL_PASS_MARK, type RefresherItem } from './rules.ts'
import { drillQuestionSet } from './drill.ts'
import { getRefresher } from '#app/models/certifications.server.ts'
import { loadModules } from '#app/utils/content.server.ts'
import { notFound } from '#app/utils/http.ts'

/** A refresher with a drill among its items, and the drill's questions; 404 otherwise. */
export function requireDrill(refresherId: string | undefined) {
  const refresher = refresherId ? getRefresher(refresherId) : null
  const item = (refresher?.items as RefresherItem[] | undefined)?.find((i) => i.kind === 'drill')
  if (!refresher || !item || item.kind !== 'drill') throw notFound()
  const questions = drillQuestionSet(item.questions, loadModules())
  if (questions.length === 0) throw notFound()
  return { refresher, skill: item.skill, questions, passMark: DRILL_PASS_MARK }
}

import type { CourseModule, Question } from '#app/domain/content-schema.ts'

/**
 * The questions of a weakness drill, drawn from several modules. Question ids are unique only
 * within a module, so a drill question's id is `moduleId--questionId` (kebab-case ids never
 * hold a double dash). Questions since removed from the course are left out.
 */
export function drillQuestionSet(keys: readonly string[], modules: readonly CourseModule[]): (Question & { moduleTitle: string })[] {
  const out: (Question & { moduleTitle: string })[] = []
  for (const key of keys) {
    const [moduleId, questionId] = key.split('--')
    const module = modules.find((m) => m.id === moduleId)
    const question = module?.quiz.find((q) => q.id === questionId)
    if (module && question) out.push({ ...question, id: key, moduleTitle: module.title })
  }
  return out
}

import { randomInt } from 'node:crypto'
import type { Role } from '#app/domain/permissions.ts'
import { scoreQuiz, type AnswerSheet } from '#app/domain/quiz.ts'
import { markRead, openQuizAttempt, submitQuizAttempt } from '#app/models/learning.server.ts'
import { createTeam } from '#app/models/teams.server.ts'
import { createUser, listUsers } from '#app/models/users.server.ts'
import { loadModules } from '#app/utils/content.server.ts'

export const DEMO_PASSWORD = 'composure-demo'

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; team?: boolean }[] = [
  { username: 'admin', displayName: '赵管理', roles: ['admin'] },
  { username: 'trainer', displayName: '钱培训', roles: ['trainer'] },
  { username: 'lead', displayName: '孙组长', roles: ['lead'] },
  { username: 'trainee', displayName: '林小雨', roles: ['trainee'], team: true },
  { username: 'zhouxiao', displayName: '周晓', roles: ['trainee'], team: true },
  { username: 'wuhao', displayName: '吴昊', roles: ['trainee'], team: true },
]

/** Adds the demo team and users once; running it again changes nothing. */
export async function seedDemoData() {
  const existing = await listUsers()
  if (existing.length > 0) return { created: false }
  const modules = loadModules()
  const leadId = await createUser({ ...DEMO_USERS[2]!, password: DEMO_PASSWORD, teamId: null })
  const teamId = await createTeam({ name: '售后一组', leadId })
  const ids: Record<string, string> = {}
  for (const u of DEMO_USERS) {
    if (u.username === 'lead') continue
    ids[u.username] = await createUser({ ...u, password: DEMO_PASSWORD, teamId: u.team ? teamId : null })
  }
  // Some history for the team table: 周晓 is well along, 吴昊 has started.
  const history: [string, number][] = [
    ['zhouxiao', 4],
    ['wuhao', 1],
  ]
  const day = 24 * 60 * 60 * 1000
  for (const [username, count] of history) {
    for (const [i, module] of modules.slice(0, count).entries()) {
      const when = new Date(Date.now() - (count - i) * 2 * day)
      await markRead(ids[username]!, module, when)
      const attempt = await openQuizAttempt(ids[username]!, module, when)
      const answers: AnswerSheet = {}
      for (const q of module.quiz) {
        // Mostly right answers, with a miss now and then.
        const miss = randomInt(0, 6) === 0
        if (q.type === 'single') answers[q.id] = miss ? q.options.find((o) => o.id !== q.answer)!.id : q.answer
        else if (q.type === 'multiple') answers[q.id] = miss ? q.answer.slice(0, 1) : q.answer
        else if (q.type === 'truefalse') answers[q.id] = miss ? !q.answer : q.answer
        else {
          const order = q.items.map((it) => it.id)
          answers[q.id] = miss ? order.reverse() : order
        }
      }
      submitQuizAttempt(attempt.id, answers, scoreQuiz(module.quiz, answers, module.passMark), when)
    }
  }
  return { created: true }
}

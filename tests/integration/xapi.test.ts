import { describe, expect, test } from 'vitest'
import validate from 'xapi-validation'
import { learningStatements } from '#app/reports/xapi.server.ts'
import { loader as xapiLoader } from '#app/routes/team.xapi.tsx'
import { loadModules } from '#app/utils/content.server.ts'
import { authedRequest, makeTeam, makeUser, playSample, run, takeQuiz } from '#tests/factories.ts'

const ORIGIN = 'https://training.example.com'

describe('the xAPI export of learning records', () => {
  test('quizzes and role-plays become valid statements, one per role-play turn too, with ids stable across exports', async () => {
    const { members } = await makeTeam(1)
    const agent = members[0]!
    const module = loadModules()[0]!
    await takeQuiz(agent.id, module, new Date(Date.now() - 3 * 3600_000), true)
    await playSample(agent.id, 'damaged-on-arrival', 'pass')
    const first = await learningStatements([agent], ORIGIN)
    // Each statement is valid xAPI by Learning Locker's conformance-tested validator.
    for (const s of first) expect(validate(s), JSON.stringify(s, null, 1)).toEqual([])
    const verbs = first.map((s) => s.verb.display['en-US'])
    expect(verbs.filter((v) => v === 'completed')).toHaveLength(2)
    expect(verbs.filter((v) => v === 'passed')).toHaveLength(2)
    const turns = first.filter((s) => s.verb.display['en-US'] === 'answered')
    expect(turns.length).toBeGreaterThanOrEqual(4)
    expect(turns[0]!.object.id).toBe(`${ORIGIN}/xapi/scenarios/damaged-on-arrival/beats/opening`)
    expect(turns[0]!.result?.response).toMatch(/\S/)
    const passed = first.find((s) => s.verb.display['en-US'] === 'passed' && s.object.id.endsWith('/damaged-on-arrival'))!
    expect(passed.result?.score?.raw).toBeGreaterThanOrEqual(70)
    expect(passed.actor.account).toEqual({ homePage: ORIGIN, name: agent.id })
    // Ids are unique, and the same records give the same statements again.
    expect(new Set(first.map((s) => s.id)).size).toBe(first.length)
    const again = await learningStatements([agent], ORIGIN)
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id))
    expect(again).toEqual(first)
    // A new record adds statements; the old ones keep their ids.
    await playSample(agent.id, 'damaged-on-arrival', 'fail')
    const later = await learningStatements([agent], ORIGIN)
    expect(later.length).toBeGreaterThan(first.length)
    expect(later.map((s) => s.id)).toEqual(expect.arrayContaining(first.map((s) => s.id)))
    expect(first.every((s) => s.context.registration.length === 36)).toBe(true)
  })

  test("a lead downloads their team's statements; a trainee may not", async () => {
    const { lead, members } = await makeTeam(1)
    await playSample(members[0]!.id, 'damaged-on-arrival', 'pass')
    const response = (await run(async () =>
      xapiLoader({ request: await authedRequest('/team/xapi', lead.id), params: {}, context: { clientAddress: '127.0.0.1' } }),
    )) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toContain('.xapi.json')
    const statements = (await response.json()) as { actor: { account: { name: string } } }[]
    expect(statements.length).toBeGreaterThan(0)
    expect(new Set(statements.map((s) => s.actor.account.name))).toEqual(new Set([members[0]!.id]))
    const trainee = await makeUser()
    const refused = (await run(async () =>
      xapiLoader({ request: await authedRequest('/team/xapi', trainee.id), params: {}, context: { clientAddress: '127.0.0.1' } }),
    )) as Response
    expect(refused.status).toBe(403)
  })
})

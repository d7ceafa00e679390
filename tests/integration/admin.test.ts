import { describe, expect, test } from 'vitest'
import { listTeams } from '#app/models/teams.server.ts'
import { listUsers } from '#app/models/users.server.ts'
import { action as teamsAction } from '#app/routes/admin.teams.tsx'
import { action as usersAction } from '#app/routes/admin.users._index.tsx'
import { authedRequest, makeTeam, makeUser } from '#tests/factories.ts'

type Rejected = { data: { errors: Record<string, string>; values: Record<string, unknown> }; init: { status: number } }

async function post(action: typeof usersAction | typeof teamsAction, url: string, userId: string, fields: [string, string][]) {
  const request = await authedRequest(url, userId, { method: 'POST', body: new URLSearchParams(fields) })
  return action({ request, params: {}, context: { clientAddress: '127.0.0.1' } })
}

describe('admin forms', () => {
  test('a user with bad fields is not created; each field says what is wrong and the input is kept', async () => {
    const admin = await makeUser({ roles: ['admin'] })
    const before = (await listUsers()).length
    const result = (await post(usersAction, '/admin/users', admin.id, [
      ['username', 'No Spaces!'],
      ['displayName', '王五'],
      ['password', 'short'],
    ])) as unknown as Rejected
    expect(result.init.status).toBe(400)
    expect(result.data.errors).toEqual({ username: 'admin.usernameHint', password: 'admin.passwordHint', roles: 'admin.roleRequired' })
    expect(result.data.values).toMatchObject({ username: 'No Spaces!', displayName: '王五' })
    expect(result.data.values).not.toHaveProperty('password')
    expect(await listUsers()).toHaveLength(before)
  })

  test('a taken username is refused and nothing changes', async () => {
    const admin = await makeUser({ roles: ['admin'] })
    const existing = await makeUser()
    const result = (await post(usersAction, '/admin/users', admin.id, [
      ['username', existing.username],
      ['displayName', '重名'],
      ['password', 'long-enough-password'],
      ['roles', 'trainee'],
    ])) as unknown as Rejected
    expect(result.data.errors).toEqual({ username: 'admin.usernameTaken' })
    expect((await listUsers()).filter((u) => u.username === existing.username)).toHaveLength(1)
  })

  test('only a user with the lead role can be made a team’s lead', async () => {
    const admin = await makeUser({ roles: ['admin'] })
    const { teamId, lead } = await makeTeam(1)
    const trainee = await makeUser()
    const refused = (await post(teamsAction, '/admin/teams', admin.id, [
      ['intent', 'set-lead'],
      ['teamId', teamId],
      ['leadId', trainee.id],
    ])) as unknown as Rejected
    expect(refused.init.status).toBe(400)
    expect((await listTeams()).find((t) => t.id === teamId)).toMatchObject({ leadId: lead.id, members: 1 })
  })

  test('a trainee cannot use the admin actions', async () => {
    const trainee = await makeUser()
    const response = await post(usersAction, '/admin/users', trainee.id, [['username', 'sneaky']]).catch((r: Response) => r)
    expect((response as Response).status).toBe(403)
  })
})

import { randomUUID } from 'node:crypto'
import type { Role } from '#app/domain/permissions.ts'
import { createTeam } from '#app/models/teams.server.ts'
import { createUser, getUserById } from '#app/models/users.server.ts'
import { sessionStorage } from '#app/utils/session.server.ts'

export const TEST_PASSWORD = 'test-password-123'

export async function makeUser({ roles = ['trainee'] as Role[], teamId = null as string | null } = {}) {
  const username = `u-${randomUUID().slice(0, 12)}`
  const id = await createUser({ username, displayName: `测试${username.slice(2, 6)}`, password: TEST_PASSWORD, roles, teamId })
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

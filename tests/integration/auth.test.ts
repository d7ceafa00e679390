import { describe, expect, test } from 'vitest'
import { delayAfter, FREE_FAILURES, MAX_FAILURES_PER_ADDRESS } from '#app/domain/login-throttle.ts'
import { getPasswordHash, setPassword } from '#app/models/users.server.ts'
import { action as loginAction } from '#app/routes/login.tsx'
import { loader as adminLoader } from '#app/routes/admin.users._index.tsx'
import { getOptionalUser, login } from '#app/utils/auth.server.ts'
import { authedRequest, makeUser, run, sessionCookie, TEST_PASSWORD } from '#tests/factories.ts'

function loginRequest(fields: Record<string, string>) {
  return new Request('http://localhost/login', { method: 'POST', body: new URLSearchParams(fields) })
}

describe('login', () => {
  test('stores an argon2id hash with its parameters, never the password', async () => {
    const user = await makeUser()
    const row = await getPasswordHash(user.username)
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(row!.passwordHash).not.toContain(TEST_PASSWORD)
  })

  test('a right password starts a database session with an httpOnly SameSite cookie', async () => {
    const user = await makeUser()
    const response = (await loginAction({
      request: loginRequest({ username: user.username, password: TEST_PASSWORD }),
      params: {},
      context: { clientAddress: '10.0.0.1' },
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/learn')
    const cookie = response.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const signedIn = await getOptionalUser(new Request('http://localhost/', { headers: { Cookie: cookie.split(';')[0]! } }))
    expect(signedIn?.id).toBe(user.id)
  })

  test('a wrong password is refused with the username kept', async () => {
    const user = await makeUser()
    const result = (await loginAction({
      request: loginRequest({ username: user.username, password: 'wrong-password' }),
      params: {},
      context: { clientAddress: '10.0.0.2' },
    })) as unknown as { data: { error: string; username: string }; init: { status: number } }
    expect(result.init.status).toBe(400)
    expect(result.data).toMatchObject({ error: 'invalid', username: user.username })
  })

  test('a guesser is slowed by a doubling wait, while the real user from their own address is not locked out', async () => {
    const user = await makeUser()
    const now = new Date('2026-11-23T10:00:00Z')
    const attacker = '10.1.0.66'
    for (let i = 0; i < FREE_FAILURES + 3; i++) {
      const at = new Date(now.getTime() + i * 60_000)
      expect(await login({ username: user.username, password: 'nope', address: attacker, now: at })).toEqual({
        ok: false,
        reason: 'invalid',
      })
    }
    // The attacker's next try, right after, must wait; even the right password does not get through.
    const soon = new Date(now.getTime() + (FREE_FAILURES + 2) * 60_000 + 1000)
    expect(await login({ username: user.username, password: TEST_PASSWORD, address: attacker, now: soon })).toMatchObject({
      ok: false,
      reason: 'throttled',
    })
    expect(delayAfter(FREE_FAILURES + 4)).toBeGreaterThan(delayAfter(FREE_FAILURES + 3))
    // The real user, from elsewhere, logs in at once.
    expect(await login({ username: user.username, password: TEST_PASSWORD, address: '10.1.1.1', now: soon })).toMatchObject({ ok: true })
  })

  test('the admin cannot be locked out by strangers either', async () => {
    const admin = await makeUser({ roles: ['admin'] })
    const now = new Date('2026-11-23T12:00:00Z')
    for (let i = 0; i < 20; i++) await login({ username: admin.username, password: 'guess', address: `10.7.0.${i}`, now })
    expect(await login({ username: admin.username, password: TEST_PASSWORD, address: '10.7.1.1', now })).toMatchObject({ ok: true })
  })

  test('many failures from one address lock that address for every account', async () => {
    const now = new Date('2026-11-23T11:00:00Z')
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      await login({ username: `nobody-${i}`, password: 'guess', address: '10.9.9.9', now })
    }
    const user = await makeUser()
    expect(await login({ username: user.username, password: TEST_PASSWORD, address: '10.9.9.9', now })).toMatchObject({
      ok: false,
      reason: 'throttled',
    })
    expect(await login({ username: user.username, password: TEST_PASSWORD, address: '10.9.9.10', now })).toMatchObject({ ok: true })
  })

  test('resetting a password ends the user’s sessions', async () => {
    const user = await makeUser()
    const cookie = await sessionCookie(user.id)
    const request = () => new Request('http://localhost/learn', { headers: { Cookie: cookie } })
    expect((await getOptionalUser(request()))?.id).toBe(user.id)
    await setPassword(user.id, 'a-brand-new-password')
    expect(await getOptionalUser(request())).toBeNull()
    expect(await login({ username: user.username, password: 'a-brand-new-password', address: 'x' })).toMatchObject({ ok: true })
  })

  test('admin pages answer 403 to a trainee and redirect a visitor to log in', async () => {
    const trainee = await makeUser()
    const forbidden = (await run(async () =>
      adminLoader({ request: await authedRequest('/admin/users', trainee.id), params: {}, context: {} as never }),
    )) as Response
    expect(forbidden.status).toBe(403)
    const anonymous = (await run(() =>
      adminLoader({ request: new Request('http://localhost/admin/users'), params: {}, context: {} as never }),
    )) as Response
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toBe('/login?redirectTo=%2Fadmin%2Fusers')
  })
})

describe('passwords an admin sets', () => {
  test('must be replaced at the first login before anything else, and a common one is refused', async () => {
    const { loader: learnLoader } = await import('#app/routes/learn._index.tsx')
    const { action: changeAction } = await import('#app/routes/account.password.tsx')
    const user = await makeUser()
    await setPassword(user.id, 'set-by-the-admin-2026', { mustChange: true })
    const cookie = await sessionCookie(user.id)
    const go = (path: string, init?: RequestInit) =>
      new Request(`http://localhost${path}`, { ...init, headers: { Cookie: cookie, ...(init?.headers ?? {}) } })
    const blocked = (await run(() =>
      learnLoader({ request: go('/learn'), params: {}, context: { clientAddress: '10.0.0.1' } }),
    )) as Response
    expect(blocked.headers.get('Location')).toBe('/account/password?redirectTo=%2Flearn')
    const post = (fields: Record<string, string>) =>
      run(() =>
        changeAction({
          request: go('/account/password?redirectTo=%2Flearn', { method: 'POST', body: new URLSearchParams(fields) }),
          params: {},
          context: { clientAddress: '10.0.0.1' },
        }),
      )
    const common = (await post({ current: 'set-by-the-admin-2026', password: 'woaini1314', confirm: 'woaini1314' })) as unknown as {
      data: { errors: Record<string, string> }
    }
    expect(common.data.errors.password).toBe('admin.passwordCommon')
    const wrong = (await post({ current: 'not-it-at-all', password: 'my-own-pass-2026', confirm: 'my-own-pass-2026' })) as unknown as {
      data: { errors: Record<string, string> }
    }
    expect(wrong.data.errors.current).toBe('account.wrongCurrent')
    const done = (await post({ current: 'set-by-the-admin-2026', password: 'my-own-pass-2026', confirm: 'my-own-pass-2026' })) as Response
    expect(done.headers.get('Location')).toBe('/learn')
    expect(await login({ username: user.username, password: 'my-own-pass-2026', address: '10.0.0.1' })).toMatchObject({ ok: true })
  })

  test('the last admin cannot lose the admin role', async () => {
    const { action: userAction } = await import('#app/routes/admin.users.$userId.tsx')
    const { listUsers, updateUser } = await import('#app/models/users.server.ts')
    const admin = await makeUser({ roles: ['admin'] })
    // Only this one admin is left.
    for (const u of await listUsers())
      if (u.id !== admin.id && u.roles.includes('admin'))
        await updateUser(u.id, { displayName: u.displayName, roles: ['trainee'], teamId: u.teamId })
    const demote = async (target: string) =>
      (await run(async () =>
        userAction({
          request: await authedRequest(`/admin/users/${target}`, admin.id, {
            method: 'POST',
            body: new URLSearchParams({ intent: 'update', displayName: '管理员', roles: 'trainee' }),
          }),
          params: { userId: target },
          context: { clientAddress: '10.0.0.1' },
        }),
      )) as unknown as { data?: { errors: Record<string, string> }; init?: { status: number } }
    const refused = await demote(admin.id)
    expect(refused.init?.status).toBe(409)
    expect(refused.data?.errors.roles).toBe('admin.lastAdmin')
    // With a second admin, one of them may step down.
    const second = await makeUser({ roles: ['admin'] })
    expect((await demote(second.id)).init?.status).toBeUndefined()
  })
})

describe('sessions', () => {
  test('end after two idle hours, and stay while used', async () => {
    const { createSessionRow, readSessionRow, SESSION_IDLE_MS } = await import('#app/models/sessions.server.ts')
    const t0 = new Date('2026-12-02T08:00:00Z')
    const expires = new Date(t0.getTime() + 12 * 3600_000)
    const used = await createSessionRow({ userId: null }, expires, t0)
    // Used every hour: still open after three.
    for (let h = 1; h <= 3; h++) expect(await readSessionRow(used, new Date(t0.getTime() + h * 3600_000))).not.toBeNull()
    const idle = await createSessionRow({ userId: null }, expires, t0)
    expect(await readSessionRow(idle, new Date(t0.getTime() + SESSION_IDLE_MS + 60_000))).toBeNull()
  })
})

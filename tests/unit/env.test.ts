import { afterEach, describe, expect, test, vi } from 'vitest'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

async function freshEnv() {
  vi.resetModules()
  const { getEnv } = await import('#app/utils/env.server.ts')
  return getEnv
}

describe('environment', () => {
  test('a bad variable stops start-up with its name', async () => {
    vi.stubEnv('PORT', 'abc')
    const getEnv = await freshEnv()
    expect(() => getEnv()).toThrow(/PORT/)
  })

  test('production needs a real session secret', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('SESSION_SECRET', '')
    const getEnv = await freshEnv()
    expect(() => getEnv()).toThrow(/SESSION_SECRET/)
  })

  test('production cookies are Secure unless turned off explicitly', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('SESSION_SECRET', 'x'.repeat(40))
    expect((await freshEnv())().cookieSecure).toBe(true)
    vi.stubEnv('COOKIE_SECURE', 'false')
    expect((await freshEnv())().cookieSecure).toBe(false)
  })

  test('the database path defaults under ./data', async () => {
    vi.stubEnv('DATABASE_PATH', undefined as unknown as string)
    expect((await freshEnv())().DATABASE_PATH).toBe('./data/composure.db')
  })
})

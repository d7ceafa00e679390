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

  test('production needs the public URL certificates link to', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('SESSION_SECRET', 'x'.repeat(40))
    vi.stubEnv('PUBLIC_URL', '')
    const getEnv = await freshEnv()
    expect(() => getEnv()).toThrow(/PUBLIC_URL/)
  })

  test('TRUST_PROXY is off by default, and takes a hop count or addresses', async () => {
    expect((await freshEnv())().trustProxy).toBe(false)
    vi.stubEnv('TRUST_PROXY', '1')
    expect((await freshEnv())().trustProxy).toBe(1)
    vi.stubEnv('TRUST_PROXY', '10.0.0.0/8, 127.0.0.1')
    expect((await freshEnv())().trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1'])
    vi.stubEnv('TRUST_PROXY', 'everyone')
    const getEnv = await freshEnv()
    expect(() => getEnv()).toThrow(/TRUST_PROXY/)
  })

  test('production cookies are Secure unless turned off explicitly', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('SESSION_SECRET', 'x'.repeat(40))
    vi.stubEnv('PUBLIC_URL', 'https://composure.example.com')
    expect((await freshEnv())().cookieSecure).toBe(true)
    vi.stubEnv('COOKIE_SECURE', 'false')
    expect((await freshEnv())().cookieSecure).toBe(false)
  })

  test('the database path defaults under ./data', async () => {
    vi.stubEnv('DATABASE_PATH', undefined as unknown as string)
    expect((await freshEnv())().DATABASE_PATH).toBe('./data/composure.db')
  })

  test('DATABASE_URL takes a PostgreSQL URL, and says so by name when it is something else', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://app@db.example.com:5432/composure')
    expect((await freshEnv())().DATABASE_URL).toBe('postgres://app@db.example.com:5432/composure')
    vi.stubEnv('DATABASE_URL', 'mysql://app@db.example.com/composure')
    const getEnv = await freshEnv()
    expect(() => getEnv()).toThrow(/DATABASE_URL: must be a PostgreSQL URL/)
  })

  test('an empty DATABASE_URL is as if unset: SQLite at DATABASE_PATH', async () => {
    vi.stubEnv('DATABASE_URL', '')
    expect((await freshEnv())().DATABASE_URL).toBeUndefined()
  })
})

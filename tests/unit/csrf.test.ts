import { describe, expect, test } from 'vitest'
import { isCrossSiteRequest } from '#app/utils/csrf.server.ts'

const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) })

describe('cross-site request check', () => {
  test('reads are never refused', () => {
    expect(isCrossSiteRequest(req('GET', { host: 'a.test', origin: 'https://evil.test' }))).toBe(false)
  })
  test('a same-origin post passes', () => {
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', origin: 'https://a.test', cookie: 's=1' }))).toBe(false)
  })
  test('a post from another origin is refused', () => {
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', origin: 'https://evil.test', cookie: 's=1' }))).toBe(true)
  })
  test('the referer is used when there is no origin', () => {
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', referer: 'https://evil.test/x', cookie: 's=1' }))).toBe(true)
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', referer: 'https://a.test/x', cookie: 's=1' }))).toBe(false)
  })
  test('a post with no origin, or a null one, is refused, with or without a cookie', () => {
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', cookie: 's=1' }))).toBe(true)
    expect(isCrossSiteRequest(req('POST', { host: 'a.test' }))).toBe(true)
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', origin: 'null', cookie: 's=1' }))).toBe(true)
    expect(isCrossSiteRequest(req('POST', { host: 'a.test', origin: 'null' }))).toBe(true)
  })

  test('X-Forwarded-Host is believed only from a trusted proxy', () => {
    const forwarded = req('POST', { host: 'internal:3000', 'x-forwarded-host': 'a.test', origin: 'https://a.test' })
    expect(isCrossSiteRequest(forwarded)).toBe(true)
    expect(isCrossSiteRequest(forwarded, { trustForwardedHost: true })).toBe(false)
  })
})

import { describe, expect, test } from 'vitest'
import { formatCode, isCode, normalizeCode } from '#app/certification/codes.ts'
import { newVerificationCode } from '#app/certification/new-code.server.ts'

describe('verification codes', () => {
  test('are shown in groups of five', () => {
    expect(formatCode('ABCDEFGHJKMNPQRSTVWX')).toBe('ABCDE-FGHJK-MNPQR-STVWX')
  })

  test.each([
    ['abcde-fghjk-mnpqr-stvwx', 'ABCDEFGHJKMNPQRSTVWX'],
    ['ABCDE FGHJK MNPQR STVWX', 'ABCDEFGHJKMNPQRSTVWX'],
    // Read off paper: O for zero, I or L for one.
    ['O1234-IL567-89ABC-DEFGH', '012341156789ABCDEFGH'],
  ])('typed as %s, are read as %s', (typed, stored) => {
    expect(normalizeCode(typed)).toBe(stored)
    expect(isCode(normalizeCode(typed))).toBe(true)
  })

  test('of the wrong length or with letters we never use are refused', () => {
    expect(isCode('123')).toBe(false)
    expect(isCode('ABCDEFGHJKMNPQRSTVWU')).toBe(false)
  })

  test('new ones are 20 characters of the alphabet and do not repeat', () => {
    const codes = Array.from({ length: 200 }, newVerificationCode)
    for (const c of codes) expect(isCode(c)).toBe(true)
    expect(new Set(codes).size).toBe(200)
  })
})

import { describe, expect, test } from 'vitest'
import { localDateTime } from '#app/domain/calendar.ts'

describe('local wall-clock times for exports', () => {
  test('an instant reads as the timezone’s clock, midnight as 00, across the date line', () => {
    expect(localDateTime(new Date('2026-12-03T16:05:00Z'), 'Asia/Shanghai')).toBe('2026-12-04 00:05')
    expect(localDateTime(new Date('2026-12-03T07:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-03 15:30')
    expect(localDateTime(new Date('2026-12-03T07:30:00Z'), 'UTC')).toBe('2026-12-03 07:30')
  })
})

import { describe, expect, test } from 'vitest'
import { formatCalendarDay, formatInstant } from '#app/components/dates.ts'

describe('one date format per language', () => {
  const instant = new Date('2026-12-03T07:07:00Z')
  test('zh: 2026年12月3日 15:07, the date alone as the calendar day', () => {
    expect(formatInstant(instant, 'zh', 'Asia/Shanghai')).toBe('2026年12月3日 15:07')
    expect(formatInstant(instant, 'zh', 'Asia/Shanghai', false)).toBe('2026年12月3日')
    expect(formatCalendarDay('2026-12-03', 'zh')).toBe('2026年12月3日')
    // Just after local midnight: the 24-hour clock, the local date.
    expect(formatInstant(new Date('2026-12-02T16:30:00Z'), 'zh', 'Asia/Shanghai')).toBe('2026年12月3日 00:30')
  })
  test('en: 3 December 2026, 15:07', () => {
    expect(formatInstant(instant, 'en', 'Asia/Shanghai')).toBe('3 December 2026, 15:07')
    expect(formatInstant(instant, 'en', 'Asia/Shanghai', false)).toBe('3 December 2026')
    expect(formatCalendarDay('2026-12-03', 'en')).toBe('3 December 2026')
  })
})

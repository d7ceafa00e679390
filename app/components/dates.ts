import { useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_TIMEZONE } from '#app/domain/calendar.ts'

/**
 * The one way the app writes dates, per language; every page goes through these two hooks.
 *
 * - zh: `2026年12月3日` and, with the time, `2026年12月3日 15:07`
 * - en: `3 December 2026` and, with the time, `3 December 2026, 15:07`
 *
 * Always the 24-hour clock, to the minute, in the app's timezone (`TIMEZONE`). A calendar date
 * (`YYYY-MM-DD`, a due date) is written like the date part of an instant. Machine formats (CSV,
 * `<time dateTime>`, form values) stay ISO.
 */
const LOCALE = { zh: 'zh-CN', en: 'en-GB' } as const

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(locale: string, timeZone: string, part: 'date' | 'time') {
  const key = `${locale}|${timeZone}|${part}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      part === 'date'
        ? { timeZone, year: 'numeric', month: 'long', day: 'numeric' }
        : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    )
    formatters.set(key, f)
  }
  return f
}

/** Pure, for tests and for the two hooks. */
export function formatInstant(date: Date, language: string, timeZone: string, withTime = true): string {
  const locale = language === 'en' ? LOCALE.en : LOCALE.zh
  const day = formatter(locale, timeZone, 'date').format(date)
  if (!withTime) return day
  const time = formatter(locale, timeZone, 'time').format(date)
  return locale === LOCALE.en ? `${day}, ${time}` : `${day} ${time}`
}

/** A calendar date (`YYYY-MM-DD`, already local), as `formatInstant` writes the date part. */
export function formatCalendarDay(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return formatInstant(new Date(Date.UTC(y!, m! - 1, d!)), language, 'UTC', false)
}

function useTimeZone() {
  const root = useRouteLoaderData<{ timeZone?: string }>('root')
  return root?.timeZone ?? DEFAULT_TIMEZONE
}

/** Formats an instant (ISO string) in the app's timezone and the reader's language. */
export function useFormatDate() {
  const { i18n } = useTranslation()
  const timeZone = useTimeZone()
  return (iso: string, withTime = true) => formatInstant(new Date(iso), i18n.language, timeZone, withTime)
}

/** Formats a calendar date (`YYYY-MM-DD`, already local) as the reader's language writes dates. */
export function useFormatDay() {
  const { i18n } = useTranslation()
  return (day: string) => formatCalendarDay(day, i18n.language)
}

import { useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_TIMEZONE } from '#app/domain/calendar.ts'

function useTimeZone() {
  const root = useRouteLoaderData<{ timeZone?: string }>('root')
  return root?.timeZone ?? DEFAULT_TIMEZONE
}

/** Formats an instant (ISO string) in the app's timezone and the reader's language. */
export function useFormatDate() {
  const { i18n } = useTranslation()
  const timeZone = useTimeZone()
  return (iso: string, withTime = true) => {
    const date = new Date(iso)
    return withTime ? date.toLocaleString(i18n.language, { timeZone }) : date.toLocaleDateString(i18n.language, { timeZone })
  }
}

/** Formats a calendar date (`YYYY-MM-DD`, already local) as the reader's language writes dates. */
export function useFormatDay() {
  const { i18n } = useTranslation()
  return (day: string) => {
    const [y, m, d] = day.split('-').map(Number)
    return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString(i18n.language === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    })
  }
}

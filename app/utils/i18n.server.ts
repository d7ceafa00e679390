import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { i18nConfig, LANGUAGES } from '#app/i18n.ts'

export const languageCookie = createCookie('composure_lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

// Chinese unless the user chose otherwise: the browser's Accept-Language is not consulted,
// because agents share machines whose browsers are often set to English.
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: 'zh',
    cookie: languageCookie,
    order: ['searchParams', 'cookie'],
  },
  i18next: i18nConfig,
})

import en from './locales/en.ts'
import zh from './locales/zh.ts'

export const LANGUAGES = ['zh', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** Shared by the server and the browser: resources are bundled, nothing is fetched. */
export const i18nConfig = {
  supportedLngs: [...LANGUAGES],
  fallbackLng: 'zh',
  defaultNS: 'common',
  ns: ['common'],
  resources: { zh: { common: zh }, en: { common: en } },
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
}

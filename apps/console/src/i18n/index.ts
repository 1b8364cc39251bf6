import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import { featuresEn, featuresZh } from './features'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
const KEY = 'aftersales.locale'

function initial(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zhCN, ...featuresZh }, en: { ...en, ...featuresEn } },
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(KEY, locale)
  document.documentElement.lang = locale
}

import { createI18n } from 'vue-i18n'
import { Locale } from 'vant'
import vantZh from 'vant/es/locale/lang/zh-CN'
import vantEn from 'vant/es/locale/lang/en-US'
import zh from './zh-CN'
import en from './en'
import { featuresEn, featuresZh } from './features'

export type AppLocale = 'zh-CN' | 'en'
const KEY = 'aftersales.customer.locale'

function initial(): AppLocale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zh, ...featuresZh }, en: { ...en, ...featuresEn } },
})

/** Switches the app (and Vant's own texts); the API follows through Accept-Language. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  Locale.use(locale, locale === 'en' ? vantEn : vantZh)
  document.documentElement.lang = locale
  localStorage.setItem(KEY, locale)
}

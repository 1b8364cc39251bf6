import { i18n } from '../i18n'
import { DEFAULT_DEALER, formatDate, formatDateTime, formatMoney } from '../format/locale'

/** Printed documents are in the dealer's language (zh-CN) whatever the screen's language. */
export const DOC_LOCALE = 'zh-CN'

export function useDoc() {
  const td = (key: string, named: Record<string, unknown> = {}) => i18n.global.t(key, named, { locale: DOC_LOCALE })
  return {
    td,
    money: (v: string | null | undefined, currency = DEFAULT_DEALER.currency) => formatMoney(v, DOC_LOCALE, currency),
    dateTime: (v: string | null | undefined) => formatDateTime(v, DOC_LOCALE, DEFAULT_DEALER.timeZone),
    date: (v: string | null | undefined) => formatDate(v, DOC_LOCALE, DEFAULT_DEALER.timeZone),
  }
}

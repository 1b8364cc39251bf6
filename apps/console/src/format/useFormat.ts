import { useI18n } from 'vue-i18n'
import { dealerId } from '../auth/session'
import { dealerLocale } from '../dealer'
import { formatDate, formatDateTime, formatMoney, formatTime } from './locale'

/** Formatters bound to the current language and the signed-in dealer's zone and currency. */
export function useFormat() {
  const { locale } = useI18n()
  const dealer = () => dealerLocale(dealerId())
  return {
    money: (v: string | null | undefined, currency?: string) => formatMoney(v, locale.value, currency ?? dealer().currency),
    dateTime: (v: string | null | undefined) => formatDateTime(v, locale.value, dealer().timeZone),
    date: (v: string | null | undefined) => formatDate(v, locale.value, dealer().timeZone),
    time: (v: string | null | undefined) => formatTime(v, locale.value, dealer().timeZone),
  }
}

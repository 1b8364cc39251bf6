/** The dealer's locale and zone: dates, times and money are shown the way the dealer writes them. */
export interface DealerLocale {
  timeZone: string
  currency: string
}

export const DEFAULT_DEALER: DealerLocale = { timeZone: 'Asia/Shanghai', currency: 'CNY' }

/** A decimal string ("1234.50") as money, exactly (no float): Intl reads numeric strings as decimals. */
export function formatMoney(amount: string | null | undefined, lang: string, currency = DEFAULT_DEALER.currency): string {
  if (amount === null || amount === undefined || amount === '') return '—'
  const f = new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return f.format(amount as unknown as number)
}

export function formatDateTime(iso: string | null | undefined, lang: string, timeZone = DEFAULT_DEALER.timeZone): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(lang, {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso))
}

export function formatDate(iso: string | null | undefined, lang: string, timeZone = DEFAULT_DEALER.timeZone): string {
  if (!iso) return '—'
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso)
  return new Intl.DateTimeFormat(lang, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

export function formatTime(iso: string | null | undefined, lang: string, timeZone = DEFAULT_DEALER.timeZone): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso))
}

/** The dealer's local calendar day (YYYY-MM-DD) of an instant, plus whole days. */
export function localDay(at: Date, timeZone = DEFAULT_DEALER.timeZone, plusDays = 0): string {
  const shifted = new Date(at.getTime() + plusDays * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(shifted)
}

/** Start and end of a local day as RFC 3339 instants with the zone's offset (Asia/Shanghai: +08:00). */
export function dayBounds(day: string, timeZone = DEFAULT_DEALER.timeZone): { from: string; to: string } {
  const offset = offsetOf(new Date(`${day}T12:00:00Z`), timeZone)
  return { from: `${day}T00:00:00${offset}`, to: `${day}T23:59:59${offset}` }
}

function offsetOf(at: Date, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name)
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00'
}

import type { Job } from '../api/types'

/** Exact decimal money in fen (1/100 yuan) as BigInt: no float ever touches an amount. */
export function toFen(decimal: string): bigint {
  const neg = decimal.trim().startsWith('-')
  const [int = '0', frac = ''] = decimal.trim().replace(/^[-+]/, '').split('.')
  const cents = BigInt(int || '0') * 100n + BigInt((frac + '00').slice(0, 2))
  const roundUp = (frac[2] ?? '0') >= '5' ? 1n : 0n // half up on the third decimal
  return (neg ? -1n : 1n) * (cents + roundUp)
}

export function fromFen(fen: bigint): string {
  const neg = fen < 0n
  const abs = neg ? -fen : fen
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`
}

/** a × b for two decimal strings, rounded half up to fen. */
export function times(a: string, b: string): bigint {
  const scale = (s: string) => (s.split('.')[1] ?? '').length
  const digits = (s: string) => BigInt(s.replace('.', '').replace(/^([-+]?)0+(?=\d)/, '$1'))
  const exp = scale(a) + scale(b)
  const raw = digits(a) * digits(b) // value × 10^exp
  if (exp <= 2) return raw * 10n ** BigInt(2 - exp)
  const div = 10n ** BigInt(exp - 2)
  const q = raw / div
  return (raw % div) * 2n >= div ? q + 1n : q
}

export interface Estimate {
  labour: string
  parts: string
  subtotal: string
  vat: string
  total: string
  lines: { job: Job; labour: string; parts: string; customerPays: boolean }[]
}

/**
 * The estimate shown to the customer before signing: labour (hours × the dealer's rate) and parts
 * (list price) separately, customer-paid jobs only; billing computes the real invoice the same way.
 */
export function estimate(jobs: Job[], labourRate: string, vatRate: string, prices: Record<string, string>): Estimate {
  let labour = 0n
  let parts = 0n
  const lines = jobs.filter((j) => j.status !== 'declined').map((job) => {
    const l = times(job.labor_hours, labourRate)
    const p = job.parts.reduce((sum, part) => sum + times(part.qty, prices[part.part_no] ?? '0'), 0n)
    const customerPays = job.pay_type === 'customer'
    if (customerPays) {
      labour += l
      parts += p
    }
    return { job, labour: fromFen(l), parts: fromFen(p), customerPays }
  })
  const subtotal = labour + parts
  const vat = times(fromFen(subtotal), vatRate)
  return { labour: fromFen(labour), parts: fromFen(parts), subtotal: fromFen(subtotal), vat: fromFen(vat), total: fromFen(subtotal + vat), lines }
}

/**
 * Exact money helpers for the screens. The estimate itself is priced by the API
 * (`GET /api/workshop/orders/{id}/estimate`); the browser only formats and compares figures.
 */

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

/** A VAT rate ("0.13") as the percentage people read ("13%"). */
export function percent(rate: string): string {
  const [int = '0', frac = ''] = rate.split('.')
  const hundredths = BigInt(int) * 10000n + BigInt((frac + '0000').slice(0, 4))
  const whole = hundredths / 100n
  const rest = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return `${whole}${rest ? `.${rest}` : ''}%`
}

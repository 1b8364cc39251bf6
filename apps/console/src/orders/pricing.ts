import { billing, ok, parts } from '../api/client'
import type { Rates } from '../api/types'

/** The dealer's labour and VAT rates (billing) and the parts' list prices (parts), for estimates. */
export async function ratesOf(dealerId: string): Promise<Rates> {
  return ok(billing.GET('/api/billing/dealers/{dealer_id}/rates', { params: { path: { dealer_id: dealerId } } }), { quiet: true })
}

export async function pricesOf(dealerId: string, partNos: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(partNos)]
  const found = await Promise.all(unique.map((no) =>
    ok(parts.GET('/api/parts/parts/{part_no}', { params: { path: { part_no: no }, query: { dealer_id: dealerId } } }), { quiet: true })
      .then((p) => [no, p.unit_price] as const).catch(() => [no, '0'] as const)))
  return Object.fromEntries(found)
}

import { ok, workshop } from '../api/client'
import type { OrderSummary } from '../api/types'

/** Orders in the workshop (signed, in repair or sent back): there is no job list by technician yet. */
export async function workshopOrders(dealerId: string): Promise<OrderSummary[]> {
  const statuses = ['authorized', 'in_progress', 'qc_failed'] as const
  const pages = await Promise.all(statuses.map((status) =>
    ok(workshop.GET('/api/workshop/orders', { params: { query: { dealer_id: dealerId, status, limit: 200 } } }))))
  return pages.flatMap((p) => p.items)
}

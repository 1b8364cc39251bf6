import type { Job, OrderSummary, Progress } from '../api/types'

/** The stages a car owner follows, in order (the API computes the current one). */
export const STAGES: Progress[] = ['received', 'in_repair', 'quality_check', 'ready', 'delivered']

export function stageIndex(progress: Progress): number {
  return Math.max(STAGES.indexOf(progress), 0)
}

/** Jobs waiting for the customer's yes or no (追加维修). */
export function pendingAdditional(jobs: Job[]): Job[] {
  return jobs.filter((j) => j.status === 'pending_approval')
}

/** The estimate is still to be signed: the order is open with jobs on it. */
export function needsSignature(order: Pick<OrderSummary, 'status' | 'jobs'>): boolean {
  return order.status === 'opened' && (order.jobs ?? []).length > 0
}

/** Orders still in the workshop (what the home screen follows). */
export function active(orders: OrderSummary[]): OrderSummary[] {
  return orders.filter((o) => o.status !== 'delivered' && o.status !== 'cancelled')
}

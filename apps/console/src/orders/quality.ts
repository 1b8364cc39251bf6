import type { Order, QcLevel } from '../api/types'

/** The checks in order (三检 + the advisor's pre-delivery check) and who signs each (workshop enforces it). */
export const LEVELS: QcLevel[] = ['self', 'foreman', 'final', 'pre_delivery']
export const SIGNERS: Record<QcLevel, string[]> = {
  self: ['technician', 'foreman'],
  foreman: ['foreman'],
  final: ['qc_inspector'],
  pre_delivery: ['service_advisor'],
}

/** The next check the order waits for, or null while work is open or after the last one. */
export function nextCheck(order: Pick<Order, 'status' | 'qc_stage' | 'jobs' | 'ready_at'>): QcLevel | null {
  if (!['in_progress', 'qc_passed'].includes(order.status)) return null
  const jobs = (order.jobs ?? []).filter((j) => !['declined', 'estimated'].includes(j.status))
  if (jobs.some((j) => j.status !== 'finished')) return null
  const i = order.qc_stage ? LEVELS.indexOf(order.qc_stage) + 1 : 0
  const level = LEVELS[i] ?? null
  // the advisor's check comes after washing (洗车): the car must be ready first
  return level === 'pre_delivery' && !order.ready_at ? null : level
}

/** Past the final inspection and not yet washed: the wash step is due. */
export function awaitingWash(order: Pick<Order, 'status' | 'ready_at'>): boolean {
  return order.status === 'qc_passed' && !order.ready_at
}

/** Who may record washing (workshop enforces it). */
export const WASHERS = ['technician', 'foreman', 'service_advisor']

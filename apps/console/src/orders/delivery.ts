import type { components as W } from '@api-schema/workshop'
import type { Invoice, Order } from '../api/types'
import { fromFen, toFen } from './estimate'

export type Checklist = W['schemas']['QcChecklistOut']
export type ChecklistItem = W['schemas']['QcChecklistItemOut']
export type GatePass = W['schemas']['GatePassView']
export type Comebacks = W['schemas']['TechnicianComebacks']
export type Document = W['schemas']['Document']
export type OldPartsHandling = W['schemas']['OldPartsHandling']
export type QcCheck = Order['qc_checks'][number]

/** The documents and items the advisor hands over, in the order of the delivery card. */
export const DOCUMENTS: Document[] = ['settlement', 'repair_order', 'parts_list', 'receipts', 'warranty_settlement', 'keys', 'registration', 'manual']

/** One answer on a checklist being filled in. */
export interface Answer { item: string, ok: boolean, note: string }

/** A fresh sheet: every point OK until the checker says otherwise. */
export function blankAnswers(items: ChecklistItem[]): Answer[] {
  return items.map((i) => ({ item: i.code, ok: true, note: '' }))
}

/** The points answered not OK (a pass is then refused by workshop: 422). */
export function notOk(answers: Answer[]): string[] {
  return answers.filter((a) => !a.ok).map((a) => a.item)
}

/** The failed check that put the order back in rework (what the advisor is told), if any. */
export function reworkCheck(order: Pick<Order, 'status' | 'qc_checks'>): QcCheck | null {
  if (order.status !== 'qc_failed') return null
  const last = order.qc_checks[order.qc_checks.length - 1]
  return last && !last.passed ? last : null
}

/** Warranty work done on the order: the customer must sign the warranty settlement. */
export function hasWarrantyWork(order: Pick<Order, 'jobs'>): boolean {
  return (order.jobs ?? []).some((j) => j.pay_type === 'warranty' && j.status === 'finished')
}

/** What delivery must record for the old parts, given the customer's choice at reception. */
export function expectedOldParts(choice: string | null | undefined): OldPartsHandling | null {
  return choice === 'keep' ? 'handed_over' : choice === 'dispose' ? 'disposed' : null
}

export type Line = Invoice['lines'][number]

/** One settlement line explained: what it is worth, what the customer pays, and why less. */
export interface Explained {
  line: Line
  free: boolean
  discount: string | null
}

/** Every line with free (warranty / internal) and discounted items made explicit. */
export function explain(lines: Line[]): Explained[] {
  return lines.map((line) => {
    const full = toFen(line.amount)
    const paid = toFen(line.customer_amount)
    const free = line.charged_to !== 'customer' || (full > 0n && paid === 0n)
    const discount = !free && paid < full ? fromFen(full - paid) : null
    return { line, free, discount }
  })
}

/** The signed estimate against the invoice: the difference, when both are known. */
export function variance(signed: string | null | undefined, invoiced: string | null | undefined): string | null {
  if (!signed || !invoiced) return null
  return fromFen(toFen(invoiced) - toFen(signed))
}

import { ok, workshop } from '../api/client'
import type { components as W } from '@api-schema/workshop'

export type OrderEstimate = W['schemas']['EstimateOut']
export type Operation = W['schemas']['OperationOut']
export type Menu = W['schemas']['MenuOut']
export type Policy = W['schemas']['PolicyOut']
export type PolicyIn = W['schemas']['PolicyIn']
export type PartOrigin = W['schemas']['PartOrigin']
export type Skill = W['schemas']['Skill']
export const ORIGINS: PartOrigin[] = ['original', 'equivalent', 'remanufactured', 'used']
export const NEEDS_CONSENT: PartOrigin[] = ['remanufactured', 'used']

/** The order's priced estimate as the API computes it (labour, parts, VAT, quote, promise). */
export async function estimateOf(orderId: string): Promise<OrderEstimate> {
  return ok(workshop.GET('/api/workshop/orders/{order_id}/estimate', { params: { path: { order_id: orderId } } }), { quiet: true })
}

/** The dealer's operations matching `q` (code or name). */
export async function operationsOf(dealerId: string, q?: string, active = false): Promise<Operation[]> {
  return ok(workshop.GET('/api/workshop/operations', { params: { query: { dealer_id: dealerId, q: q || undefined, active } } }), { quiet: true })
}

export async function menusOf(dealerId: string): Promise<Menu[]> {
  return ok(workshop.GET('/api/workshop/menus', { params: { query: { dealer_id: dealerId } } }), { quiet: true })
}

/** Put a maintenance menu on the order (its operations as jobs, its parts). */
export async function addMenu(orderId: string, menuCode: string): Promise<void> {
  await ok(workshop.POST('/api/workshop/orders/{order_id}/menus', { params: { path: { order_id: orderId } }, body: { menu_code: menuCode } }))
}

import { DEFAULT_DEALER, type DealerLocale } from './format/locale'

/**
 * The dealer's name, zone and currency as printed on documents. No service serves dealer master
 * data yet, so the demo dealers are named here and any other dealer shows its id.
 */
const KNOWN: Record<string, { name: string }> = {
  'd0000000-0000-4000-8000-000000000001': { name: '上海示范汽车销售服务有限公司' },
  'd0000000-0000-4000-8000-000000000002': { name: '杭州示范汽车销售服务有限公司' },
}

export function dealerName(id: string): string {
  return KNOWN[id]?.name ?? id
}

export function dealerLocale(_id: string): DealerLocale {
  return DEFAULT_DEALER
}

import { describe, expect, it } from 'vitest'
import { dayBounds, formatDateTime, formatMoney, localDay } from './locale'

describe('money in the dealer’s locale', () => {
  it('shows yuan with two places, exactly, in Chinese and English', () => {
    expect(formatMoney('1234.50', 'zh-CN')).toBe('¥1,234.50')
    expect(formatMoney('1234.50', 'en', 'CNY')).toBe('CN¥1,234.50')
    expect(formatMoney('9007199254740993.01', 'zh-CN')).toBe('¥9,007,199,254,740,993.01') // beyond float precision
  })
  it('shows a dash for no amount', () => {
    expect(formatMoney(null, 'zh-CN')).toBe('—')
  })
})

describe('times in the dealer’s zone', () => {
  it('writes an instant in Asia/Shanghai whatever the browser’s zone', () => {
    expect(formatDateTime('2026-11-22T01:30:00Z', 'zh-CN')).toBe('2026/11/22 09:30')
  })
  it('knows the local day and its bounds with the +08:00 offset', () => {
    expect(localDay(new Date('2026-11-21T17:00:00Z'))).toBe('2026-11-22')
    expect(dayBounds('2026-11-22')).toEqual({ from: '2026-11-22T00:00:00+08:00', to: '2026-11-22T23:59:59+08:00' })
  })
})

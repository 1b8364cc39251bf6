import { describe, expect, it } from 'vitest'
import type { BoardCard } from '../api/types'
import { byColumn, columnOf, isLate } from './colours'

const card = (colour: BoardCard['colour'], over: Partial<BoardCard> = {}): BoardCard => ({
  order_id: colour, order_no: 'RO', plate: 'P', model: 'M', status: 'in_progress', waiting_parts: false, colour,
  jobs_total: 1, jobs_finished: 0, technicians: [], created_at: '2026-11-22T01:00:00Z', ...over,
})

describe('progress board colours (domain.md)', () => {
  it('puts red, yellow and green in waiting, in repair and nearly done', () => {
    expect(columnOf('red').label).toBe('board.waiting')
    expect(columnOf('yellow').label).toBe('board.inRepair')
    expect(columnOf('green').label).toBe('board.nearlyDone')
    const cols = byColumn([card('green'), card('red'), card('yellow')])
    expect(Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.length]))).toEqual({ red: 1, yellow: 1, green: 1 })
  })
  it('flags an order carried over from an earlier local day as late, until it passes QC', () => {
    expect(isLate(card('yellow', { created_at: '2026-11-21T16:30:00Z' }), '2026-11-22')).toBe(false) // 00:30 +08:00 on the 22nd
    expect(isLate(card('yellow', { created_at: '2026-11-21T10:00:00Z' }), '2026-11-22')).toBe(true)
    expect(isLate(card('green', { created_at: '2026-11-20T10:00:00Z', status: 'qc_passed' }), '2026-11-22')).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import type { Job } from '../api/types'
import { estimate, fromFen, times, toFen } from './estimate'

const job = (over: Partial<Job>): Job => ({
  id: 'j', order_id: 'o', op_code: 'MNT', description: '', labor_hours: '1.5', pay_type: 'customer', parts: [], status: 'estimated',
  additional: false, created_at: '', decided_by: null, finish_notes: null, finished_at: null, position: 0, requested_by: 'a',
  rework_count: 0, started_at: null, technician: null, ...over,
})

describe('estimate: labour and parts separately, exact to the fen', () => {
  it('multiplies decimals without floats and rounds half up', () => {
    expect(fromFen(times('1.5', '300.00'))).toBe('450.00')
    expect(fromFen(times('495.50', '0.13'))).toBe('64.42') // 64.415 → 64.42
    expect(fromFen(toFen('0.1') + toFen('0.2'))).toBe('0.30')
  })
  it('matches what billing invoices for the golden path', () => {
    const e = estimate([job({ parts: [{ part_no: 'P1', qty: '1' }] })], '300.00', '0.13', { P1: '45.50' })
    expect(e).toMatchObject({ labour: '450.00', parts: '45.50', subtotal: '495.50', vat: '64.42', total: '559.92' })
  })
  it('leaves warranty and declined jobs out of the customer’s total', () => {
    const e = estimate([job({ pay_type: 'warranty' }), job({ id: 'k', status: 'declined' })], '300.00', '0.13', {})
    expect(e.total).toBe('0.00')
    expect(e.lines).toHaveLength(1)
  })
})

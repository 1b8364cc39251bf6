import { describe, expect, it } from 'vitest'
import { blankAnswers, expectedOldParts, explain, hasWarrantyWork, notOk, reworkCheck, variance, type Line } from './delivery'
import { awaitingWash, nextCheck } from './quality'

const line = (over: Partial<Line>): Line => ({
  kind: 'labour', job_id: 'j1', op_code: 'BRK-01', description: '刹车片', part_no: null, hours: '1.50', qty: null,
  unit_price: '300.00', amount: '450.00', charged_to: 'customer', customer_amount: '450.00', ...over,
})

describe('settlement explained', () => {
  it('says warranty and internal items are free and shows a discount', () => {
    const [paid, warranty, internal, discounted] = explain([
      line({}), line({ charged_to: 'warranty', customer_amount: '0.00' }),
      line({ charged_to: 'internal', customer_amount: '0.00' }), line({ customer_amount: '405.00' }),
    ])
    expect([paid.free, paid.discount]).toEqual([false, null])
    expect(warranty.free && internal.free).toBe(true)
    expect(discounted.discount).toBe('45.00')
  })
  it('compares the invoice with the signed estimate', () => {
    expect(variance('480.00', '530.50')).toBe('50.50')
    expect(variance(null, '530.50')).toBeNull()
  })
})

describe('checks, washing and handover', () => {
  const jobs = [{ status: 'finished', pay_type: 'warranty' }] as never
  it('waits for washing before the advisor check', () => {
    const passed = { status: 'qc_passed', qc_stage: 'final', jobs, ready_at: null } as never
    expect(nextCheck(passed)).toBeNull()
    expect(awaitingWash(passed)).toBe(true)
    const ready = { status: 'qc_passed', qc_stage: 'final', jobs, ready_at: '2026-12-01T10:00:00+08:00' } as never
    expect(nextCheck(ready)).toBe('pre_delivery')
    expect(awaitingWash(ready)).toBe(false)
  })
  it('starts every checklist point OK and lists the ones not OK', () => {
    const answers = blankAnswers([{ code: 'brakes', name: '制动', name_en: 'Brakes' }, { code: 'lights', name: '灯光', name_en: 'Lights' }])
    answers[1].ok = false
    expect(notOk(answers)).toEqual(['lights'])
  })
  it('names the failed check behind a rework, warranty work and the old-parts handling', () => {
    const failed = { level: 'foreman', passed: false } as never
    expect(reworkCheck({ status: 'qc_failed', qc_checks: [failed] } as never)).toBe(failed)
    expect(reworkCheck({ status: 'in_progress', qc_checks: [failed] } as never)).toBeNull()
    expect(hasWarrantyWork({ jobs } as never)).toBe(true)
    expect([expectedOldParts('keep'), expectedOldParts('dispose'), expectedOldParts(null)]).toEqual(['handed_over', 'disposed', null])
  })
})

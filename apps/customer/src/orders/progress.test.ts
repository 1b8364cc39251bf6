import { describe, expect, it } from 'vitest'
import { active, needsSignature, pendingAdditional, stageIndex } from './progress'
import type { Job, OrderSummary } from '../api/types'

const job = (status: Job['status']) => ({ id: status, status }) as Job

describe('progress', () => {
  it('orders the stages the customer follows', () => {
    expect(stageIndex('received')).toBe(0)
    expect(stageIndex('quality_check')).toBe(2)
    expect(stageIndex('delivered')).toBe(4)
  })
  it('asks for a signature only on an open order with jobs', () => {
    expect(needsSignature({ status: 'opened', jobs: [job('estimated')] })).toBe(true)
    expect(needsSignature({ status: 'opened', jobs: [] })).toBe(false)
    expect(needsSignature({ status: 'authorized', jobs: [job('approved')] })).toBe(false)
  })
  it('lists additional work awaiting the customer', () => {
    expect(pendingAdditional([job('approved'), job('pending_approval')]).map((j) => j.id))
      .toEqual(['pending_approval'])
  })
  it('follows only cars still in the workshop', () => {
    const o = (status: OrderSummary['status']) => ({ status }) as OrderSummary
    expect(active([o('delivered'), o('in_progress'), o('cancelled')]).map((x) => x.status)).toEqual(['in_progress'])
  })
})

import { describe, expect, it } from 'vitest'
import { nextDays } from './days'

describe('nextDays', () => {
  it('gives local dates across a month end', () => {
    expect(nextDays(new Date(2026, 10, 29, 23, 30), 3)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01'])
  })
})

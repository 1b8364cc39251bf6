import { describe, expect, it } from 'vitest'
import { clockedHours, loadPercent, loadStatus, reserveLine } from './load'

describe('dispatch load display', () => {
  it('draws the load against the reserve', () => {
    expect(loadPercent({ load: '0.75' })).toBe(75)
    expect(loadStatus({ load: '0.85' }, 10)).toBe('success')
    expect(loadStatus({ load: '0.95' }, 10)).toBe('warning')
    expect(loadStatus({ load: '1.2' }, 10)).toBe('exception')
    expect(reserveLine(10)).toBe(90)
  })
  it('adds clocked time, an open line up to now', () => {
    const lines = [
      { started_at: '2026-12-01T09:00:00+08:00', ended_at: '2026-12-01T09:30:00+08:00' },
      { started_at: '2026-12-01T10:00:00+08:00', ended_at: null },
    ]
    expect(clockedHours(lines, new Date('2026-12-01T10:45:00+08:00'))).toBe('1.25')
  })
})

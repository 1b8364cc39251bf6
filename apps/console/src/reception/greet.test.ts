import { describe, expect, it } from 'vitest'
import { waited } from './greet'

describe('the greeting timer', () => {
  const arrived = '2026-12-01T09:00:00+08:00'
  it('counts minutes and seconds since arrival', () => {
    expect(waited(arrived, Date.parse('2026-12-01T09:05:07+08:00'))).toEqual({ minutes: 5, text: '05:07' })
    expect(waited(arrived, Date.parse('2026-12-01T10:01:02+08:00'))).toEqual({ minutes: 61, text: '1:01:02' })
  })
  it('shows nothing without an arrival time and never counts backwards', () => {
    expect(waited(null, 0).text).toBe('—')
    expect(waited(arrived, Date.parse('2026-12-01T08:00:00+08:00')).minutes).toBe(0)
  })
})

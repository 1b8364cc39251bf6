import { describe, expect, it } from 'vitest'
import { fromFen, percent, toFen } from './estimate'

describe('exact money on screen (the API prices the estimate)', () => {
  it('adds decimals without floats and rounds half up', () => {
    expect(fromFen(toFen('0.1') + toFen('0.2'))).toBe('0.30')
    expect(fromFen(toFen('64.415'))).toBe('64.42')
    expect(fromFen(toFen('1157.12') - toFen('818.12'))).toBe('339.00')
    expect(fromFen(toFen('-5.5'))).toBe('-5.50')
  })
  it('shows a VAT rate as a percentage', () => {
    expect(percent('0.13')).toBe('13%')
    expect(percent('0.065')).toBe('6.5%')
    expect(percent('0')).toBe('0%')
  })
})

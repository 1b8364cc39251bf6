import { describe, expect, it } from 'vitest'
import { homeFor, menuFor } from './roles'

describe('role homes', () => {
  it('sends each role to its own first screen', () => {
    expect(homeFor(['service_advisor'])).toBe('/advisor')
    expect(homeFor(['foreman'])).toBe('/board')
    expect(homeFor(['technician'])).toBe('/my-jobs')
    expect(homeFor(['qc_inspector'])).toBe('/qc')
    expect(homeFor(['parts_clerk'])).toBe('/parts')
    expect(homeFor(['cashier'])).toBe('/cashier')
    expect(homeFor(['callback_agent'])).toBe('/callbacks')
    expect(homeFor(['manager'])).toBe('/reports/csi')
    expect(homeFor(['customer'])).toBe('/m/')
  })
  it('shows a cashier the cashier’s menu, and an admin everything', () => {
    expect(menuFor(['cashier']).map((m) => m.path)).toEqual(['/orders', '/cashier', '/gate']) // the gate checks passes
    expect(menuFor(['admin']).length).toBeGreaterThan(10)
  })
})

import { describe, expect, it } from 'vitest'
import { pointOf, zoneAt } from './diagram'

describe('the car diagram', () => {
  it('finds the panels of a top view, front up', () => {
    expect(zoneAt(0.5, 0.03)).toBe('front')
    expect(zoneAt(0.5, 0.2)).toBe('hood')
    expect(zoneAt(0.5, 0.5)).toBe('roof')
    expect(zoneAt(0.5, 0.8)).toBe('trunk_lid')
    expect(zoneAt(0.5, 0.97)).toBe('rear')
    expect(zoneAt(0.15, 0.4)).toBe('left_front_door')
    expect(zoneAt(0.85, 0.6)).toBe('right_rear_door')
    expect(zoneAt(0.1, 0.2)).toBe('wheel')
    expect(zoneAt(0.04, 0.3)).toBe('left_mirror')
  })
  it('turns a click into 0..1 coordinates', () => {
    expect(pointOf({ left: 10, top: 20, width: 200, height: 400 }, 110, 220)).toEqual({ x: 0.5, y: 0.5 })
    expect(pointOf({ left: 0, top: 0, width: 100, height: 100 }, 150, -5)).toEqual({ x: 1, y: 0 })
  })
})

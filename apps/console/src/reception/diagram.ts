// The car diagram (top view, front up) of the walk-around: where a click lands, in the API's zones.
import type { Zone } from './types'

export const VIEW = { width: 200, height: 400 }

/** The zone under a point of the diagram, x and y in 0..1 (0,0 = front left corner). */
export function zoneAt(x: number, y: number): Zone {
  const side = x < 0.2 ? 'left' : x > 0.8 ? 'right' : null
  const outer = x < 0.14 || x > 0.86
  if (outer && ((y >= 0.14 && y <= 0.24) || (y >= 0.74 && y <= 0.84))) return 'wheel'
  if ((x < 0.08 || x > 0.92) && y >= 0.27 && y <= 0.33) return x < 0.5 ? 'left_mirror' : 'right_mirror'
  if (y < 0.08) return 'front'
  if (y >= 0.92) return 'rear'
  if (side) {
    if (y < 0.28) return `${side}_front_fender` as Zone
    if (y < 0.5) return `${side}_front_door` as Zone
    if (y < 0.72) return `${side}_rear_door` as Zone
    return `${side}_rear_fender` as Zone
  }
  if (y < 0.28) return 'hood'
  if (y < 0.36) return 'windshield'
  if (y < 0.66) return 'roof'
  if (y < 0.74) return 'rear_window'
  return 'trunk_lid'
}

/** A click on the SVG in client pixels -> a point on the diagram, rounded to 3 places. */
export function pointOf(rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): { x: number; y: number } {
  const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000))
  return { x: clamp((clientX - rect.left) / rect.width), y: clamp((clientY - rect.top) / rect.height) }
}

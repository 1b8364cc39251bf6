import type { Slot } from '../api/types'

export interface OfferedSlot extends Slot {
  load: number // 0..100: how busy the hour is compared with the quietest hour of the day
  quiet: boolean
}

/** Slots with free places, quiet hours first (错峰), then by time; full slots are left out. */
export function offerSlots(slots: Slot[], now = new Date()): OfferedSlot[] {
  const open = slots.filter((s) => s.free > 0 && new Date(s.start) > now)
  const most = Math.max(1, ...slots.map((s) => s.free))
  return open
    .map((s) => ({ ...s, load: Math.round(100 * (1 - s.free / most)), quiet: s.free === most }))
    .sort((a, b) => b.free - a.free || a.start.localeCompare(b.start))
}

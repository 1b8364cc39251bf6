import type { BoardCard, Colour } from '../api/types'

/** domain.md's board: red = waiting, yellow = in repair, green = nearly done (workshop picks the colour). */
export const COLUMNS: { colour: Colour; label: string; css: string }[] = [
  { colour: 'red', label: 'board.waiting', css: 'card-red' },
  { colour: 'yellow', label: 'board.inRepair', css: 'card-yellow' },
  { colour: 'green', label: 'board.nearlyDone', css: 'card-green' },
]

export function columnOf(colour: Colour) {
  return COLUMNS.find((c) => c.colour === colour) ?? COLUMNS[0]!
}

/**
 * Late: the order was opened on an earlier local day than the board's and is still not through
 * the final check (the API has no promised time yet, so carry-over is the signal).
 */
export function isLate(card: Pick<BoardCard, 'created_at' | 'status'>, boardDay: string, timeZone = 'Asia/Shanghai'): boolean {
  if (['qc_passed', 'delivered', 'cancelled'].includes(card.status)) return false
  const opened = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(card.created_at))
  return opened < boardDay
}

export function byColumn(cards: BoardCard[]): Record<Colour, BoardCard[]> {
  const out: Record<Colour, BoardCard[]> = { red: [], yellow: [], green: [] }
  for (const c of cards) out[columnOf(c.colour).colour].push(c)
  return out
}

/** Display helpers of the dispatch screen (the API computes load and suggestions; these only draw). */

export interface Loaded { load: string }

/** Load as a whole percentage (held / available hours). */
export function loadPercent(l: Loaded): number {
  return Math.round(Number(l.load) * 100)
}

/** The bar's colour: green inside the usable capacity, amber into the reserve, red when over. */
export function loadStatus(l: Loaded, reservePct: number): 'success' | 'warning' | 'exception' {
  const pct = loadPercent(l)
  if (pct > 100) return 'exception'
  return pct > 100 - reservePct ? 'warning' : 'success'
}

/** Where the reserve begins on a 0–100 bar. */
export function reserveLine(reservePct: number): number {
  return Math.max(0, Math.min(100, 100 - reservePct))
}

/** Seconds clocked on lines (an open line counts up to `now`), as hours with two places. */
export function clockedHours(lines: { started_at: string; ended_at?: string | null }[], now: Date = new Date()): string {
  const ms = lines.reduce((sum, l) => sum + Math.max(0, (l.ended_at ? Date.parse(l.ended_at) : now.getTime()) - Date.parse(l.started_at)), 0)
  return (ms / 3_600_000).toFixed(2)
}

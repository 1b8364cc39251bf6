// The greeting timer: how long the customer has waited since arrival (mm:ss, then h:mm:ss).

export function waited(arrivedAt: string | null, now: number): { minutes: number; text: string } {
  if (!arrivedAt) return { minutes: 0, text: '—' }
  const seconds = Math.max(0, Math.floor((now - Date.parse(arrivedAt)) / 1000))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return { minutes: Math.floor(seconds / 60), text: h ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}` }
}

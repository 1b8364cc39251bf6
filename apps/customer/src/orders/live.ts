/**
 * Follows one order live: server-sent events from `/api/workshop/orders/{id}/events`, and
 * polling of the plain GET when the stream fails (no EventSource, a proxy that buffers, a
 * dropped connection). EventSource cannot send headers, so the token goes in `access_token`
 * (accepted by the stream endpoints only).
 */
export interface EventSourceLike {
  onerror: ((ev: unknown) => void) | null
  addEventListener(type: string, listener: (ev: { data: string }) => void): void
  close(): void
}

export interface FollowOptions<T> {
  url: string
  token: string
  event: string
  poll: () => Promise<T>
  onUpdate: (value: T, via: 'live' | 'poll') => void
  open?: (url: string) => EventSourceLike
  pollMs?: number
}

export interface Follower {
  mode: () => 'live' | 'poll' | 'stopped'
  stop: () => void
}

export function streamUrl(url: string, token: string): string {
  const sep = url.includes('?') ? '&' : '?'
  return `${url}${sep}access_token=${encodeURIComponent(token)}`
}

export function follow<T>(opts: FollowOptions<T>): Follower {
  const pollMs = opts.pollMs ?? 5000
  let mode: 'live' | 'poll' | 'stopped' = 'live'
  let timer: ReturnType<typeof setInterval> | null = null
  let source: EventSourceLike | null = null

  const startPolling = () => {
    if (mode === 'stopped' || timer) return
    mode = 'poll'
    const tick = () => opts.poll().then((v) => opts.onUpdate(v, 'poll')).catch(() => undefined)
    void tick()
    timer = setInterval(tick, pollMs)
  }

  const open = opts.open ?? (typeof EventSource === 'undefined'
    ? null : (u: string) => new EventSource(u) as unknown as EventSourceLike)
  if (!open) {
    startPolling()
  } else {
    source = open(streamUrl(opts.url, opts.token))
    source.addEventListener(opts.event, (ev) => opts.onUpdate(JSON.parse(ev.data) as T, 'live'))
    source.addEventListener('end', () => { source?.close(); startPolling() })
    source.onerror = () => { source?.close(); startPolling() }
  }
  return {
    mode: () => mode,
    stop: () => {
      mode = 'stopped'
      source?.close()
      if (timer) clearInterval(timer)
    },
  }
}

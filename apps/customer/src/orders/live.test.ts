import { describe, expect, it, vi } from 'vitest'
import { follow, streamUrl, type EventSourceLike } from './live'

class FakeSource implements EventSourceLike {
  onerror: ((ev: unknown) => void) | null = null
  listeners: Record<string, (ev: { data: string }) => void> = {}
  closed = false
  constructor(public url: string) {}
  addEventListener(type: string, l: (ev: { data: string }) => void) { this.listeners[type] = l }
  close() { this.closed = true }
}

describe('follow', () => {
  it('puts the token in the query and delivers stream frames', () => {
    let src: FakeSource | null = null
    const seen: unknown[] = []
    follow({ url: '/api/workshop/orders/o1/events', token: 'a.b.c', event: 'order',
      poll: async () => ({}), onUpdate: (v, via) => seen.push([v, via]),
      open: (u) => (src = new FakeSource(u)) })
    expect(src!.url).toBe('/api/workshop/orders/o1/events?access_token=a.b.c')
    src!.listeners.order({ data: '{"progress":"ready"}' })
    expect(seen).toEqual([[{ progress: 'ready' }, 'live']])
  })
  it('falls back to polling when the stream fails', async () => {
    vi.useFakeTimers()
    let src: FakeSource | null = null
    const poll = vi.fn(async () => ({ progress: 'in_repair' }))
    const f = follow({ url: '/x', token: 't', event: 'order', poll, onUpdate: () => undefined,
      open: (u) => (src = new FakeSource(u)), pollMs: 1000 })
    src!.onerror?.({})
    expect(src!.closed).toBe(true)
    expect(f.mode()).toBe('poll')
    await vi.advanceTimersByTimeAsync(2500)
    expect(poll).toHaveBeenCalledTimes(3)
    f.stop()
    vi.useRealTimers()
  })
  it('builds the url with an existing query', () => {
    expect(streamUrl('/b?dealer_id=d', 'x y')).toBe('/b?dealer_id=d&access_token=x%20y')
  })
})

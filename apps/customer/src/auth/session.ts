import { reactive } from 'vue'

/** The signed-in car owner, read from the token's claims (the API enforces every scope). */
export interface Session {
  token: string
  username: string
  customerId: string
  expiresAt: number
}

const KEY = 'aftersales.customer.session'

export const session = reactive<{ current: Session | null }>({ current: load() })

function load(): Session | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)
    const s = raw ? (JSON.parse(raw) as Session) : null
    return s && s.expiresAt * 1000 > Date.now() ? s : null
  } catch {
    return null
  }
}

/** Decodes a JWT's payload (base64url, UTF-8); verifying it is the API's business. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? ''
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
}

/** The session of a customer token; null for a staff token (this app is for car owners). */
export function sessionFromToken(token: string): Session | null {
  const c = claimsOf(token)
  const roles = Array.isArray(c.roles) ? (c.roles as string[]) : []
  if (!roles.includes('customer') || typeof c.customer_id !== 'string') return null
  return { token, username: String(c.sub ?? ''), customerId: c.customer_id, expiresAt: Number(c.exp ?? 0) }
}

export async function login(username: string, password: string): Promise<Session | null> {
  const body = new URLSearchParams({ username, password })
  const r = await fetch('/api/auth/token', { method: 'POST', body })
  if (!r.ok) throw new Error(String(r.status))
  const s = sessionFromToken(((await r.json()) as { access_token: string }).access_token)
  if (s) {
    session.current = s
    localStorage.setItem(KEY, JSON.stringify(s))
  }
  return s
}

export function logout(): void {
  session.current = null
  localStorage.removeItem(KEY)
}

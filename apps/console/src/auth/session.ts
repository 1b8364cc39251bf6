import { reactive } from 'vue'

/** The signed-in staff member, read from the token's claims (the API enforces every role). */
export interface Session {
  token: string
  username: string
  roles: string[]
  dealerIds: string[]
  expiresAt: number
}

const KEY = 'aftersales.console.session'

export const session = reactive<{ current: Session | null }>({ current: load() })

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    const s = raw ? (JSON.parse(raw) as Session) : null
    return s && s.expiresAt * 1000 > Date.now() ? s : null
  } catch {
    return null
  }
}

/** Decodes a JWT's payload (base64url, UTF-8); the signature is the API's business. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? ''
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
}

export function sessionFromToken(token: string): Session {
  const c = claimsOf(token)
  return {
    token,
    username: String(c.sub ?? ''),
    roles: Array.isArray(c.roles) ? (c.roles as string[]) : [],
    dealerIds: Array.isArray(c.dealer_ids) ? (c.dealer_ids as string[]) : [],
    expiresAt: Number(c.exp ?? 0),
  }
}

/** Logs in against the issuer (`POST /api/auth/token`, OAuth2 password form). */
export async function login(username: string, password: string, lang: string): Promise<Session> {
  const body = new URLSearchParams({ username, password })
  const r = await fetch('/api/auth/token', { method: 'POST', body, headers: { 'Accept-Language': lang } })
  if (!r.ok) throw new Error(String(r.status))
  const { access_token } = (await r.json()) as { access_token: string }
  const s = sessionFromToken(access_token)
  session.current = s
  sessionStorage.setItem(KEY, JSON.stringify(s))
  return s
}

export function logout(): void {
  session.current = null
  sessionStorage.removeItem(KEY)
}

export function hasRole(...roles: string[]): boolean {
  const mine = session.current?.roles ?? []
  return mine.includes('admin') || roles.some((r) => mine.includes(r))
}

/** The dealer the console works for: the first of the token's dealers. */
export function dealerId(): string {
  return session.current?.dealerIds[0] ?? ''
}

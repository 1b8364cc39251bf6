import createClient, { type Middleware } from 'openapi-fetch'
import { ElMessage } from 'element-plus'
import type { paths as Booking } from '@api-schema/booking'
import type { paths as Workshop } from '@api-schema/workshop'
import type { paths as Parts } from '@api-schema/parts'
import type { paths as Billing } from '@api-schema/billing'
import type { paths as Crm } from '@api-schema/crm'
import { logout, session } from '../auth/session'
import { i18n } from '../i18n'
import { router } from '../router'

/** An RFC 9457 problem the API answered with. */
export class ApiError extends Error {
  constructor(public status: number, public problem: { title?: string; detail?: string; code?: string }) {
    super(problem.detail ?? problem.title ?? String(status))
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.current?.token
    if (token) request.headers.set('Authorization', `Bearer ${token}`)
    request.headers.set('Accept-Language', i18n.global.locale.value)
    return request
  },
  onResponse({ response }) {
    if (response.status === 401) {
      logout()
      void router.push({ name: 'login' })
    }
    return response
  },
}

const baseUrl = typeof location === 'undefined' ? 'http://localhost' : location.origin
function client<P extends object>() {
  const c = createClient<P>({ baseUrl })
  c.use(auth)
  return c
}

export const booking = client<Booking>()
export const workshop = client<Workshop>()
export const parts = client<Parts>()
export const billing = client<Billing>()
export const crm = client<Crm>()

/** Unwraps an openapi-fetch result: the data, or an ApiError (shown to the user unless `quiet`). */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  opts: { quiet?: boolean } = {},
): Promise<T> {
  const { data, error, response } = await call
  if (response.ok) return data as T
  const problem = (error ?? {}) as { title?: string; detail?: string; code?: string }
  const err = new ApiError(response.status, problem)
  if (!opts.quiet && response.status !== 401) ElMessage.error({ message: err.message, duration: 5000 })
  throw err
}

/** A fresh Idempotency-Key for one submission of a form that creates or moves money or stock. */
export function idempotencyKey(): string {
  return crypto.randomUUID()
}

/** Polls `probe` until it returns something (events arrive eventually), or gives up. */
export async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T | null> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const v = await probe()
    if (v) return v
    await new Promise((r) => setTimeout(r, 400))
  }
  return null
}

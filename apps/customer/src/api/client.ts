import createClient, { type Middleware } from 'openapi-fetch'
import { showFailToast } from 'vant'
import type { paths as Booking } from '@api-schema/booking'
import type { paths as Workshop } from '@api-schema/workshop'
import type { paths as Billing } from '@api-schema/billing'
import type { paths as Crm } from '@api-schema/crm'
import { logout, session } from '../auth/session'
import { i18n } from '../i18n'

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
      location.hash = '#/login'
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
export const billing = client<Billing>()
export const crm = client<Crm>()

/** Unwraps an openapi-fetch result: the data, or an ApiError (shown as a toast unless `quiet`). */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  opts: { quiet?: boolean } = {},
): Promise<T> {
  const { data, error, response } = await call
  if (response.ok) return data as T
  const err = new ApiError(response.status, (error ?? {}) as { title?: string; detail?: string })
  if (!opts.quiet && response.status !== 401) showFailToast({ message: err.message, duration: 4000 })
  throw err
}

/** A fresh Idempotency-Key for one submission that creates something or moves money. */
export function idempotencyKey(): string {
  return crypto.randomUUID()
}

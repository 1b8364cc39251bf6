/**
 * The customer's side on a phone (the mobile web at /m/): book, approve the estimate with a
 * signature, follow the car live, pay online (sandbox), rate the visit. The staff's part of the
 * same visit runs through the API (`staffApi`), so these steps can also follow the console's
 * golden path for a customer who has a login (demo customer zhang).
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test'
import { drawSignature } from './ui'

export const PHONE = { width: 390, height: 844 } // iPhone 12-ish: what the mobile web is made for

export interface PhoneVisit {
  username: string
  appointmentId?: string
  orderId?: string
}

const by = (page: Page, name: string) => page.locator(`[data-test="${name}"]`)

/** A staff member's bearer token, from the development issuer. */
async function token(request: APIRequestContext, username: string): Promise<string> {
  const r = await request.post('/api/auth/token', { form: { username, password: 'demo1234' } })
  expect(r.ok()).toBeTruthy()
  return ((await r.json()) as { access_token: string }).access_token
}

/** Staff calls by HTTP (the console's own steps cover the screens). */
export async function staffApi(request: APIRequestContext, username: string, method: 'GET' | 'POST',
  path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers = { Authorization: `Bearer ${await token(request, username)}` }
  const r = method === 'GET' ? await request.get(path, { headers })
    : await request.post(path, { headers, data: body ?? {} })
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBeTruthy()
  return r.json()
}

export async function phoneLogin(page: Page, v: PhoneVisit, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  await page.setViewportSize(PHONE)
  await page.goto('/m/#/login')
  if (lang === 'en') await page.getByText('English', { exact: true }).click()
  await page.locator('[data-test="username"] input').fill(v.username)
  await page.locator('[data-test="password"] input').fill('demo1234')
  await by(page, 'login').click()
  await expect(by(page, 'tabbar')).toBeVisible()
}

/** The customer books tomorrow's first free slot for their car from the phone. */
export async function bookOnPhone(page: Page, v: PhoneVisit, request: APIRequestContext): Promise<void> {
  await page.goto('/m/#/book')
  const slot = by(page, 'slot').and(page.locator(':not([disabled])')).first()
  await expect(slot).toBeVisible()
  await slot.click()
  await by(page, 'book').click()
  await expect(by(page, 'tabbar')).toBeVisible()
  await expect(page).toHaveURL(/#\/$/)
  const list = await staffApi(request, 'advisor', 'GET', '/api/booking/appointments?limit=200&status=booked')
  const mine = (list.items as { id: string; created_at: string; channel: string }[])
    .filter((a) => a.channel === 'app').sort((a, b) => a.created_at.localeCompare(b.created_at))
  v.appointmentId = mine.at(-1)!.id
}

/** The advisor checks the car in and writes one job on the estimate (by API). */
export async function receiveByStaff(request: APIRequestContext, v: PhoneVisit): Promise<void> {
  await staffApi(request, 'advisor', 'POST', `/api/booking/appointments/${v.appointmentId}/check-in`)
  await expect(async () => {
    const r = await staffApi(request, 'advisor', 'GET', `/api/workshop/orders?appointment_id=${v.appointmentId}`)
    expect(r.items.length).toBe(1)
    v.orderId = r.items[0].id
  }).toPass({ timeout: 20_000 })
  await staffApi(request, 'advisor', 'POST', `/api/workshop/orders/${v.orderId}/inspection`,
    { odometer_km: 23456, fuel_level: 50, notes: '' })
  await staffApi(request, 'advisor', 'POST', `/api/workshop/orders/${v.orderId}/jobs`,
    { op_code: 'MNT-10K', description: '10000公里保养 10,000 km service', labor_hours: '1.2', pay_type: 'customer', parts: [] })
}

/**
 * On the phone: the order shows up as received (opened from the approval link the advisor sent,
 * when given); the customer signs the estimate on screen.
 */
export async function approveEstimateWithSignature(page: Page, v: PhoneVisit, link?: string): Promise<void> {
  await page.goto(link ?? `/m/#/orders/${v.orderId}`)
  await expect(page).toHaveURL(new RegExp(`#/orders/${v.orderId}$`))
  // A link opened on a page that is already up only changes the hash: the home page, with a
  // card (and its progress) per open order, stays until the order page has loaded.
  await expect(by(page, 'active-order')).toHaveCount(0)
  await expect(by(page, 'progress')).toHaveAttribute('data-progress', 'received')
  await expect(by(page, 'job')).toHaveCount(1)
  await by(page, 'sign-estimate').click()
  const pad = by(page, 'signature-pad')
  await expect(pad).toBeVisible()
  await page.waitForTimeout(400) // the popup's slide-in: the pad is sized once it has landed
  await drawSignature(pad)
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS_DIR ?? '.'}/customer-signature.png` })
  await by(page, 'confirm-signature').click()
  await expect(by(page, 'sign-estimate')).toHaveCount(0)
  await expect(by(page, 'progress')).toHaveAttribute('data-progress', 'in_repair')
}

/** The workshop works while the phone stays on the order: the stages arrive without a reload. */
export async function followProgressLive(page: Page, request: APIRequestContext, v: PhoneVisit): Promise<void> {
  await expect(by(page, 'live-mode')).toHaveText(/实时|Live/)
  const order = await staffApi(request, 'advisor', 'GET', `/api/workshop/orders/${v.orderId}`)
  const jobId = order.jobs[0].id as string
  await staffApi(request, 'tech', 'POST', `/api/workshop/jobs/${jobId}/start`)
  await staffApi(request, 'tech', 'POST', `/api/workshop/jobs/${jobId}/finish`, {})
  await expect(by(page, 'progress')).toHaveAttribute('data-progress', 'quality_check')
  for (const [who, level] of [['tech', 'self'], ['foreman', 'foreman'], ['qc', 'final']]) {
    await staffApi(request, who, 'POST', `/api/workshop/orders/${v.orderId}/qc`, { passed: true, level, notes: '' })
  }
  await expect(by(page, 'progress')).toHaveAttribute('data-progress', 'quality_check') // not ready before washing
  await staffApi(request, 'tech', 'POST', `/api/workshop/orders/${v.orderId}/wash`, {})
  await expect(by(page, 'progress')).toHaveAttribute('data-progress', 'ready')
  await expect(by(page, 'live-mode')).toHaveText(/实时|Live/) // never fell back to polling
}

/** The phone stayed on the order while the workshop worked: it shows the car ready, live. */
export async function seesReady(page: Page): Promise<void> {
  await expect(by(page, 'progress')).toHaveAttribute('data-progress', 'ready', { timeout: 20_000 })
  await expect(by(page, 'live-mode')).toHaveText(/实时|Live/)
}

/** The bill arrives (billing builds it from the QC pass); the customer pays it online. */
export async function payOnline(page: Page): Promise<void> {
  await expect(by(page, 'go-invoice')).toBeVisible({ timeout: 20_000 })
  await by(page, 'go-invoice').click()
  await expect(by(page, 'invoice')).toHaveAttribute('data-status', 'issued')
  await by(page, 'pay-online').click()
  await page.locator('.van-dialog__confirm').click()
  await expect(by(page, 'paid')).toBeVisible()
  await expect(by(page, 'invoice')).toHaveAttribute('data-status', 'paid')
  await expect(by(page, 'balance-due')).toContainText('0.00')
}

/** The advisor's check before delivery and the delivery itself (by API). */
export async function deliverByStaff(request: APIRequestContext, v: PhoneVisit): Promise<void> {
  await staffApi(request, 'advisor', 'POST', `/api/workshop/orders/${v.orderId}/qc`,
    { passed: true, level: 'pre_delivery', notes: '' })
  await expect(async () => {
    const o = await staffApi(request, 'advisor', 'GET', `/api/workshop/orders/${v.orderId}`)
    expect(o.paid).toBe(true)
  }).toPass({ timeout: 20_000 })
  await staffApi(request, 'advisor', 'POST', `/api/workshop/orders/${v.orderId}/deliver`, {})
}

/**
 * The visit waits to be rated on the phone; the customer gives stars and a word. With the order's
 * number, the customer finds that visit in the list and taps it (as a customer would).
 */
export async function rateVisit(page: Page, v: PhoneVisit, orderNo?: string): Promise<void> {
  if (orderNo) {
    const visit = by(page, 'visit').filter({ hasText: orderNo })
    await expect(async () => { // crm opens the visit when it hears of the delivery (eventually)
      await page.goto('/m/#/visits')
      await page.reload()
      await expect(visit).toBeVisible({ timeout: 1500 })
    }).toPass({ timeout: 30_000 })
    await visit.click()
    await expect(page).toHaveURL(new RegExp(`#/visits/${v.orderId}/rate$`))
    await expect(by(page, 'survey')).toBeVisible()
    await page.locator('[data-area="cost"] .van-rate__item').nth(3).click()
    await page.locator('[data-test="survey"] textarea').fill('服务很好 great service')
    await by(page, 'submit-rating').click()
    await expect(page).toHaveURL(/#\/visits$/)
    await expect(visit).toContainText(/满意度|Score/)
    return
  }
  await expect(async () => { // crm opens the visit when it hears of the delivery (eventually)
    await page.goto('/m/#/visits')
    await page.reload()
    await expect(by(page, 'visit').first()).toBeVisible({ timeout: 1500 })
  }).toPass({ timeout: 30_000 })
  await page.goto(`/m/#/visits/${v.orderId}/rate`)
  await expect(by(page, 'survey')).toBeVisible()
  await page.locator('[data-area="cost"] .van-rate__item').nth(3).click() // four stars for cost
  await page.locator('[data-test="survey"] textarea').fill('服务很好 great service')
  await by(page, 'submit-rating').click()
  await expect(page).toHaveURL(/#\/visits$/)
  await expect(by(page, 'visit').first()).toContainText(/满意度|Score/)
}

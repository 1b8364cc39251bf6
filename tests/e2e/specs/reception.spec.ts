import { expect, test, type APIRequestContext } from '@playwright/test'
import * as staff from '../steps/staff'
import { phoneLogin, staffApi } from '../steps/customer'
import { byTest, field } from '../steps/ui'
import type { Lang } from '../steps/words'

/**
 * Reception on screen (接车): a car with a history comes back. Two earlier visits (by API) had the
 * front brake pads replaced — a safety-related fault repaired twice, so the manager has a 三包
 * alert — and on the last one the customer deferred a dent repair. Today the advisor opens the
 * order (greeting the customer), sees the comeback banner (same brakes within 10 days: free),
 * marks a scratch on the car diagram, writes down the customer's words, picks payment and
 * old-parts handling, and adds the deferred dent repair to today's estimate. The manager then
 * sees the alert.
 */
const DEALER = 'd0000000-0000-4000-8000-000000000001'
const SHOTS = process.env.E2E_SCREENSHOTS_DIR ?? '/tmp'
const W = '/api/workshop'

const TEXT = {
  'zh-CN': { words: '踩刹车时前轮吱吱响，跟上次修之前一样', comeback: '质量保证期内返修', deferred: '以往来访暂缓的项目', alert: '同一安全性能故障修理 2 次', saved: '接车信息已保存' },
  en: { words: 'The front wheels squeal when I brake, same as before the last repair', comeback: 'Comeback within the repair guarantee period', deferred: 'Deferred on earlier visits', alert: 'Same safety fault repaired twice', saved: 'Reception saved' },
} as const

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

async function until<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 240; i++) {
    const found = await probe()
    if (found) return found
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function raw(request: APIRequestContext, username: string, path: string, body: unknown): Promise<{ status: number; json: Json }> {
  const t = await request.post('/api/auth/token', { form: { username, password: 'demo1234' } })
  const token = ((await t.json()) as { access_token: string }).access_token
  const r = await request.post(path, { headers: { Authorization: `Bearer ${token}` }, data: body })
  return { status: r.status(), json: await r.json() }
}

async function walkIn(request: APIRequestContext, customerId: string, vehicleId: string, concern: string): Promise<Json> {
  return until(async () => {
    const r = await raw(request, 'advisor', `${W}/orders`, { dealer_id: DEALER, customer_id: customerId, vehicle_id: vehicleId, concern, service_type: 'repair' })
    return r.status === 201 ? r.json : null
  }, 'workshop to know the customer and vehicle')
}

/** An earlier visit from reception to delivery, by API: the brake pads, and optionally more work. */
async function earlierVisit(request: APIRequestContext, customerId: string, vehicleId: string, km: number, defer?: { op: string; text: string; reason: string }): Promise<void> {
  const order = await walkIn(request, customerId, vehicleId, '刹车异响 brake squeal')
  const oid = order.id
  await staffApi(request, 'advisor', 'POST', `${W}/orders/${oid}/inspection`, { odometer_km: km, fuel_level: 50 })
  const job = await staffApi(request, 'advisor', 'POST', `${W}/orders/${oid}/jobs`, { op_code: 'BRK-PAD-F', description: '更换前刹车片 front brake pads', labor_hours: '1', pay_type: 'customer', parts: [] })
  if (defer) {
    const later = await staffApi(request, 'advisor', 'POST', `${W}/orders/${oid}/jobs`, { op_code: defer.op, description: defer.text, labor_hours: '3', pay_type: 'customer', parts: [] })
    await staffApi(request, 'advisor', 'POST', `${W}/jobs/${later.id}/defer`, { kind: 'deferred', reason: defer.reason })
  }
  await staffApi(request, 'advisor', 'POST', `${W}/orders/${oid}/authorize`, { signed_by: '客户' })
  await staffApi(request, 'tech', 'POST', `${W}/jobs/${job.id}/start`)
  await staffApi(request, 'tech', 'POST', `${W}/jobs/${job.id}/finish`, {})
  for (const [level, who] of [['self', 'tech'], ['foreman', 'foreman'], ['final', 'qc']]) {
    await staffApi(request, who, 'POST', `${W}/orders/${oid}/qc`, { passed: true, level })
  }
  await staffApi(request, 'tech', 'POST', `${W}/orders/${oid}/wash`, { washed: true })
  let seen: Json[] = []
  const invoice = await until(async () => {
    seen = (await staffApi(request, 'cashier', 'GET', `/api/billing/invoices?order_id=${oid}`)).items as Json[]
    return seen.find((i) => i.status === 'issued' || i.status === 'paid')
  }, 'the invoice').catch((e) => { throw new Error(`${e} — invoices: ${JSON.stringify(seen)}`) })
  // a free comeback (the second brake repair within 10 days) is settled at 0.00 already
  if (invoice.status === 'issued') await staffApi(request, 'cashier', 'POST', `/api/billing/invoices/${invoice.id}/payments`, { amount: invoice.total, method: 'wechat' })
  await until(async () => (await staffApi(request, 'advisor', 'GET', `${W}/orders/${oid}`)).paid, 'workshop to see it paid')
  await staffApi(request, 'advisor', 'POST', `${W}/orders/${oid}/qc`, { passed: true, level: 'pre_delivery' })
  await staffApi(request, 'advisor', 'POST', `${W}/orders/${oid}/deliver`, { odometer_km: km + 10 })
}

for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`the advisor receives a car with a history; the manager sees the 三包 alert (${lang})`, async ({ page, request }) => {
    test.setTimeout(180_000)
    const words = TEXT[lang]
    const v = staff.newVisit(lang)
    const { customer, vehicle, order } = await test.step('two earlier brake repairs, a dent repair deferred (API)', async () => {
      const customer = await staffApi(request, 'advisor', 'POST', '/api/booking/customers', { name: v.customer, phone: v.phone, dealer_id: DEALER })
      const vehicle = await staffApi(request, 'advisor', 'POST', '/api/booking/vehicles', { customer_id: customer.id, vin: v.vin, plate: v.plate, model: 'VW Passat', dealer_id: DEALER })
      await earlierVisit(request, customer.id, vehicle.id, 18_000)
      await earlierVisit(request, customer.id, vehicle.id, 18_600, { op: 'BODY-DENT', text: '左前门凹陷修复 dent repair', reason: '下次再修 next time' })
      const order = await walkIn(request, customer.id, vehicle.id, words.words)
      await staffApi(request, 'advisor', 'POST', `${W}/orders/${order.id}/jobs`, { op_code: 'BRK-PAD-F', description: '更换前刹车片 front brake pads', labor_hours: '1', pay_type: 'customer', parts: [] })
      return { customer, vehicle, order }
    })

    await test.step('language', () => staff.chooseLanguage(page, lang))
    await test.step('advisor opens the order: greeted, comeback banner, deferred work offered', async () => {
      await staff.login(page, 'advisor', lang)
      await page.goto(`/orders/${order.id}`)
      await expect(byTest(page, 'reception')).toBeVisible()
      await expect(byTest(page, 'greet-time')).toBeVisible() // opening the screen greets the customer
      await expect(byTest(page, 'arrival')).toBeVisible()
      await expect(byTest(page, 'comeback-banner')).toContainText(words.comeback)
      await expect(byTest(page, 'deferred-work')).toContainText(words.deferred)
      await expect(byTest(page, 'deferred-work')).toContainText('BODY-DENT')
    })
    await test.step("advisor writes down the customer's words, payment and old parts", async () => {
      await field(page, 'customer-words').fill(words.words)
      await byTest(page, 'payment-method').click()
      await byTest(page, 'payment-wechat').click()
      await byTest(page, 'old-parts-keep').click()
      await byTest(page, 'save-reception').click()
      await expect(page.locator('.el-message--success')).toContainText(words.saved)
    })
    await test.step('walk-around: a scratch marked on the car diagram', async () => {
      await field(page, 'odometer').fill('18900')
      const diagram = byTest(page, 'car-diagram')
      const box = (await diagram.boundingBox())!
      await diagram.click({ position: { x: box.width * 0.12, y: box.height * 0.4 } }) // left front door
      await expect(byTest(page, 'mark-0')).toBeVisible()
      await expect(byTest(page, 'damage-list')).toContainText(lang === 'en' ? 'Left front door' : '左前门')
      await byTest(page, 'protection').getByText(lang === 'en' ? 'Seat cover' : '座椅套').click()
      await byTest(page, 'save-walk-around').click()
      await expect(byTest(page, 'walk-around')).toContainText(/18900|已记录|Recorded/)
    })
    await test.step('the deferred dent repair joins today\'s estimate', async () => {
      await byTest(page, 'take-up-BODY-DENT').click()
      await expect(byTest(page, 'no-deferred')).toBeVisible()
      await expect(byTest(page, 'three-c')).toContainText('BODY-DENT')
      await page.screenshot({ path: `${SHOTS}/reception-${lang}.png`, fullPage: true })
    })
    await test.step('the order kept everything', async () => {
      const saved = await staffApi(request, 'advisor', 'GET', `${W}/orders/${order.id}`)
      expect(saved.customer_words).toBe(words.words)
      expect([saved.payment_method, saved.old_parts]).toEqual(['wechat', 'keep'])
      expect(saved.greeted_at).toBeTruthy()
      expect(saved.inspection.detail.damage_marks[0].zone).toBe('left_front_door')
      expect(saved.comeback.free).toBe(true)
      expect(saved.jobs.map((j: Json) => [j.op_code, j.pay_type])).toEqual([['BRK-PAD-F', 'internal'], ['BODY-DENT', 'customer']])
    })
    await test.step('the manager sees the 三包 alert', async () => {
      await staff.login(page, 'manager', lang)
      await page.goto('/sanbao')
      const row = page.locator('[data-test="sanbao-table"] tr', { hasText: vehicle.plate })
      await expect(row).toContainText(words.alert)
      await expect(row).toContainText('2')
      await page.screenshot({ path: `${SHOTS}/reception-sanbao-${lang}.png`, fullPage: true })
    })
    expect(customer.id).toBeTruthy()
  })
}

for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`the customer sees the work she deferred on her car's page (${lang})`, async ({ page }) => {
    // the demo customer 李娜 (login li) deferred a dent repair on her Audi 沪B67890 (demo history)
    await phoneLogin(page, { username: 'li' } as Parameters<typeof phoneLogin>[1], lang)
    await page.goto('/m/#/vehicles/e0000000-0000-4000-8000-000000000002')
    await expect(page.getByText(lang === 'en' ? 'Recommended work you put off' : '建议维修（您暂缓的项目）')).toBeVisible()
    await expect(byTest(page, 'deferred-BODY-DENT')).toContainText(lang === 'en' ? 'Deferred' : '暂缓')
    await expect(byTest(page, 'deferred-BODY-DENT')).toContainText('下次再修')
    await page.screenshot({ path: `${SHOTS}/reception-phone-${lang}.png` })
  })
}

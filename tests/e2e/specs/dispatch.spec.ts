import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import * as staff from '../steps/staff'
import { staffApi } from '../steps/customer'
import { byTest } from '../steps/ui'
import type { Lang } from '../steps/words'

/**
 * Dispatch and clocking on screen: an electrical job (only the demo technician `tech`, 王强, has
 * that skill) waits in the foreman's queue; the foreman assigns it to the suggested technician;
 * the technician clocks on, pauses for parts, resumes and finishes from "my jobs"; the order shows
 * both clock lines; the manager's workshop view shows the sold and clocked hours.
 */
const DEALER = 'd0000000-0000-4000-8000-000000000001'
const W = '/api/workshop'
const OP = 'E2E-ELEC'
const TECH = { 'zh-CN': '王强', en: '王强' }

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

async function signedOrder(request: APIRequestContext, v: staff.Visit): Promise<Json> {
  const customer = await staffApi(request, 'advisor', 'POST', '/api/booking/customers', { name: v.customer, phone: v.phone, dealer_id: DEALER })
  const vehicle = await staffApi(request, 'advisor', 'POST', '/api/booking/vehicles',
    { customer_id: customer.id, vin: v.vin, plate: v.plate, model: 'VW Passat', dealer_id: DEALER })
  const t = await request.post('/api/auth/token', { form: { username: 'advisor', password: 'demo1234' } })
  const headers = { Authorization: `Bearer ${((await t.json()) as { access_token: string }).access_token}` }
  let order: Json | null = null
  await expect(async () => { // workshop learns the customer and the car from booking's events
    const r = await request.post(`${W}/orders`, { headers, data: { dealer_id: DEALER, customer_id: customer.id, vehicle_id: vehicle.id, concern: '仪表灯闪烁 dashboard lights flicker', service_type: 'repair' } })
    expect(r.status()).toBe(201)
    order = await r.json()
  }).toPass({ timeout: 20_000 })
  await staffApi(request, 'advisor', 'POST', `${W}/orders/${order!.id}/jobs`,
    { op_code: OP, description: v.lang === 'en' ? 'Electrical diagnosis' : '电器故障诊断', labor_hours: '1.5', pay_type: 'customer', skill: 'electrical', parts: [] })
  await staffApi(request, 'advisor', 'POST', `${W}/orders/${order!.id}/authorize`, { signed_by: v.customer })
  return order!
}

async function shot(page: Page, name: string, lang: Lang): Promise<void> {
  await page.screenshot({ path: `/tmp/dispatch-${name}-${lang}.png`, fullPage: true })
}

for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`dispatch by suggestion, clocking with a pause, the manager's hours (${lang})`, async ({ page, request }) => {
    const v = staff.newVisit(lang)
    const order = await test.step('a signed order with an electrical job', () => signedOrder(request, v))
    await test.step('language', () => staff.chooseLanguage(page, lang))

    await test.step('foreman assigns the job to the suggested technician', async () => {
      await staff.login(page, 'foreman', lang)
      await byTest(page, 'menu-dispatch').click()
      await expect(page).toHaveURL(/\/dispatch$/)
      await expect(byTest(page, `suggested-${v.plate}`)).toHaveText(TECH[lang])
      await expect(byTest(page, `priority-${v.plate}`)).toHaveText(lang === 'en' ? 'Walk-in' : '非预约')
      await shot(page, 'foreman', lang)
      await byTest(page, `assign-suggested-${v.plate}`).click()
      await expect(page.locator('.el-message', { hasText: TECH[lang] })).toBeVisible()
      await expect(byTest(page, `suggested-${v.plate}`)).toHaveCount(0)
      await expect(byTest(page, 'load-tech')).toBeVisible()
    })

    await test.step('technician clocks on, pauses for parts, resumes and finishes', async () => {
      await staff.login(page, 'tech', lang)
      await expect(page).toHaveURL(/\/my-jobs$/)
      await expect(byTest(page, 'my-jobs').getByText(v.plate)).toBeVisible()
      await byTest(page, `start-${v.plate}`).click()
      await byTest(page, `pause-${v.plate}`).click()
      await byTest(page, 'reason-waiting_parts').click()
      await page.locator('#pause-note').fill(lang === 'en' ? 'fuse on order' : '保险丝订货中')
      await byTest(page, 'pause-confirm').click()
      await expect(byTest(page, `status-${v.plate}`)).toHaveText(lang === 'en' ? 'Paused' : '已暂停')
      await expect(byTest(page, 'my-jobs')).toContainText(lang === 'en' ? 'Waiting for parts' : '等待配件')
      await shot(page, 'my-jobs', lang)
      await byTest(page, `resume-${v.plate}`).click()
      await byTest(page, `finish-${v.plate}`).click()
      await expect(byTest(page, `status-${v.plate}`)).toHaveText(lang === 'en' ? 'Finished' : '已完工')
      await expect(byTest(page, `clocked-${v.plate}`)).toContainText(/\d+\.\d{2}/)
    })

    await test.step('the order shows the two clock lines against the sold hours', async () => {
      await page.goto(`/orders/${order.id}`)
      const card = byTest(page, 'hours-card')
      await expect(card).toContainText('1.5')
      await card.locator('.el-table__expand-icon').first().click()
      const lines = byTest(page, `hours-lines-${OP}`).locator('tbody tr')
      await expect(lines).toHaveCount(2)
      await expect(lines.first()).toContainText(lang === 'en' ? 'Waiting for parts' : '等待配件')
      await shot(page, 'order-hours', lang)
    })

    await test.step("the manager's workshop view shows the hours", async () => {
      await staff.login(page, 'manager', lang)
      await byTest(page, 'menu-kpi').click()
      await expect(page).toHaveURL(/\/kpi$/)
      await expect(byTest(page, 'kpi-tech-tech')).toHaveText(TECH[lang])
      await expect(async () => {
        const sold = Number(await byTest(page, 'kpi-sold').innerText())
        expect(sold).toBeGreaterThanOrEqual(1.5)
      }).toPass({ timeout: 10_000 })
      await expect(byTest(page, 'kpi-flow').locator('rect.in').last()).toBeVisible() // today: this car came in
      await shot(page, 'kpi', lang)
    })
  })
}

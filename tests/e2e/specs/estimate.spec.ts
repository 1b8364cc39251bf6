import { expect, test, type Page } from '@playwright/test'
import { PHONE, staffApi } from '../steps/customer'
import { login } from '../steps/staff'
import { byTest, drawSignature } from '../steps/ui'

/**
 * A priced estimate signed before work (issue 9): the advisor puts the 10,000 km maintenance menu
 * on zhang's repair order in the console and sees the API's estimate (labour and parts apart, VAT,
 * total, promised time); zhang signs it on a 390×844 phone with a drawn signature; the order then
 * shows the signed amount, the promised time and the signature.
 *
 * The menu (MNT-OIL 0.5 h, MNT-AIR 0.2 h, MNT-CHK 0.3 h; oil 298.00, oil filter 45.00, air filter
 * 88.00) at the demo rate of 300.00 per hour and 13% VAT: labour 300.00, parts 431.00,
 * VAT 95.03, total 826.03.
 */
const DEALER = 'd0000000-0000-4000-8000-000000000001'
const ZHANG = 'c0000000-0000-4000-8000-000000000001'
const ZHANGS_CAR = 'e0000000-0000-4000-8000-000000000001'
const shots = process.env.E2E_SHOTS_DIR ?? '/tmp'
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/estimate-${name}.png`, fullPage: true })

test('a maintenance menu priced by the API, signed on the phone, kept on the order', async ({ page, browser, request }) => {
  let orderId = ''
  await test.step('the advisor opens a walk-in for zhang (API)', async () => {
    const order = await staffApi(request, 'advisor', 'POST', '/api/workshop/orders', {
      dealer_id: DEALER, customer_id: ZHANG, vehicle_id: ZHANGS_CAR, concern: '到保养里程了 10,000 km service due',
      service_type: 'maintenance',
    })
    orderId = order.id
  })

  await test.step('the advisor adds the 10,000 km menu and sees the priced estimate', async () => {
    await login(page, 'advisor', 'zh-CN')
    await page.goto(`/orders/${orderId}`)
    const card = byTest(page, 'estimate')
    await card.locator('[data-test="menu-select"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'M10K' }).click()
    await byTest(page, 'menu-add').click()
    await expect(byTest(page, 'jobs')).toContainText('MNT-AIR')
    await expect(byTest(page, 'estimate-labour')).toHaveText(/300\.00/)
    await expect(byTest(page, 'estimate-parts')).toHaveText(/431\.00/)
    await expect(byTest(page, 'estimate-vat')).toHaveText(/95\.03/)
    await expect(byTest(page, 'estimate-total')).toHaveText(/826\.03/)
    await expect(byTest(page, 'estimate-promised')).toHaveText(/\d{1,2}:\d{2}/)
    await expect(byTest(page, 'estimate-labour-lines')).toContainText('更换空气滤清器')
    await expect(byTest(page, 'estimate-parts-lines')).toContainText('原厂件')
    await card.scrollIntoViewIfNeeded()
    await shot(page, 'console-zh')
  })

  await test.step('zhang sees the same figures on his phone and signs', async () => {
    const phone = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true })
    const mobile = await phone.newPage()
    await mobile.goto('/m/#/login')
    await mobile.locator('[data-test="username"] input').fill('zhang')
    await mobile.locator('[data-test="password"] input').fill('demo1234')
    await mobile.locator('[data-test="login"]').click()
    await expect(mobile.locator('[data-test="tabbar"]')).toBeVisible()
    await mobile.goto(`/m/#/orders/${orderId}`)
    const est = mobile.locator('[data-test="estimate"]')
    await expect(est.locator('[data-test="estimate-labour"]')).toContainText('¥300.00')
    await expect(est.locator('[data-test="estimate-parts"]')).toContainText('¥431.00')
    await expect(est.locator('[data-test="estimate-vat"]')).toContainText('¥95.03')
    await expect(est.locator('[data-test="estimate-total"]')).toContainText('¥826.03')
    await expect(est.locator('[data-test="estimate-promised"]')).toContainText(/\d{2}:\d{2}/)
    await mobile.screenshot({ path: `${shots}/estimate-phone-zh.png`, fullPage: true })
    await mobile.locator('[data-test="sign-estimate"]').click()
    const pad = mobile.locator('[data-test="signature-pad"]')
    await expect(pad).toBeVisible()
    await mobile.waitForTimeout(400) // the sheet slides in; the pad is sized once it has landed
    await drawSignature(pad)
    await mobile.locator('[data-test="confirm-signature"]').click()
    await expect(mobile.locator('[data-test="sign-estimate"]')).toHaveCount(0)
    await expect(est.locator('[data-test="signed-total"]')).toContainText('¥826.03')
    await mobile.screenshot({ path: `${shots}/estimate-phone-signed.png`, fullPage: true })
    await phone.close()
  })

  await test.step('the order shows the signed amount, promised time and signature', async () => {
    await page.reload()
    await expect(byTest(page, 'order-status')).toHaveText('已签字')
    const signed = byTest(page, 'signed-estimate')
    await expect(signed.locator('[data-test="signed-total"]')).toHaveText(/826\.03/)
    await expect(signed.locator('[data-test="signed-promised"]')).toHaveText(/\d{1,2}:\d{2}/)
    await expect(signed.locator('[data-test="signed-signature"]')).toBeVisible()
    await signed.scrollIntoViewIfNeeded()
    await shot(page, 'signed-zh')
    const detail = await staffApi(request, 'advisor', 'GET', `/api/workshop/orders/${orderId}`)
    expect(detail.signed_estimate.total).toBe('826.03')
    expect(detail.signed_estimate.signature).toMatch(/^data:image\/png;base64,/)
  })

  await test.step('the same screen in English', async () => {
    await byTest(page, 'locale').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'English' }).click()
    await expect(byTest(page, 'estimate')).toContainText('Estimate')
    await byTest(page, 'estimate').scrollIntoViewIfNeeded()
    await shot(page, 'console-en')
  })
})

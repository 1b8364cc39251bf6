import { test, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import * as phone from '../steps/customer'

/**
 * The customer's side of a visit on a phone-sized screen (the mobile web at /m/), with the
 * workshop's part by API: book, approve the estimate with a signature, follow the car live,
 * pay online (sandbox provider), rate the visit.
 */
// E2E_SCREENSHOTS=1 also refreshes the phone screenshots in docs/screenshots/.
const shots = resolve(import.meta.dirname, '../../../docs/screenshots')
async function shot(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${shots}/customer-${name}.png` })
}

test('customer on the phone: book, sign, follow live, pay online, rate', async ({ page, request }) => {
  const v: phone.PhoneVisit = { username: 'zhang' }
  await test.step('customer signs in on the phone', () => phone.phoneLogin(page, v))
  await shot(page, 'home')
  await test.step('customer books a slot', () => phone.bookOnPhone(page, v, request))
  await test.step('advisor receives the car (API)', () => phone.receiveByStaff(request, v))
  await test.step('customer approves the estimate with a signature', () => phone.approveEstimateWithSignature(page, v))
  await shot(page, 'order-signed')
  await test.step('customer follows the repair live', () => phone.followProgressLive(page, request, v))
  await shot(page, 'order-ready')
  await test.step('customer pays online', () => phone.payOnline(page))
  await shot(page, 'invoice-paid')
  await test.step('advisor delivers (API)', () => phone.deliverByStaff(request, v))
  await test.step('customer rates the visit', () => phone.rateVisit(page, v))
})

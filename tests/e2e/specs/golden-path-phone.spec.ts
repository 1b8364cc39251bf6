import { test } from '@playwright/test'
import * as staff from '../steps/staff'
import * as phone from '../steps/customer'
import type { Lang } from '../steps/words'

/**
 * Issue 8's golden path by screens alone, staff and customer together: the advisor books on the
 * console for the demo customer zhang (found by phone, his car picked), checks in, receives the
 * car and sends the approval link; zhang, on a phone-sized screen at /m/ in a second browser
 * context, opens it and signs the estimate; technician, foreman (fails the re-check), rework,
 * self → foreman → final → washing → pre-delivery on the console while the phone follows live; zhang pays
 * online (sandbox); the advisor delivers; the callback agent logs the call; zhang rates the visit.
 * No API calls for any human step. The bookings are sequential (each is checked in before the
 * next one), so zhang's one car holds one open appointment at a time.
 */
for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`golden path with the customer on the phone (${lang})`, async ({ page, browser }) => {
    const v = staff.zhangVisit(lang)
    const customer = await browser.newContext({ viewport: phone.PHONE, locale: lang })
    const mobile = await customer.newPage()
    const pv: phone.PhoneVisit = { username: staff.ZHANG.username }
    try {
      await test.step('language', () => staff.chooseLanguage(page, lang))
      await test.step('parts clerk stocks the part', () => staff.stockPart(page, v))
      await test.step('advisor books for zhang (found by phone, his car picked)', () => staff.book(page, v, { existing: true }))
      await test.step('advisor checks the car in', () => staff.checkIn(page, v))
      await test.step('advisor receives the car and sends the approval link', () => staff.receive(page, v, { sign: 'phone' }))
      pv.orderId = v.orderUrl!.split('/').at(-1)
      await test.step('zhang signs in on the phone', () => phone.phoneLogin(mobile, pv, lang))
      await test.step('zhang opens the link and signs the estimate', () => phone.approveEstimateWithSignature(mobile, pv, v.approvalLink))
      await test.step('technician works and self-checks', () => staff.technicianWorks(page, v))
      await test.step('foreman sends the work back', () => staff.foremanSendsBack(page, v))
      await test.step('technician reworks and self-checks', () => staff.technicianReworks(page, v))
      await test.step('foreman passes the re-check', () => staff.foremanPasses(page, v))
      await test.step('QC inspector passes the final inspection', () => staff.finalInspection(page, v))
      await test.step('the car is washed: ready', () => staff.washCar(page, v))
      await test.step('advisor does the pre-delivery check', () => staff.preDelivery(page, v))
      await test.step('zhang sees the car ready, live', () => phone.seesReady(mobile))
      await test.step('zhang pays online', () => phone.payOnline(mobile))
      await test.step('advisor delivers', () => staff.deliver(page, v))
      await test.step('callback agent logs the call', () => staff.followUp(page, v, { survey: false }))
      await test.step('zhang rates the visit', () => phone.rateVisit(mobile, pv, v.orderNo))
    } finally {
      await customer.close()
    }
  })
}

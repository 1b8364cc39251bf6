import { test } from '@playwright/test'
import * as staff from '../steps/staff'
import { printRepairOrder, printSettlement } from '../steps/print'
import type { Lang } from '../steps/words'

/**
 * The staff side of contract.md's golden path through the console's screens alone: parts on the
 * shelf, booking, reception with a signature on screen, the technician's work, the checks in order
 * with one rework (self → foreman fails → rework → self → foreman → final → washing → pre-delivery),
 * payment, delivery, the follow-up call and the CSI survey.
 */
for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`golden path through the staff console (${lang})`, async ({ page }, testInfo) => {
    const v = staff.newVisit(lang)
    await test.step('language', () => staff.chooseLanguage(page, lang))
    await test.step('parts clerk stocks the part', () => staff.stockPart(page, v))
    await test.step('advisor books an appointment', () => staff.book(page, v))
    await test.step('advisor checks the car in', () => staff.checkIn(page, v))
    await test.step('advisor receives the car; the customer signs on screen', () => staff.receive(page, v))
    if (lang === 'zh-CN') await test.step('repair order prints on A4', () => printRepairOrder(page, v, testInfo))
    await test.step('technician works and self-checks', () => staff.technicianWorks(page, v))
    await test.step('foreman sends the work back', () => staff.foremanSendsBack(page, v))
    await test.step('technician reworks and self-checks', () => staff.technicianReworks(page, v))
    await test.step('foreman passes the re-check', () => staff.foremanPasses(page, v))
    await test.step('QC inspector passes the final inspection', () => staff.finalInspection(page, v))
    await test.step('the car is washed: ready', () => staff.washCar(page, v))
    await test.step('advisor does the pre-delivery check', () => staff.preDelivery(page, v))
    await test.step('cashier takes the payment', () => staff.takePayment(page, v))
    if (lang === 'zh-CN') await test.step('settlement sheet prints on A4', () => printSettlement(page, v, testInfo))
    await test.step('advisor delivers', () => staff.deliver(page, v))
    await test.step('callback agent logs the call and the survey', () => staff.followUp(page, v))
  })
}

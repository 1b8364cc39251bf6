import { test } from '@playwright/test'
import * as staff from '../steps/staff'
import * as phone from '../steps/customer'
import * as delivery from '../steps/delivery'
import type { Lang } from '../steps/words'

/**
 * The three checks in order with a failure at the foreman's level on screen (his checklist's road
 * test not OK: the pass is refused, the job goes back, the advisor is told), the rework, the final
 * inspection, washing, the advisor's check, payment, then delivery with the settlement explained,
 * the next-service advice and the gate pass printed; the gate checks the code once; zhang sees the
 * gate pass, the next service and the repair archive on his phone. Screenshots: /tmp/delivery-*.png.
 */
for (const lang of ['zh-CN', 'en'] as Lang[]) {
  test(`checks, washing, delivery and the gate (${lang})`, async ({ page, browser }) => {
    const v = staff.zhangVisit(lang)
    const customer = await browser.newContext({ viewport: phone.PHONE, locale: lang })
    const mobile = await customer.newPage()
    try {
      await test.step('language', () => staff.chooseLanguage(page, lang))
      await test.step('parts clerk stocks the part', () => staff.stockPart(page, v))
      await test.step('advisor books for zhang', () => staff.book(page, v, { existing: true }))
      await test.step('advisor checks the car in', () => staff.checkIn(page, v))
      await test.step('advisor receives the car; the customer signs on screen', () => staff.receive(page, v))
      await test.step('technician works and self-checks', () => staff.technicianWorks(page, v))
      await test.step('foreman fails the re-check on his checklist', () => delivery.foremanFailsOnTheChecklist(page, v))
      await test.step('the advisor is told of the rework', () => delivery.advisorIsTold(page, v))
      await test.step('technician reworks and self-checks', () => staff.technicianReworks(page, v))
      await test.step('foreman passes the re-check', () => staff.foremanPasses(page, v))
      await test.step('QC inspector passes the final inspection', () => staff.finalInspection(page, v))
      await test.step('the car is washed: ready', () => staff.washCar(page, v))
      await test.step('advisor does the pre-delivery check', () => staff.preDelivery(page, v))
      await test.step('cashier takes the payment', () => staff.takePayment(page, v))
      const code = await test.step('advisor explains the settlement, delivers, prints the gate pass', () => delivery.deliverWithGatePass(page, v))
      await test.step('the gate checks the pass once', () => delivery.gateChecks(page, v, code))
      await test.step('zhang signs in on the phone', () => phone.phoneLogin(mobile, { username: staff.ZHANG.username }, lang))
      await test.step('zhang sees the gate pass, the next service and the archive', () => delivery.customerSeesHandover(mobile, v, code))
    } finally {
      await customer.close()
    }
  })
}

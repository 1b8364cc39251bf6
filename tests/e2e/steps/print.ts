import { expect, type Page, type TestInfo } from '@playwright/test'
import { byTest } from './ui'
import type { Visit } from './staff'
import { normalise, pdfText } from './pdf'

/**
 * The settlement sheet (结算单) printed to an A4 PDF with the print stylesheet, then read back
 * with pdf.js: the dealer, the numbers, labour and parts, VAT, the total and the signature line.
 */
export async function printSettlement(page: Page, v: Visit, testInfo: TestInfo): Promise<string> {
  await page.goto(`${v.invoiceUrl!}/print`)
  await expect(byTest(page, 'settlement-doc')).toBeVisible()
  await expect(byTest(page, 'settlement-totals')).toContainText('559.92')
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.print-toolbar')).toBeHidden()
  const file = testInfo.outputPath('settlement.pdf')
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true })
  await page.emulateMedia({ media: 'screen' })
  await testInfo.attach('settlement.pdf', { path: file, contentType: 'application/pdf' })
  const text = await pdfText(file)
  for (const expected of ['结算单', '上海示范汽车销售服务有限公司', v.orderNo!, v.plate, 'MNT-10K', v.partNo,
    '¥450.00', '¥45.50', '¥495.50', '¥64.42', '¥559.92', '增值税', '客户签字确认']) {
    expect(text, `the PDF shows ${expected}`).toContain(normalise(expected))
  }
  return text
}

/** The repair order (维修委托书) prints on A4 with the customer's signature line. */
export async function printRepairOrder(page: Page, v: Visit, testInfo: TestInfo): Promise<string> {
  await page.goto(`${v.orderUrl!}/print`)
  await expect(byTest(page, 'repair-order-doc')).toContainText('559.92')
  await page.emulateMedia({ media: 'print' })
  const file = testInfo.outputPath('repair-order.pdf')
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true })
  await page.emulateMedia({ media: 'screen' })
  const text = await pdfText(file)
  for (const expected of ['维修委托书', v.orderNo!, v.customer, '¥450.00', '¥45.50', '¥559.92', '客户签字']) {
    expect(text, `the PDF shows ${expected}`).toContain(normalise(expected))
  }
  return text
}

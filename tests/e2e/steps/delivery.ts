/**
 * The checks with their checklists, the foreman's failure on screen, delivery with the settlement
 * explained, the gate pass printed and checked at the gate (issue 9, items 7 and 8).
 */
import { expect, type Page } from '@playwright/test'
import { login, type Visit } from './staff'
import { byTest, field, untilVisible } from './ui'
import { WORDS } from './words'

const T = {
  'zh-CN': { roadTest: '路试（如需）无异常', notOk: '不合格', notice: '返工通知', gate: '门卫验证', valid: '验证通过', used: '该出门证已使用', next: '下次保养建议' },
  en: { roadTest: 'Road test (where needed) without faults', notOk: 'Not OK', notice: 'Rework notice', gate: 'Gate check', valid: 'Pass valid', used: 'already been used', next: 'Next service' },
} as const

/** Foreman: the re-check's sheet on screen, the road test not OK: pass refused, the job sent back. */
export async function foremanFailsOnTheChecklist(page: Page, v: Visit): Promise<void> {
  await login(page, 'foreman', v.lang)
  await page.goto(v.orderUrl!)
  const sheet = byTest(page, 'qc-checklist')
  await expect(sheet).toBeVisible()
  await expect(sheet.locator('tbody tr')).toHaveCount(5) // the foreman's five points
  const row = sheet.getByRole('row', { name: new RegExp(T[v.lang].roadTest.replace(/[()（）]/g, '.')) })
  await row.getByText(T[v.lang].notOk, { exact: true }).click()
  await row.locator('input[type=text], input:not([type])').last().fill(v.lang === 'en' ? 'Brakes squeal on the road' : '路试刹车异响')
  await expect(byTest(page, 'qc-pass')).toBeDisabled()
  await expect(byTest(page, 'qc-pass-blocked')).toBeVisible()
  await byTest(page, 'qc-rework').locator('.el-checkbox').first().click()
  await field(page, 'qc-notes').fill(v.lang === 'en' ? 'Brakes still squeal' : '刹车仍有异响')
  await page.screenshot({ path: `/tmp/delivery-qc-checklist-${v.lang}.png`, fullPage: true })
  await byTest(page, 'qc-fail').click()
  await expect(byTest(page, 'order-status')).toHaveText(WORDS[v.lang].rework)
  await expect(byTest(page, 'rework-notice')).toContainText(T[v.lang].notice)
}

/** The advisor sees the rework on the desk and the reason on the order. */
export async function advisorIsTold(page: Page, v: Visit): Promise<void> {
  await login(page, 'advisor', v.lang)
  await expect(page).toHaveURL(/\/advisor$/)
  await expect(byTest(page, 'advisor-rework')).toContainText(v.plate)
  await page.goto(v.orderUrl!)
  await expect(byTest(page, 'rework-notice')).toContainText(v.lang === 'en' ? 'Foreman check' : '班组长互检')
}

/** Advisor: the settlement explained item by item, documents, delivery; then the gate pass. */
export async function deliverWithGatePass(page: Page, v: Visit): Promise<string> {
  await login(page, 'advisor', v.lang)
  await page.goto(v.orderUrl!)
  await untilVisible(page, byTest(page, 'paid').getByText(v.lang === 'en' ? 'Yes' : '是'))
  const explained = byTest(page, 'settlement-explained')
  await expect(explained).toContainText('MNT-10K')
  await expect(explained).toContainText(v.partNo)
  await expect(byTest(page, 'invoice-total')).toContainText('559.92')
  await expect(byTest(page, 'documents').locator('.el-checkbox.is-checked')).toHaveCount(3)
  await page.screenshot({ path: `/tmp/delivery-card-${v.lang}.png`, fullPage: true })
  await byTest(page, 'deliver').click()
  await expect(byTest(page, 'order-status')).toHaveText(WORDS[v.lang].delivered)
  await expect(byTest(page, 'next-service')).toContainText(/\d{4}/)
  const code = (await byTest(page, 'gate-pass-code').innerText()).trim()
  expect(code).toMatch(/^[A-Z2-9]{8}$/)
  await page.screenshot({ path: `/tmp/delivery-delivered-${v.lang}.png`, fullPage: true })
  await byTest(page, 'print-gate-pass').click()
  await expect(byTest(page, 'gate-pass-doc')).toBeVisible()
  await expect(byTest(page, 'gate-pass-print-code')).toHaveText(code)
  await expect(byTest(page, 'gate-pass-doc')).toContainText(v.plate)
  await expect(byTest(page, 'gate-pass-qr')).toBeVisible()
  await page.screenshot({ path: `/tmp/delivery-gate-pass-${v.lang}.png` })
  return code
}

/** The gate: the code typed in lets the car out once; a second time it is refused. */
export async function gateChecks(page: Page, v: Visit, code: string): Promise<void> {
  await login(page, 'cashier', v.lang)
  await byTest(page, 'menu-gate').click()
  await expect(page.getByRole('heading', { name: T[v.lang].gate })).toBeVisible()
  await field(page, 'gate-code').fill(code.toLowerCase())
  await byTest(page, 'gate-check').click()
  await expect(byTest(page, 'gate-result')).toHaveAttribute('data-result', 'valid')
  await expect(byTest(page, 'gate-plate')).toHaveText(v.plate)
  await page.screenshot({ path: `/tmp/delivery-gate-${v.lang}.png` })
  await field(page, 'gate-code').fill(code)
  await byTest(page, 'gate-check').click()
  await expect(byTest(page, 'gate-result')).toHaveAttribute('data-result', 'used')
  await expect(byTest(page, 'gate-result')).toContainText(T[v.lang].used)
}

/** Zhang on the phone after delivery: the gate pass code, the next service and the archive. */
export async function customerSeesHandover(mobile: Page, v: Visit, code: string): Promise<void> {
  const orderId = v.orderUrl!.split('/').at(-1)
  await mobile.goto(`/m/#/orders/${orderId}`)
  await expect(mobile.locator('[data-test="handover"]')).toBeVisible()
  await expect(mobile.locator('[data-test="gate-pass-code"]')).toHaveText(code)
  await expect(mobile.locator('[data-test="next-service"]')).toContainText(/\d{4}-\d{2}-\d{2}/)
  await mobile.screenshot({ path: `/tmp/delivery-phone-${v.lang}.png`, fullPage: true })
  await mobile.locator('[data-test="go-archive"]').click()
  await expect(mobile.locator('[data-test="archive"]')).toBeVisible()
  await expect(mobile.locator('[data-test="archive-settlement-no"]')).toContainText(/\d/)
  await expect(mobile.locator('[data-test="archive-checks"] .van-cell')).toHaveCount(6)
  await expect(mobile.locator('[data-test="archive-guarantee"]')).toBeVisible()
  await mobile.screenshot({ path: `/tmp/delivery-archive-${v.lang}.png`, fullPage: true })
}

/**
 * The staff side of the golden path, one function per step, driven through the console's screens
 * only. The customer web's steps (approve on a phone, pay online, rate) call the same `Visit`.
 */
import { expect, type Page } from '@playwright/test'
import { byTest, choose, drawSignature, field, untilVisible } from './ui'
import { WORDS, type Lang } from './words'

export interface Visit {
  lang: Lang
  tag: string
  customer: string
  phone: string
  plate: string
  vin: string
  partNo: string
  orderUrl?: string
  orderNo?: string
  invoiceUrl?: string
  /** The approval link the advisor sent (reception with `sign: 'phone'`). */
  approvalLink?: string
}

/** The Element Plus select around an input (its root carries the chosen label). */
const SELECT = 'xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " el-select ")][1]'

const VIN = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'

let made = 0

export function newVisit(lang: Lang): Visit {
  const n = (Date.now() + 7919 * made++) % 100_000_000
  const tag = String(n).padStart(8, '0')
  // unique per visit (a VIN is unique per dealer): the tag and five random VIN characters
  const vin = `LE2E${tag}` + Array.from({ length: 5 }, () => VIN[Math.floor(Math.random() * VIN.length)]).join('')
  return {
    lang, tag, vin,
    customer: lang === 'en' ? `Wang Fang ${tag.slice(-4)}` : `王芳${tag.slice(-4)}`,
    phone: `139${tag}`,
    plate: `沪E${tag.slice(-5)}`,
    partNo: `E2E-${tag}`,
  }
}

/** The demo customer who has a login on the customer web (booking's seed): zhang and his car. */
export const ZHANG = { username: 'zhang', customer: '张伟 Zhang Wei', phone: '13800138000', plate: '沪A12345', vin: 'LSVAU2180N2183294' }

/**
 * A visit of the demo customer zhang, with a fresh part. `car: 'new'` (default) gives him another
 * car of his own (a fresh plate, registered by the advisor at booking), so runs never share a
 * plate on the board or a vehicle's booking day; `car: 'demo'` uses his seeded car.
 */
export function zhangVisit(lang: Lang, car: 'new' | 'demo' = 'new'): Visit {
  const v = newVisit(lang)
  return { ...v, customer: ZHANG.customer, phone: ZHANG.phone, ...(car === 'demo' ? { plate: ZHANG.plate, vin: ZHANG.vin } : {}) }
}

export async function login(page: Page, username: string, lang: Lang): Promise<void> {
  await page.goto('/login')
  await expect(page.getByRole('heading', { name: WORDS[lang].title })).toBeVisible()
  await field(page, 'username').fill(username)
  await field(page, 'password').fill('demo1234')
  await byTest(page, 'login').click()
  await expect(byTest(page, 'who')).toContainText(username)
}

/** Switches the console's language on the login page (kept in the browser for later logins). */
export async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  await page.goto('/login')
  const label = lang === 'en' ? 'English' : '中文'
  await page.locator('.login-head .el-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).click()
  await expect(page.getByRole('heading', { name: WORDS[lang].title })).toBeVisible()
}

/** Parts clerk: a catalogue entry and five on the shelf. */
export async function stockPart(page: Page, v: Visit): Promise<void> {
  await login(page, 'parts', v.lang)
  await expect(page).toHaveURL(/\/parts$/)
  await page.getByRole('button', { name: v.lang === 'en' ? 'New part' : '新建备件' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.locator('#np-no').fill(v.partNo)
  await dialog.locator('#np-name').fill(v.lang === 'en' ? 'Oil filter' : '机油滤清器')
  await dialog.locator('#np-price').fill('45.50')
  await dialog.locator('#np-cost').fill('20.00')
  await dialog.locator('button[type=submit]').click()
  await expect(byTest(page, 'stock')).toContainText(v.partNo)
  await choose(page, page.locator('#receipt-part').locator(SELECT), v.partNo)
  await page.locator('#receipt-qty').fill('5')
  await page.getByRole('button', { name: v.lang === 'en' ? 'Receive' : '入库', exact: true }).click()
  await expect(byTest(page, 'stock').getByRole('row', { name: new RegExp(v.partNo) })).toContainText('5')
}

/**
 * Advisor: register the customer and the car (or, with `existing`, find the customer by phone,
 * choose them from the results and pick their car), then book the quietest slot tomorrow.
 */
export async function book(page: Page, v: Visit, opts: { existing?: boolean } = {}): Promise<void> {
  await login(page, 'advisor', v.lang)
  await expect(page).toHaveURL(/\/advisor$/)
  await byTest(page, 'new-booking').click()
  await field(page, 'find-phone').fill(v.phone)
  await byTest(page, 'find-customer').click()
  if (opts.existing) {
    const found = page.getByRole('row', { name: new RegExp(v.customer) })
    await expect(found).toHaveCount(1)
    await found.getByRole('button').click()
    await expect(byTest(page, 'picked-customer')).toContainText(v.customer)
    await expect(page.locator('.vehicles .el-radio', { hasText: ZHANG.plate })).toBeVisible() // his cars are listed
    const car = page.locator('.vehicles .el-radio', { hasText: v.plate })
    if (!(await car.count())) await registerVehicle(page, v) // another car of his: registered, then chosen
    else await car.click()
    await expect(car).toHaveClass(/is-checked/)
  } else {
    await field(page, 'new-name').fill(v.customer)
    await byTest(page, 'register-customer').click()
    await expect(byTest(page, 'picked-customer')).toContainText(v.customer)
    await registerVehicle(page, v)
  }
  await field(page, 'concern').fill(v.lang === 'en' ? 'Maintenance; brakes squeal' : '保养，刹车有异响')
  await byTest(page, 'load-slots').click()
  await byTest(page, 'book-slot').first().click()
  await expect(byTest(page, 'booked')).toContainText(WORDS[v.lang].booked)
}

async function registerVehicle(page: Page, v: Visit): Promise<void> {
  await field(page, 'new-plate').fill(v.plate)
  await field(page, 'new-vin').fill(v.vin)
  await field(page, 'new-model').fill('VW Lavida')
  await byTest(page, 'register-vehicle').click()
}

/** Advisor: check the car in from tomorrow's list; the repair order opens (eventually). */
export async function checkIn(page: Page, v: Visit): Promise<void> {
  await page.goto('/advisor')
  await byTest(page, `check-in-${v.plate}`).click()
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/, { timeout: 20_000 })
  v.orderUrl = new URL(page.url()).pathname
  v.orderNo = (await byTest(page, 'order-no').textContent())?.trim()
  await expect(byTest(page, 'concern')).toContainText(v.lang === 'en' ? 'brakes squeal' : '刹车有异响')
}

/**
 * Advisor: walk-around, one job with its part, the estimate; the customer signs on screen, or
 * (`sign: 'phone'`) the advisor copies the approval link to send it and the order waits.
 */
export async function receive(page: Page, v: Visit, opts: { sign?: 'screen' | 'phone' } = {}): Promise<void> {
  await page.goto(v.orderUrl!)
  await field(page, 'odometer').fill('23500')
  await field(page, 'damages').fill(v.lang === 'en' ? 'Scratch on the left front door' : '左前门轻微划痕')
  await byTest(page, 'save-walk-around').click()
  await expect(byTest(page, 'walk-around')).toContainText(/23500|已记录|Recorded/)
  await field(page, 'job-op').fill('MNT-10K')
  await field(page, 'job-desc').fill(v.lang === 'en' ? '10,000 km maintenance' : '一万公里保养')
  await field(page, 'job-hours').fill('1.5')
  await choose(page, page.locator('#job-part-0').locator(SELECT), v.partNo)
  await byTest(page, 'add-job-submit').click()
  await expect(byTest(page, 'jobs')).toContainText('MNT-10K')
  await expect(byTest(page, 'estimate-labour')).toHaveText(/450\.00/)
  await expect(byTest(page, 'estimate-parts')).toHaveText(/45\.50/)
  await expect(byTest(page, 'estimate-total')).toHaveText(/559\.92/)
  if (opts.sign === 'phone') {
    const link = field(page, 'approval-link')
    await expect(link).toHaveValue(new RegExp(`/m/#/orders/${v.orderUrl!.split('/').at(-1)}$`))
    v.approvalLink = await link.inputValue()
    await byTest(page, 'authorize').getByRole('button', { name: v.lang === 'en' ? 'Copy' : '复制' }).click()
    await expect(page.locator('.el-message', { hasText: v.lang === 'en' ? 'Link copied' : '链接已复制' })).toBeVisible()
    await expect(byTest(page, 'order-status')).not.toHaveText(WORDS[v.lang].signed)
    return
  }
  await drawSignature(byTest(page, 'signature-pad'))
  await expect(field(page, 'signed-by')).toHaveValue(v.customer)
  await byTest(page, 'authorize-submit').click()
  await expect(byTest(page, 'order-status')).toHaveText(WORDS[v.lang].signed)
}

/** Technician: start and finish the job from "my jobs", then sign the self-check. */
export async function technicianWorks(page: Page, v: Visit): Promise<void> {
  await login(page, 'tech', v.lang)
  await expect(page).toHaveURL(/\/my-jobs$/)
  await byTest(page, `start-${v.plate}`).click()
  await byTest(page, `finish-${v.plate}`).click()
  await expect(byTest(page, `finish-${v.plate}`)).toHaveCount(0)
  await page.goto(v.orderUrl!)
  await passCheck(page, 'self')
}

async function passCheck(page: Page, _level: string, passed = true, notes = 'OK'): Promise<void> {
  await expect(byTest(page, 'qc-form')).toBeVisible() // the order has loaded: its history counts
  const before = await byTest(page, 'qc-history').locator('tbody tr:not(:has(.el-table__empty-text))').count()
  await field(page, 'qc-notes').fill(notes)
  await byTest(page, passed ? 'qc-pass' : 'qc-fail').click()
  await expect(byTest(page, 'qc-history').locator('tbody tr:not(:has(.el-table__empty-text))')).toHaveCount(before + 1)
}

/** Foreman: finds the car on the board and sends the work back (rework). */
export async function foremanSendsBack(page: Page, v: Visit): Promise<void> {
  await login(page, 'foreman', v.lang)
  await expect(page).toHaveURL(/\/board$/)
  const card = byTest(page, `card-${v.plate}`)
  await expect(card).toBeVisible()
  await card.click()
  await passCheck(page, 'foreman', false, v.lang === 'en' ? 'Brakes still squeal' : '刹车仍有异响')
  await expect(byTest(page, 'order-status')).toHaveText(WORDS[v.lang].rework)
}

/** Technician: redoes the job (it was sent back) and signs the self-check again. */
export async function technicianReworks(page: Page, v: Visit): Promise<void> {
  await technicianWorks(page, v)
}

export async function foremanPasses(page: Page, v: Visit): Promise<void> {
  await login(page, 'foreman', v.lang)
  await page.goto(v.orderUrl!)
  await passCheck(page, 'foreman')
}

/** QC inspector: the car is in the queue; the final inspection passes. */
export async function finalInspection(page: Page, v: Visit): Promise<void> {
  await login(page, 'qc', v.lang)
  await expect(page).toHaveURL(/\/qc$/)
  await byTest(page, 'qc-queue').getByRole('row', { name: new RegExp(v.plate) }).click()
  await passCheck(page, 'final')
  await expect(byTest(page, 'order-status')).toHaveText(WORDS[v.lang].qcPassed)
}

/** Washing (洗车) after the final inspection: the car is ready only then (the advisor records it). */
export async function washCar(page: Page, v: Visit): Promise<void> {
  await login(page, 'advisor', v.lang)
  await page.goto(v.orderUrl!)
  await expect(byTest(page, 'qc-form')).toHaveCount(0) // no check before delivery until washed
  await byTest(page, 'wash-done').click()
  await expect(byTest(page, 'washed')).toBeVisible()
  await expect(byTest(page, 'qc-form')).toBeVisible() // now the advisor's check is due
}

/** Advisor: the pre-delivery check (交车前检查); delivery waits for payment. */
export async function preDelivery(page: Page, v: Visit): Promise<void> {
  await login(page, 'advisor', v.lang)
  await page.goto(v.orderUrl!)
  await passCheck(page, 'pre_delivery')
  // the checks in order, with the foreman's failure and the round that followed the rework
  await expect(byTest(page, 'qc-history').locator('tbody tr td:first-child')).toHaveText([...WORDS[v.lang].levels])
  await expect(byTest(page, 'paid')).toHaveText(v.lang === 'en' ? 'No' : '否')
}

/** Cashier: the invoice waits (eventually); take the whole balance by WeChat Pay. */
export async function takePayment(page: Page, v: Visit): Promise<void> {
  await login(page, 'cashier', v.lang)
  await expect(page).toHaveURL(/\/cashier$/)
  const row = byTest(page, 'invoices').getByRole('row', { name: new RegExp(v.plate) })
  await untilVisible(page, row, page.getByRole('button', { name: WORDS[v.lang].refresh }))
  await row.click()
  await expect(byTest(page, 'total')).toHaveText(/559\.92/)
  await expect(field(page, 'pay-amount')).toHaveValue('559.92')
  await byTest(page, 'take-payment').click()
  await expect(byTest(page, 'invoice-status')).toHaveText(WORDS[v.lang].paid)
  v.invoiceUrl = new URL(page.url()).pathname
}

/** Advisor: delivers once workshop has heard that the invoice is paid. */
export async function deliver(page: Page, v: Visit): Promise<void> {
  await login(page, 'advisor', v.lang)
  await page.goto(v.orderUrl!)
  await untilVisible(page, byTest(page, 'paid').getByText(v.lang === 'en' ? 'Yes' : '是'))
  await byTest(page, 'deliver').click()
  await expect(byTest(page, 'order-status')).toHaveText(WORDS[v.lang].delivered)
}

/**
 * Callback agent: the follow-up task appears; log a satisfied call and the CSI survey (or, with
 * `survey: false`, the call only: the customer rates the visit on the phone).
 */
export async function followUp(page: Page, v: Visit, opts: { survey?: boolean } = {}): Promise<void> {
  await login(page, 'callback', v.lang)
  await expect(page).toHaveURL(/\/callbacks$/)
  const row = byTest(page, 'callbacks').getByRole('row', { name: new RegExp(v.orderNo!) })
  await untilVisible(page, row, page.getByRole('button', { name: WORDS[v.lang].refresh }))
  await row.click()
  await field(page, 'attempt-note').fill(v.lang === 'en' ? 'Customer is happy' : '客户满意')
  await byTest(page, 'log-attempt').click()
  await expect(byTest(page, 'callback').getByRole('cell', { name: WORDS[v.lang].outcomeSatisfied }).first()).toBeVisible()
  if (opts.survey === false) return
  await field(page, 'survey-comment').fill(v.lang === 'en' ? 'Good service' : '服务很好')
  await byTest(page, 'save-survey').click()
  await expect(byTest(page, 'csi')).toContainText('CSI')
}

import { expect, test } from '@playwright/test'
import { resolve } from 'node:path'
import * as staff from '../steps/staff'
import { byTest } from '../steps/ui'

const out = (name: string) => resolve(import.meta.dirname, '../../../docs/screenshots', name)

test('console screenshots for the README', async ({ page }) => {
  const cars = [staff.newVisit('zh-CN')]
  await staff.stockPart(page, cars[0]!)
  for (let i = 1; i < 3; i++) cars.push({ ...staff.newVisit('zh-CN'), partNo: cars[0]!.partNo, plate: `沪A8${i}${cars[0]!.tag.slice(-3)}` })
  for (const v of cars) {
    await staff.book(page, v)
    await staff.checkIn(page, v)
    await staff.receive(page, v)
  }
  await staff.technicianWorks(page, cars[1]!) // finished + self-check: nearly done
  await staff.login(page, 'tech', 'zh-CN')
  await byTest(page, `start-${cars[2]!.plate}`).click() // in repair
  await staff.book(page, { ...staff.newVisit('zh-CN'), plate: '沪B12Q45' }) // tomorrow's list
  await staff.login(page, 'advisor', 'zh-CN')
  await page.goto('/advisor')
  await expect(byTest(page, 'appointments-tomorrow')).toContainText('沪B12Q45')
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await page.screenshot({ path: out('advisor-home.png'), fullPage: true })
  await staff.login(page, 'foreman', 'zh-CN')
  await expect(byTest(page, `card-${cars[2]!.plate}`)).toBeVisible()
  await page.screenshot({ path: out('board.png') })
  await page.goto(cars[0]!.orderUrl!)
  await page.screenshot({ path: out('repair-order.png'), fullPage: true })
})

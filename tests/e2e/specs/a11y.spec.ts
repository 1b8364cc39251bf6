import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { login } from '../steps/staff'

const PAGES: [string, string][] = [
  ['advisor', '/advisor'], ['advisor', '/book'], ['advisor', '/orders'], ['foreman', '/board'], ['tech', '/my-jobs'],
  ['qc', '/qc'], ['parts', '/parts'], ['cashier', '/cashier'], ['callback', '/callbacks'], ['manager', '/reports/csi'],
]

async function noSeriousViolations(page: import('@playwright/test').Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
}

test('login page has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByRole('heading')).toBeVisible()
  await noSeriousViolations(page, '/login')
})

test('main pages have no serious or critical accessibility violations', async ({ page }) => {
  for (const [user, path] of PAGES) {
    await login(page, user, 'zh-CN')
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    await page.locator('.el-loading-mask').waitFor({ state: 'detached' }).catch(() => undefined)
    await noSeriousViolations(page, path)
  }
})

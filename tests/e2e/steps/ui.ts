import { expect, type Locator, type Page } from '@playwright/test'

/** Element Plus puts `data-test` on the <input> itself (el-input) or on the root (el-input-number). */
export function field(page: Page, name: string): Locator {
  return page.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input`).first()
}

export function byTest(page: Page, name: string): Locator {
  return page.locator(`[data-test="${name}"]`)
}

/** Picks an option of an Element Plus select by typing and clicking the option with this text. */
export async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await expect(async () => {
    await select.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(text)
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click({ timeout: 3_000 })
    await expect(select).toContainText(text, { timeout: 1_000 }) // the chosen label, not typed text
  }).toPass({ timeout: 20_000 })
}

/** Draws a short stroke on a canvas, as a finger or a pen would. */
export async function drawSignature(canvas: Locator): Promise<void> {
  await canvas.scrollIntoViewIfNeeded()
  const box = await canvas.boundingBox()
  if (!box) throw new Error('signature pad not visible')
  const page = canvas.page()
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6)
  await page.mouse.down()
  for (const [dx, dy] of [[60, -40], [110, 20], [170, -30], [230, 25], [290, -10]]) {
    await page.mouse.move(box.x + 30 + dx, box.y + box.height * 0.6 + dy, { steps: 6 })
  }
  await page.mouse.up()
}

/** Clicks refresh (or reloads) until the locator shows up: events arrive eventually. */
export async function untilVisible(page: Page, target: Locator, refresh?: Locator): Promise<void> {
  await expect(async () => {
    if (!(await target.first().isVisible())) {
      if (refresh) await refresh.click()
      else await page.reload()
      await expect(target.first()).toBeVisible({ timeout: 1_500 })
    }
  }).toPass({ timeout: 30_000, intervals: [500, 1000, 1500] })
}

import base from './playwright.config'
import { defineConfig } from '@playwright/test'

// `npx playwright test -c screens.config.ts`: refreshes docs/screenshots/ (not part of make test).
export default defineConfig({ ...base, testDir: './screens', reporter: 'line' })

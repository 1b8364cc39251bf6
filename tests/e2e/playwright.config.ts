import { defineConfig } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

// A fresh embedded server per run: a free port and an empty data dir, chosen once in the main
// process (workers inherit the environment), started and awaited by Playwright's webServer.
const root = resolve(import.meta.dirname, '../..')
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = execFileSync('python3', ['-c',
    'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])']).toString().trim()
}
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'aftersales-e2e-'))
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT}`

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results', // failure screenshots, traces and the settlement PDF land here
  timeout: 240_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  webServer: process.env.E2E_BASE_URL ? undefined : {
    command: `python3 -m uv run --frozen python -m aftersales_embedded --port ${process.env.E2E_PORT} --data-dir ${process.env.E2E_DATA_DIR}`,
    cwd: root,
    url: `${baseURL}/api/workshop/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { ...process.env, LOG_LEVEL: 'WARNING', RATE_LIMIT_TOKEN_IP_PER_MINUTE: '6000', RATE_LIMIT_TOKEN_PER_MINUTE: '6000' } as Record<string, string>,
  },
})

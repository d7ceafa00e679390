import fs from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

// The suite runs on SQLite, or on PostgreSQL when E2E_DATABASE_URL names a database (decision
// 017); `npm run test:e2e` builds once and runs both at once, on different ports.
const DATABASE_URL = process.env.E2E_DATABASE_URL || undefined
const ENGINE = DATABASE_URL ? 'postgres' : 'sqlite'
const PORT = Number(process.env.E2E_PORT ?? (DATABASE_URL ? 3220 : 3210))

/**
 * Use the system Chromium where Playwright's own browser is not installed (this project's CI
 * installs Debian's chromium and never downloads one); elsewhere Playwright's browser is used.
 */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (fs.existsSync(candidate)) return candidate
  }
  return undefined
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export default defineConfig({
  testDir: './tests/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: `playwright-report/${ENGINE}` }]],
  outputDir: `test-results/${ENGINE}`,
  timeout: 30_000,
  // The two engines' suites run at once (npm run test:e2e) on a machine that may have two cores:
  // a page that waits on a login's password hash or the other suite's judge runs can take
  // longer than Playwright's default 5 s to appear.
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    // The production build is made before (npm run test:e2e): the two engines' runs share it.
    command: 'tsx scripts/setup.ts --fresh --demo && tsx server.ts',
    url: `http://localhost:${PORT}/login`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: {
      NODE_ENV: 'production',
      PORT: String(PORT),
      ...(DATABASE_URL ? { DATABASE_URL } : { DATABASE_PATH: './data/e2e.db', DATABASE_URL: '' }),
      ISSUER_KEY_PATH: `./data/e2e-${ENGINE}-issuer-key.json`,
      SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
      PUBLIC_URL: `http://localhost:${PORT}`,
      // As behind a proxy on this machine: the security suite sends X-Forwarded-For to act from several addresses.
      TRUST_PROXY: 'loopback',
    },
  },
})

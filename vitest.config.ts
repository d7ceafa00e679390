import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    setupFiles: ['./tests/setup/vitest-setup.ts'],
    globalSetup: ['./tests/setup/global-setup.ts'],
    pool: 'forks',
    restoreMocks: true,
    // TEST_DATABASE_URL=postgres://… runs the suite on PostgreSQL (decision 017): each test file
    // gets a database of its own on that server.
    env: process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {},
  },
})

import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Drives Debian's Chromium (never a downloaded browser) against the release
// server. `make e2e` picks a free port and a throw-away database and passes
// them in; the server is started here unless one already answers there.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const database =
  process.env.E2E_DATABASE_URL ?? `sqlite://${join(tmpdir(), `summit-e2e-${port}.db`)}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' }, testIgnore: /review\.spec\.ts/ },
    // Review before publishing is a site-wide switch: its test runs after
    // every other one, so no other test's edit becomes a proposal.
    {
      name: 'review',
      use: { browserName: 'chromium' },
      testMatch: /review\.spec\.ts/,
      dependencies: ['chromium'],
    },
  ],
  webServer: {
    command: './target/release/server',
    cwd: '..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: database,
      RUST_LOG: 'warn',
      // The first administrator (see tests/support.ts); created only when the
      // database has no account yet.
      SUMMIT_ADMIN_EMAIL: 'admin@e2e.example',
      SUMMIT_ADMIN_PASSWORD: 'e2e administrator password',
    },
  },
});

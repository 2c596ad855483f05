import { defineConfig } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Drives Debian's Chromium (never a downloaded browser) against the release
// server. `make e2e` picks a free port and a throw-away database and passes
// them in; the server is started here unless one already answers there.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const database =
  process.env.E2E_DATABASE_URL ?? `sqlite://${join(tmpdir(), `summit-e2e-${port}.db`)}`;

// A real OpenID provider on loopback (npm's oidc-provider, run by
// server/tests/oidc/provider.mjs) that the server offers as "UN Test IdP";
// its people are those of tests/oidc.spec.ts.
const idpPort = Number(process.env.E2E_IDP_PORT ?? port + 1);
const issuer = `http://127.0.0.1:${idpPort}`;
// For tests/oidc.spec.ts, which uses the provider's test controls.
process.env.E2E_IDP_ISSUER = issuer;
const idpState = mkdtempSync(join(tmpdir(), 'summit-e2e-idp-'));
writeFileSync(
  join(idpState, 'config.json'),
  JSON.stringify({
    port: idpPort,
    state_dir: idpState,
    signing_keys: ['k1'],
    clients: [
      {
        client_id: 'summit-e2e',
        client_secret: 'e2e client secret',
        redirect_uris: [`${baseURL}/auth/oidc/test/callback`],
        post_logout_redirect_uris: ['ar', 'zh', 'en', 'fr', 'ru', 'es'].map((l) => `${baseURL}/${l}/`),
      },
    ],
    accounts: {
      amina: {
        email: 'amina.diallo@e2e.example', email_verified: true, name: 'Amina Diallo',
        groups: ['summit-africa-editors'], roles: [],
      },
      boris: {
        email: 'boris.ivanov@e2e.example', email_verified: true, name: 'Борис Иванов',
        groups: ['visitors'], roles: [],
      },
    },
  }),
);

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
  webServer: [
  {
    command: `node server/tests/oidc/provider.mjs ${join(idpState, 'config.json')}`,
    cwd: '..',
    url: `${issuer}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  {
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
      SUMMIT_PUBLIC_URL: baseURL,
      SUMMIT_OIDC_PROVIDERS: 'test',
      SUMMIT_OIDC_TEST_ISSUER: issuer,
      SUMMIT_OIDC_TEST_CLIENT_ID: 'summit-e2e',
      SUMMIT_OIDC_TEST_CLIENT_SECRET: 'e2e client secret',
      SUMMIT_OIDC_TEST_NAME: 'UN Test IdP',
    },
  },
  ],
});

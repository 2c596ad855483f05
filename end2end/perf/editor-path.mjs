// The editor's path, cold cache, in Debian's Chromium: the home page, the
// sign-in page, signing in (back to where the person was), a country page,
// opening the editor of one action and saving a change. Counts every byte on the wire (compressed, as
// the network carried it), by step and by kind; prints one JSON line.
//   node perf/editor-path.mjs http://127.0.0.1:PORT EMAIL PASSWORD
import { chromium } from '@playwright/test';

const [base, email, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ serviceWorkers: 'block' });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

const urls = new Map();
const steps = [];
let step = { name: 'start', bytes: 0, by: {} };
cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
cdp.on('Network.loadingFinished', (e) => {
  const url = urls.get(e.requestId) ?? '';
  const kind = url.endsWith('.wasm') ? 'wasm' : url.endsWith('.js') ? 'js'
    : url.endsWith('.css') ? 'css' : url.includes('/api/') ? 'data' : 'html and other';
  step.bytes += e.encodedDataLength;
  step.by[kind] = (step.by[kind] ?? 0) + e.encodedDataLength;
});
const begin = (name) => { step = { name, bytes: 0, by: {} }; steps.push(step); };
const settle = async () => {
  await page.waitForLoadState('networkidle');
};
const ready = () => page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true',
  null, { timeout: 30000 });

begin('home');
await page.goto(`${base}/en/`);
await ready();
await settle();

begin('sign-in page');
await page.getByRole('link', { name: 'Sign in' }).first().click();
await page.waitForURL(/sign-in/);
await ready();
await settle();

begin('sign in');
await page.getByLabel('E-mail address').fill(email);
await page.getByLabel('Password').fill(password);
// Signing in returns to the page the person came from (`next`), here home.
await Promise.all([
  page.waitForURL((url) => !url.pathname.endsWith('/sign-in')),
  page.getByRole('button', { name: 'Sign in' }).click(),
]);
await ready();
await settle();

begin('country page');
await page.goto(`${base}/en/countries/GHA`);
await ready();
await settle();

begin('edit and save');
const row = page.locator('table.actions tr[data-kind="national-strategy"]');
await row.getByRole('button', { name: /Edit/ }).click();
const editor = page.locator('#edit-national-strategy');
await editor.waitFor();
await editor.getByLabel('Status').selectOption('in-progress');
await editor.getByLabel('Note').fill(`bench ${Date.now()}`);
await editor.getByRole('button', { name: 'Save' }).click();
await page.getByRole('status').filter({ hasText: /version \d+/ }).waitFor({ timeout: 30000 });
await settle();

const total = steps.reduce((sum, s) => sum + s.bytes, 0);
console.log(JSON.stringify({ total_bytes: total, steps }));
await browser.close();

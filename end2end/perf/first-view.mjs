// First view of a page from a cold cache under a "slow 4G, mid-range phone"
// profile (Lighthouse's mobile throttling: 150 ms RTT, 1.6 Mbit/s down,
// 750 kbit/s up, CPU 4x slower), in Debian's Chromium through CDP.
// Prints one JSON line per page: bytes on the wire by type, and the time until
// the page is hydrated and its countdown has ticked once.
//   node perf/first-view.mjs http://127.0.0.1:PORT /en/ /ar/
import { chromium } from '@playwright/test';

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

function kind(type, url) {
  if (url.endsWith('.wasm')) return 'wasm';
  return { Document: 'html', Script: 'js', Stylesheet: 'css', Fetch: 'data', XHR: 'data', Image: 'image', Font: 'font', Manifest: 'manifest' }[type] ?? 'other';
}

for (const path of paths) {
  // No service worker: its precache of every chunk is a background download,
  // not part of the first view, and a page it controlled would take the wasm
  // from it (the bytes would not show here).
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const requests = new Map();
  const bytes = {};
  cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, kind(e.type, e.response.url)));
  cdp.on('Network.loadingFinished', (e) => {
    const k = requests.get(e.requestId) ?? 'other';
    bytes[k] = (bytes[k] ?? 0) + e.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(base + path, { waitUntil: 'commit' });
  await page.waitForSelector('html[data-hydrated]', { timeout: 120_000 });
  const counter = page.getByTestId('elapsed');
  const first = await counter.textContent();
  await page.waitForFunction((before) => document.querySelector('[data-testid="elapsed"]')?.textContent !== before, first, { timeout: 30_000 });
  const ticking = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ path, ticking_ms: ticking, total_bytes: total, bytes }));
  await context.close();
}
await browser.close();

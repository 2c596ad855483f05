// From a click on a link to the next page's first paint, in Debian's
// Chromium: with the page prerendered (the pointer rested on the link first,
// so the Speculation Rules prerendered it) and without (the link clicked by
// script, which no rule anticipates), on a desktop and on a throttled phone
// (slow 4G, CPU 4x slower). Five clicks each; prints one JSON line per case
// with the median and the worst, in milliseconds.
//   node perf/navigation.mjs http://127.0.0.1:PORT
import { chromium } from '@playwright/test';

const [base] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const profiles = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, throttle: true },
};
// Links of the header, visited in turn.
const hops = [['/en/tracker', 'Milestones'], ['/en/milestones', 'Home'], ['/en/', 'Tracker'],
  ['/en/tracker', 'Home'], ['/en/', 'Milestones']];

/** Wall-clock time of the new page's first paint after it was shown. */
const paintedAt = () => new Promise((resolve) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const shown = nav.activationStart || 0;
  const done = (entries) => {
    const paint = entries.find((e) => e.name === 'first-contentful-paint') ?? entries.find((e) => e.name === 'first-paint');
    if (paint) resolve({ at: performance.timeOrigin + Math.max(paint.startTime, shown), prerendered: shown > 0 });
  };
  const seen = performance.getEntriesByType('paint');
  if (seen.length) return done(seen);
  new PerformanceObserver((list) => done(list.getEntries())).observe({ type: 'paint', buffered: true });
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, profile] of Object.entries(profiles)) {
  for (const prerender of [true, false]) {
    const context = await browser.newContext({ ...profile, serviceWorkers: 'block' });
    const page = await context.newPage();
    // What Chromium did with the rules: under automation it answers
    // "PrerenderingDisabledByDevTools", which the report states.
    const statuses = new Set();
    const preload = await context.newCDPSession(page);
    preload.on('Preload.prerenderStatusUpdated', (e) => statuses.add(e.prerenderStatus ? `${e.status} (${e.prerenderStatus})` : e.status));
    await preload.send('Preload.enable');
    if (profile.throttle) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    const times = [];
    let prerendered = 0;
    for (const [from, label] of hops) {
      await page.goto(base + from);
      await page.waitForLoadState('load');
      const link = page.locator('.site-nav').getByRole('link', { name: label });
      let clickedAt;
      if (prerender) {
        const target = new URL(await link.getAttribute('href'), base).pathname;
        const fetched = context.waitForEvent('requestfinished', { predicate: (r) => new URL(r.url()).pathname === target, timeout: 30_000 });
        await link.hover();
        await fetched.catch(() => undefined);
        // Let the prerendered page finish its own first render.
        await page.waitForTimeout(profile.throttle ? 1500 : 300);
        clickedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
        await link.click();
      } else {
        clickedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
        await link.evaluate((a) => a.click());
      }
      await page.waitForURL((url) => url.pathname !== from, { timeout: 60_000 });
      const paint = await page.evaluate(paintedAt);
      if (paint.prerendered) prerendered += 1;
      times.push(Math.max(0, Math.round(paint.at - clickedAt)));
    }
    console.log(JSON.stringify({ profile: name, prerender, prerendered, clicks: times.length,
      median_ms: median(times), worst_ms: Math.max(...times), prerender_status: [...statuses].join(', ') }));
    await context.close();
  }
}
await browser.close();

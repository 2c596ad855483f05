import { test, expect, type Page } from '@playwright/test';
import { hydrated } from './support';

// Taps on the map of a 360 px phone, country by country. A tap well inside a
// country's shape opens that country's card (or, where the fingertip covers
// several small countries, a short list that includes it); a tap at the
// visual centre of a country drawn at least 24 × 24 px opens exactly that
// country (offering beside it only countries too small to tap); and every
// country can be reached by a tap.

interface Target {
  iso3: string;
  /** The point inside the shape farthest from its edge (px), and that distance. */
  centre: { x: number; y: number } | null;
  depth: number;
  /** Drawn at least 24 × 24 px. */
  comfortable: boolean;
  /** The middle of its box (for shapes too small to have an inside). */
  box: { x: number; y: number };
}

/** Every country drawn inside the map's viewport, with where to tap it. */
function targets(page: Page): Promise<Target[]> {
  return page.evaluate(() => {
    const view = document.querySelector('.map-viewport')!.getBoundingClientRect();
    const shapeAt = (x: number, y: number) =>
      document.elementFromPoint(x, y)?.closest('.map-svg [data-iso3]')?.getAttribute('data-iso3') ?? null;
    const out: Target[] = [];
    for (const el of document.querySelectorAll('.map-svg [data-iso3]')) {
      const iso3 = el.getAttribute('data-iso3')!;
      const r = el.getBoundingClientRect();
      const middle = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      if (middle.x < view.left + 2 || middle.x > view.right - 2 || middle.y < view.top + 2 || middle.y > view.bottom - 2) continue;
      // A distance map over the box (clipped to the viewport), sampled every
      // `step` px (1 px for small shapes): 0 outside the shape, and inside
      // the distance to the nearest outside, in px.
      const step = Math.max(1, Math.floor(Math.max(r.width, r.height) / 40));
      const x0 = Math.max(Math.floor(r.left) - step, Math.ceil(view.left));
      const y0 = Math.max(Math.floor(r.top) - step, Math.ceil(view.top));
      const x1 = Math.min(Math.ceil(r.right) + step, Math.floor(view.right));
      const y1 = Math.min(Math.ceil(r.bottom) + step, Math.floor(view.bottom));
      const w = Math.floor((x1 - x0) / step) + 1;
      const h = Math.floor((y1 - y0) / step) + 1;
      const d = new Float64Array(w * h);
      for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) d[j * w + i] = shapeAt(x0 + i * step + 0.5, y0 + j * step + 0.5) === iso3 ? 1e9 : 0;
      const at = (i: number, j: number) => (i < 0 || j < 0 || i >= w || j >= h ? 0 : d[j * w + i]);
      for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) {
        const k = j * w + i;
        d[k] = Math.min(d[k], at(i - 1, j) + step, at(i, j - 1) + step, at(i - 1, j - 1) + 1.4 * step, at(i + 1, j - 1) + 1.4 * step);
      }
      for (let j = h - 1; j >= 0; j--) for (let i = w - 1; i >= 0; i--) {
        const k = j * w + i;
        d[k] = Math.min(d[k], at(i + 1, j) + step, at(i, j + 1) + step, at(i + 1, j + 1) + 1.4 * step, at(i - 1, j + 1) + 1.4 * step);
      }
      let best = -1;
      let centre: { x: number; y: number } | null = null;
      for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) {
        if (d[j * w + i] > best) {
          best = d[j * w + i];
          centre = { x: x0 + i * step + 0.5, y: y0 + j * step + 0.5 };
        }
      }
      out.push({
        iso3,
        centre: best > 0 ? centre : null,
        depth: Math.max(best, 0),
        comfortable: r.width >= 24 && r.height >= 24,
        box: middle,
      });
    }
    return out;
  });
}

/** What the card offers after a tap: its country, and the others listed. */
async function tapAndRead(page: Page, x: number, y: number): Promise<{ country: string | null; listed: string[] }> {
  await page.touchscreen.tap(x, y);
  const card = page.locator('.map-card[data-placed]');
  await expect(card).toHaveCount(1, { timeout: 3_000 });
  return card.evaluate((el) => ({
    country: el.getAttribute('data-iso3'),
    listed: [...el.querySelectorAll('.map-card-nearby a')].map((a) => a.getAttribute('data-iso3')!),
  }));
}

/** A point of open sea in the map, far from every country: a tap there closes the card. */
async function seaPoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const view = document.querySelector('.map-viewport')!.getBoundingClientRect();
    const boxes = [...document.querySelectorAll('.map-svg [data-iso3]')].map((el) => el.getBoundingClientRect());
    for (let y = view.bottom - 6; y > view.top + 6; y -= 3) {
      for (let x = view.left + 6; x < view.right - 6; x += 3) {
        const clear = boxes.every((r) => x < r.left - 30 || x > r.right + 30 || y < r.top - 30 || y > r.bottom + 30);
        if (clear) return { x, y };
      }
    }
    return null;
  });
  expect(point, 'open sea in the map').not.toBeNull();
  return point!;
}

async function closeCard(page: Page, sea: { x: number; y: number }) {
  if ((await page.locator('.map-card').count()) === 0) return;
  await page.touchscreen.tap(sea.x, sea.y);
  await expect(page.locator('.map-card')).toHaveCount(0);
}

async function phoneMap(browser: import('@playwright/test').Browser, path: string) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(path);
  await hydrated(page);
  await page.locator('.map-viewport').scrollIntoViewIfNeeded();
  return { context, page };
}

test.describe('taps on the map of a 360 px phone', () => {
  test('the map is taller than the world strip and opens zoomed on the regions', async ({ browser }) => {
    const { context, page } = await phoneMap(browser, '/en/');
    const box = (await page.locator('.map-viewport').boundingBox())!;
    expect(box.height).toBeGreaterThan(box.width * 0.7);
    await expect.poll(() => page.locator('.map-zoom').getAttribute('transform')).toContain('scale(1.45');
    // Every region has countries in view.
    for (const region of ['africa', 'arab-states', 'asia-pacific', 'europe-central-asia', 'latin-america-caribbean']) {
      const inView = await page.evaluate((slug) => {
        const view = document.querySelector('.map-viewport')!.getBoundingClientRect();
        return [...document.querySelectorAll(`.map-svg .region-${slug}`)].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left >= view.left && r.right <= view.right && r.top >= view.top && r.bottom <= view.bottom;
        }).length;
      }, region);
      expect(inView, region).toBeGreaterThan(3);
    }
    // The view it opens on needs nothing in the address.
    await page.waitForTimeout(400);
    expect(page.url()).not.toContain('map=');
    await context.close();
  });

  test('a tap inside a country opens it, at its visual centre exactly it', async ({ browser }) => {
    test.setTimeout(300_000);
    const { context, page } = await phoneMap(browser, '/en/');
    await expect.poll(() => page.locator('.map-zoom').getAttribute('transform')).toContain('scale(1.45');
    const sea = await seaPoint(page);
    const all = await targets(page);
    expect(all.length).toBeGreaterThan(150);
    // Beside a country drawn at least 24 px, the card offers only countries
    // too small to tap themselves (a tiny state beside a large one).
    const small = new Set(all.filter((t) => !t.comfortable).map((t) => t.iso3));
    const failures: string[] = [];
    for (const t of all) {
      if (!t.centre || t.depth < 2) continue;
      await closeCard(page, sea);
      const got = await tapAndRead(page, t.centre.x, t.centre.y);
      if (t.comfortable) {
        if (got.country !== t.iso3 || !got.listed.every((c) => small.has(c))) failures.push(`${t.iso3} (centre): ${got.country} ${got.listed.join(' ')}`);
      } else if (got.country !== t.iso3 && !got.listed.includes(t.iso3)) {
        failures.push(`${t.iso3} (inside): ${got.country} ${got.listed.join(' ')}`);
      }
    }
    expect(failures).toEqual([]);
    await context.close();
  });

  test('every country can be reached by a tap', async ({ browser }) => {
    test.setTimeout(300_000);
    const failures: string[] = [];
    const reached = new Set<string>();
    // The opening view, then the whole world (for what lies outside it).
    for (const path of ['/en/', '/en/?map=1.00,0.0,0.0']) {
      const { context, page } = await phoneMap(browser, path);
      if (path === '/en/') await expect.poll(() => page.locator('.map-zoom').getAttribute('transform')).toContain('scale(1.45');
      const sea = await seaPoint(page);
      for (const t of await targets(page)) {
        if (reached.has(t.iso3)) continue;
        await closeCard(page, sea);
        const point = t.centre && t.depth >= 1 ? t.centre : t.box;
        const got = await tapAndRead(page, point.x, point.y);
        if (got.country === t.iso3 || got.listed.includes(t.iso3)) reached.add(t.iso3);
      }
      await context.close();
    }
    const drawn = await (async () => {
      const { context, page } = await phoneMap(browser, '/en/?map=1.00,0.0,0.0');
      const codes = await page.locator('.map-svg [data-iso3]').evaluateAll((els) => els.map((el) => el.getAttribute('data-iso3')!));
      await context.close();
      return codes;
    })();
    for (const code of drawn) if (!reached.has(code)) failures.push(code);
    expect(failures).toEqual([]);
  });

  test('the card is under the map, never over what was tapped, and a second tap opens the country', async ({ browser }) => {
    const { context, page } = await phoneMap(browser, '/en/');
    await expect.poll(() => page.locator('.map-zoom').getAttribute('transform')).toContain('scale(1.45');
    const brazil = (await targets(page)).find((t) => t.iso3 === 'BRA')!;
    const got = await tapAndRead(page, brazil.centre!.x, brazil.centre!.y);
    expect(got).toEqual({ country: 'BRA', listed: [] });
    const map = (await page.locator('.map-viewport').boundingBox())!;
    const card = (await page.locator('.map-card').boundingBox())!;
    expect(card.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    await expect(page.locator('.map-svg [data-iso3="BRA"]')).toHaveClass(/is-selected/);
    await page.touchscreen.tap(brazil.centre!.x, brazil.centre!.y);
    await expect(page).toHaveURL(/\/en\/countries\/BRA$/);
    await context.close();
  });
});

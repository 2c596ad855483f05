import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { hydrated, watchConsole } from './support';

/** The current transform of the map's zoom group. */
const transformOf = (page: Page) => page.locator('.map-zoom').getAttribute('transform');

/** The summit's first day began at midnight in Doha (UTC+3). */
const SUMMIT_START = Date.parse('2025-11-03T21:00:00Z');

/** Days, hours, minutes and seconds on a counter, as numbers. */
async function counterOf(page: Page, testid: string): Promise<number[]> {
  const text = await page.getByTestId(testid).innerText();
  return (text.match(/\d+/g) ?? []).map(Number);
}

/** Seconds since the summit began, by the browser's clock. */
const elapsedSeconds = (page: Page) => page.evaluate((start) => Math.floor((Date.now() - start) / 1000), SUMMIT_START);

/** Waits until the browser has fetched `path` for a prerender (or anything). */
function fetched(context: BrowserContext, path: string) {
  return context.waitForEvent('requestfinished', { predicate: (r) => new URL(r.url()).pathname === path, timeout: 15_000 });
}

test.describe('navigation that feels instant', () => {
  // Chromium does not prerender under automation (every CDP client, Playwright's
  // included, gets "PrerenderingDisabledByDevTools"), so what is checked here is
  // what a prerender needs from the page: the browser accepts the rules and
  // starts a prerender for the link the pointer rests on, and a page shown
  // after being rendered hidden catches its countdown up at once.
  test('the browser is asked to prerender the link a person points at', async ({ page, context }) => {
    const cdp = await context.newCDPSession(page);
    const rules: string[] = [];
    const attempts: string[] = [];
    cdp.on('Preload.ruleSetUpdated', (e) => rules.push(e.ruleSet.errorType ?? 'ok'));
    cdp.on('Preload.prerenderStatusUpdated', (e) => attempts.push(new URL(e.key.url).pathname));
    await cdp.send('Preload.enable');
    await page.goto('/en/tracker');
    await hydrated(page);
    await expect.poll(() => rules).toContain('ok');
    expect(rules).not.toContain('SourceIsNotJsonObject');
    await page.locator('.site-nav').getByRole('link', { name: 'Home' }).hover();
    await expect.poll(() => attempts, { timeout: 10_000 }).toContain('/en/');
    expect(attempts).not.toContain('/en/sign-in');
  });

  test('a countdown rendered while hidden (prerendered) shows the right time the moment it is shown', async ({ page }) => {
    // The browser's clock under the test's control, and reduced motion (the
    // counter ticks once a minute): ten minutes pass while the page is
    // hidden, as a prerendered page is until it is shown.
    await page.clock.install();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.addInitScript(() => {
      let prerendering = true;
      Object.defineProperty(document, 'prerendering', { get: () => prerendering, configurable: true });
      Object.defineProperty(document, 'hidden', { get: () => prerendering, configurable: true });
      Object.defineProperty(document, 'visibilityState', { get: () => (prerendering ? 'hidden' : 'visible'), configurable: true });
      (window as unknown as { show: () => void }).show = () => {
        prerendering = false;
        document.dispatchEvent(new Event('prerenderingchange'));
      };
    });
    await page.goto('/en/');
    await hydrated(page);
    // Days, hours and minutes (the first three figures, seconds or not).
    const minutesShown = async () => {
      const [days, hours, minutes] = await counterOf(page, 'elapsed');
      return (days * 24 + hours) * 60 + minutes;
    };
    const elapsedMinutes = () => page.evaluate((start) => Math.floor((Date.now() - start) / 60_000), SUMMIT_START);
    const before = await minutesShown();
    await page.clock.fastForward('10:00');
    expect(await minutesShown(), 'hidden: it stood still').toBe(before);
    await page.evaluate(() => (window as unknown as { show: () => void }).show());
    await expect.poll(async () => (await elapsedMinutes()) - (await minutesShown()), { timeout: 3_000 }).toBe(0);
    expect(await minutesShown()).toBeGreaterThanOrEqual(before + 10);
  });

  test('sign-in, account, administration, embeds and saved addresses are never prerendered', async ({ page }) => {
    await page.goto('/en/');
    const rules = JSON.parse((await page.locator('script[type="speculationrules"]').textContent()) ?? '{}');
    const excluded = JSON.stringify(rules.prerender[0].where.and[1].not.href_matches);
    for (const path of ['/*/sign-in', '/*/account', '/*/admin', '/*/embed/*', '/api/*', 'saved=']) {
      expect(excluded).toContain(path);
    }
    // The inline rules are allowed by their hash in the policy: the browser
    // reports no violation for them.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.reload();
    await page.waitForLoadState('load');
    expect(violations).toEqual([]);
  });

  test('the language a person picks is where the site opens next time, and pages set no cookie', async ({ page, context }) => {
    const response = await page.goto('/en/tracker');
    expect(await response?.headerValue('set-cookie')).toBeNull();
    expect(await context.cookies()).toEqual([]);
    await page.locator('.languages summary').click();
    await page.locator('.languages a[hreflang="fr"]').click();
    await expect(page).toHaveURL(/\/fr\/tracker$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/fr\/$/);
  });

  test('a shared map address opens the same view, before and after the wasm', async ({ page, request }) => {
    const html = await (await request.get('/en/?view=progress&map=3.00,-700.0,-250.0')).text();
    expect(html).toContain('scale(3.0000)');
    await page.goto('/en/?view=progress&map=3.00,-700.0,-250.0');
    await hydrated(page);
    expect(await transformOf(page)).toBe('translate(-700.00 -250.00) scale(3.0000)');
    // Reloading keeps it; the mode links keep it too.
    await page.reload();
    await hydrated(page);
    expect(await transformOf(page)).toBe('translate(-700.00 -250.00) scale(3.0000)');
    await expect(page.locator('.map-modes a').first()).toHaveAttribute('href', /map=3\.00,-700\.0,-250\.0/);
  });
});

test.describe('moving between pages', () => {
  // The worker is left out so the test can hold the stylesheet back itself:
  // a late stylesheet is what a page served through the worker often meets.
  test.use({ serviceWorkers: 'block' });

  test('is one view transition even when the stylesheet arrives late, and none under reduced motion', async ({ page }) => {
    const problems = watchConsole(page);
    await page.addInitScript(() => {
      addEventListener('pagereveal', (event) => {
        (window as unknown as { revealedWith: string }).revealedWith =
          (event as Event & { viewTransition?: object | null }).viewTransition ? 'transition' : 'none';
      });
    });
    const revealedWith = () => page.evaluate(() => (window as unknown as { revealedWith?: string }).revealedWith);
    await page.goto('/en/');
    await expect.poll(revealedWith).toBe('none');
    // Every stylesheet from here on arrives half a second late.
    await page.route('**/pkg/*.css', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.locator('.site-header a[href="/en/tracker"]').click();
    await expect(page).toHaveURL(/\/en\/tracker$/);
    await expect.poll(revealedWith).toBe('transition');

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator('.site-header a[href="/en/milestones"]').click();
    await expect(page).toHaveURL(/\/en\/milestones$/);
    await expect.poll(revealedWith).toBe('none');
    expect(problems.filter((p) => !p.includes('blocked by Playwright'))).toEqual([]);
  });
});

test.describe('the map from a keyboard', () => {
  // Taps on a phone: tests/taps.spec.ts.

  for (const lang of ['en', 'ar']) {
    test(`keyboard: Enter picks a country, the arrows move to its neighbours (${lang})`, async ({ page }) => {
      await page.goto(`/${lang}/`);
      await hydrated(page);
      if (lang === 'ar') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      const viewport = page.locator('.map-viewport');
      await viewport.focus();
      await page.keyboard.press('Enter');
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          const r = el?.getBoundingClientRect();
          return el?.getAttribute('data-iso3') ? { iso3: el.getAttribute('data-iso3'), x: r!.x + r!.width / 2, y: r!.y + r!.height / 2 } : null;
        });
      await expect.poll(focused).not.toBeNull();
      const first = (await focused())!;
      await expect(page.locator('.map-card[data-placed]')).toBeVisible();
      // Geography is not mirrored: ArrowRight goes east in Arabic too.
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await focused())?.iso3).not.toBe(first.iso3);
      const east = (await focused())!;
      expect(east.x).toBeGreaterThan(first.x);
      await page.keyboard.press('ArrowDown');
      await expect.poll(async () => (await focused())?.iso3).not.toBe(east.iso3);
      expect((await focused())!.y).toBeGreaterThan(east.y);
      // Escape returns to the map, where the arrows pan again.
      await page.keyboard.press('Escape');
      await expect(viewport).toBeFocused();
      const before = await transformOf(page);
      await page.keyboard.press('+');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => transformOf(page)).not.toBe(before);
      // The help text says so.
      await expect(page.locator('#map-help')).toContainText(lang === 'en' ? 'Enter' : 'Enter');
    });
  }
});

test.describe('links to data', () => {
  test('following a JSON or feed link reports no aborted transition', async ({ page }) => {
    const problems = watchConsole(page);
    for (const link of ['.exports a[href*="tracker.json"]', '.follow a[href*="changes.atom"]']) {
      await page.goto('/en/tracker');
      await hydrated(page);
      await page.locator(link).first().click();
      await expect(page).not.toHaveURL(/\/en\/tracker$/);
      await page.waitForTimeout(500);
    }
    expect(problems.filter((p) => /[Tt]ransition/.test(p))).toEqual([]);
  });
});

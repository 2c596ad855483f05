import { test, expect } from '@playwright/test';
import { watchConsole, hydrated, expectNoA11yViolations, signIn, createEditor, ADMIN, EDITOR_PASSWORD } from './support';

// What people come for a year after Doha: where the follow-up stands, how it
// moved, what it was on a past day, and how to follow its changes.
test.describe('following the follow-up', () => {
  test('the home page leads with the follow-up: regions, what moved, what is at risk', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/en/');
    await hydrated(page);
    const standing = page.getByTestId('standing');
    await expect(standing).toBeVisible();
    await expect(standing).toContainText(/Countries reporting: \d+ of \d+/);
    await expect(standing.locator('.region-card')).toHaveCount(5);
    // One way of writing a share: never "0 %" beside "1 of 322 completed".
    for (const card of await standing.locator('.region-card').all()) {
      await expect(card.locator('.region-completed')).toHaveText(/^(<1%|>99%|\d+%) of \d+ actions completed$/);
    }
    await expect(page.getByTestId('recently-moved')).toBeVisible();
    await expect(page.getByTestId('off-track')).toBeVisible();
    // The follow-up comes first; the summit's counter after the map.
    const standingTop = (await standing.boundingBox())!.y;
    const counterTop = (await page.getByTestId('elapsed').boundingBox())!.y;
    const mapTop = (await page.locator('.map-section').boundingBox())!.y;
    expect(standingTop).toBeLessThan(mapTop);
    expect(mapTop).toBeLessThan(counterTop);
    expect(problems).toEqual([]);
  });

  for (const lang of ['en', 'ar']) {
    test(`the chart of the follow-up over time has a table of the same figures (${lang})`, async ({ page }) => {
      await page.goto(`/${lang}/regions/africa`);
      await hydrated(page);
      const figure = page.getByTestId('timeline');
      const chart = figure.locator('svg[role="img"]');
      await expect(chart).toBeVisible();
      await expect(chart.locator('polyline')).toHaveCount(5);
      // Named without colour: one end label per status.
      await expect(chart.locator('.end-label')).toHaveCount(5);
      await figure.locator('summary').click();
      const table = figure.locator('table');
      await expect(table).toBeVisible();
      await expect(table.locator('thead th')).toHaveCount(6);
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(10);
      if (lang === 'ar') {
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
        // Time runs left to right in Arabic too: the chart keeps LTR geometry.
        expect(await chart.evaluate((svg) => getComputedStyle(svg).direction)).toBe('ltr');
      }
      await expectNoA11yViolations(page, { include: '[data-testid="timeline"]' });
    });
  }

  test('a saved change moves the chart and appears in the feed', async ({ browser, request }) => {
    const admin = await browser.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Tariq Timeline', 'arab-states');
    await admin.close();
    const before = await request.get('/feeds/changes.atom?lang=en&country=EGY');
    const etag = before.headers()['etag'];

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, EDITOR_PASSWORD, '/en/countries/EGY');
    await page.locator('table.actions tr[data-kind="results-measurement"]').getByRole('button', { name: /Edit/ }).click();
    const editor = page.locator('#edit-results-measurement');
    await editor.getByLabel('Status').selectOption('completed');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText(/is now at version \d+/);
    await context.close();

    const after = await request.get('/feeds/changes.atom?lang=en&country=EGY', { headers: { 'If-None-Match': etag } });
    expect(after.status()).toBe(200);
    const xml = await after.text();
    expect(xml).toContain('Egypt: ');
    expect(xml).toContain('Tariq Timeline');
  });

  for (const lang of ['en', 'ar']) {
    test(`a past day's tracker says it is a past state and leads back to today (${lang})`, async ({ page }) => {
      await page.goto(`/${lang}/tracker?region=africa`);
      await hydrated(page);
      await expect(page.getByTestId('past-banner')).toHaveCount(0);
      await page.locator('#as-of-day').fill('2025-11-04');
      await page.locator('form.as-of button').click();
      await expect(page).toHaveURL(/region=africa/);
      await expect(page).toHaveURL(/at=2025-11-04/);
      const banner = page.getByTestId('past-banner');
      await expect(banner).toBeVisible();
      // On the summit's first day nothing had been reported yet.
      const chips = page.locator('tr[data-iso3] .chip');
      expect(await chips.count()).toBeGreaterThan(0);
      const texts = new Set(await chips.allTextContents());
      expect(texts.size).toBe(1);
      // The exports follow the page's day.
      await expect(page.locator('.exports a').first()).toHaveAttribute('href', /at=2025-11-04/);
      await expectNoA11yViolations(page, { include: 'main' });
      await banner.getByRole('link').click();
      await expect(page).not.toHaveURL(/at=/);
      await expect(page).toHaveURL(/region=africa/);
      await expect(page.getByTestId('past-banner')).toHaveCount(0);
    });
  }

  test('pages offer their feed to follow', async ({ page, request }) => {
    await page.goto('/en/countries/GHA');
    const follow = page.getByRole('link', { name: 'Follow the changes' });
    await expect(follow).toBeVisible();
    const href = await follow.getAttribute('href');
    expect(href).toBe('/feeds/changes.atom?lang=en&country=GHA');
    await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', href!);
    const feed = await request.get(href!);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
  });

  test('on a 360 px phone no page is wider than the phone', async ({ browser }) => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const path of ['/en/', '/ar/', '/en/regions/africa', '/en/tracker', '/en/countries/GHA?at=2026-03-01']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});

import { test, expect, type Page } from '@playwright/test';
import { hydrated } from './support';

// Playwright starts Chromium with `--disable-back-forward-cache`; these tests
// need the cache as a person's browser has it (so a file, and a worker, of
// their own).
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

const transformOf = (page: Page) => page.locator('.map-zoom').getAttribute('transform');

test.describe('the back/forward cache', () => {
  test('going back restores the page from the back/forward cache with the map as it was', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page).toHaveURL(/[?&]map=2\.25(,|%2C)/);
    const zoomed = await transformOf(page);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await page.locator('.site-nav').getByRole('link', { name: 'Milestones' }).click();
    await expect(page).toHaveURL(/\/en\/milestones$/);
    // A page restored from the cache fires no new `load`: wait for the commit.
    await page.goBack({ waitUntil: 'commit' });
    await expect(page).toHaveURL(/[?&]map=2\.25(,|%2C)/);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), 'restored, not reloaded').toBe(true);
    expect(await transformOf(page)).toBe(zoomed);
  });

});

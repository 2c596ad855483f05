import { test, expect, type Page } from '@playwright/test';
import { watchConsole, hydrated, expectNoA11yViolations } from './support';

/** The current transform of the map's zoom group. */
const transformOf = (page: Page) => page.locator('.map-zoom').getAttribute('transform');

test.describe('map of regions', () => {
  test('the SVG has a path or marker for every country in the list', async ({ page, request }) => {
    await page.goto('/en/');
    const listed = await page.locator('#country-list a[href*="/countries/"]').count();
    const drawn = await page.locator('.map-svg [data-iso3]').count();
    expect(listed).toBeGreaterThan(240);
    // Every drawn country is a listed one, and only the few the atlas cannot draw are missing.
    expect(drawn).toBeGreaterThan(230);
    expect(listed - drawn).toBeLessThanOrEqual(13);
    const response = await request.get('/api/map?lang=en');
    const data = await response.json();
    // The countries travel as tab-separated rows, ISO3 first (model.rs, country_rows).
    const codes: string[] = (data.countries as string).split('\n').filter(Boolean).map((row) => row.split('\t')[0]);
    for (const code of ['KEN', 'EGY', 'BRA', 'FJI', 'TUV']) {
      expect(codes).toContain(code);
      await expect(page.locator(`.map-svg [data-iso3="${code}"]`)).toHaveCount(1);
    }
  });

  test('clicking a country opens its page', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.locator('.map-svg [data-iso3="BRA"] path').click();
    await expect(page).toHaveURL(/\/en\/countries\/BRA$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Brazil');
  });

  test('hovering a country shows its card', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.locator('.map-svg [data-iso3="KEN"] path').hover();
    const card = page.locator('.map-card');
    await expect(card).toContainText('Kenya');
    await expect(card).toContainText('Africa');
    await expect(card).toContainText('Follow-up: not reported');
  });

  test('dragging pans the map and does not open the country under the pointer', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const before = await transformOf(page);
    const box = await page.locator('.map-viewport').boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 - 40, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => transformOf(page)).not.toBe(before);
    // Still the home page: only the view in the address (`?map=`) changed.
    await expect(page).toHaveURL(/\/en\/(\?map=[^&]+)?$/);
  });

  test('on touch, the first tap shows the card and its link opens the country', async ({ browser }) => {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/en/');
    await hydrated(page);
    await page.locator('.map-svg [data-iso3="BRA"] path').tap();
    const card = page.locator('.map-card');
    await expect(card).toContainText('Brazil');
    await expect(page).toHaveURL(/\/en\/(\?map=[^&]+)?$/);
    await card.getByRole('link', { name: 'Open the country page' }).tap();
    await expect(page).toHaveURL(/\/en\/countries\/BRA$/);
    await context.close();
  });

  test('zoom buttons change the view and reset restores it', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/en/');
    await hydrated(page);
    const start = await transformOf(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => transformOf(page)).not.toBe(start);
    expect(await transformOf(page)).toContain('scale(1.5000)');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Reset the view' }).click();
    await expect.poll(() => transformOf(page)).toBe(start);
    expect(problems).toEqual([]);
  });

  test('keyboard only: Tab to the map, pan, zoom with +, reset, open a region with Enter', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    const viewport = page.locator('.map-viewport');
    // Tab until the map has focus.
    for (let i = 0; i < 120 && !(await viewport.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(viewport).toBeFocused();
    const start = await transformOf(page);
    await page.keyboard.press('+');
    await expect.poll(() => transformOf(page)).toContain('scale(1.5000)');
    const zoomed = await transformOf(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => transformOf(page)).not.toBe(zoomed);
    await page.keyboard.press('Escape');
    await expect.poll(() => transformOf(page)).toBe(start);
    // Onwards to the legend: the first region link opens the region page.
    const africa = page.locator('.legend-regions').getByRole('link', { name: 'Africa', exact: true });
    for (let i = 0; i < 30 && !(await africa.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(africa).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/en\/regions\/africa$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Africa');
  });

  test('search finds Kenya in English, zooms to it and focuses it', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    const start = await transformOf(page);
    await page.getByLabel('Find a country').fill('keny');
    await expect(page.getByRole('option', { name: 'Kenya' })).toBeVisible();
    await page.getByLabel('Find a country').press('Enter');
    await expect.poll(() => transformOf(page)).not.toBe(start);
    await expect(page.locator('.map-svg [data-iso3="KEN"]')).toBeFocused();
    await expect(page.locator('.map-card')).toContainText('Kenya');
  });

  test('search is accent-insensitive: "cote" finds Côte d’Ivoire', async ({ page }) => {
    await page.goto('/fr/');
    await hydrated(page);
    await page.getByLabel('Trouver un pays').fill('cote');
    // UNTERM's French short name, with its straight apostrophe.
    await expect(page.getByRole('option', { name: /Côte d.Ivoire/ })).toBeVisible();
  });

  test('search finds a country by its everyday name and shows the UN name', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.getByLabel('Find a country').fill('vietnam');
    await expect(page.getByRole('option', { name: 'Viet Nam' })).toBeVisible();
    await page.getByLabel('Find a country').fill('laos');
    await expect(page.getByRole('option', { name: "Lao People's Democratic Republic" })).toBeVisible();
  });

  test('search finds كينيا on the Arabic page', async ({ page }) => {
    await page.goto('/ar/');
    await hydrated(page);
    await page.getByLabel('البحث عن بلد').fill('كينيا');
    await expect(page.getByRole('option', { name: 'كينيا' })).toBeVisible();
    await page.getByLabel('البحث عن بلد').press('Enter');
    await expect(page.locator('.map-svg [data-iso3="KEN"]')).toBeFocused();
  });

  test('progress mode is in the URL and its legend says nothing is reported', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.getByRole('link', { name: 'Follow-up progress' }).click();
    await expect(page).toHaveURL(/\?view=progress$/);
    await expect(page.locator('.world-map')).toHaveClass(/view-progress/);
    await expect(page.locator('.legend-progress')).toContainText('Not reported');
  });

  test('a region page shows the map zoomed to its region', async ({ page }) => {
    await page.goto('/en/regions/latin-america-caribbean');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Latin America and the Caribbean');
    expect(await transformOf(page)).not.toContain('scale(1.0000)');
    await expect(page.locator('#country-list')).toContainText('Brazil');
  });

  test('following a link to a region page draws its map', async ({ page }) => {
    await page.goto('/en/countries/KEN');
    await hydrated(page);
    await page.getByRole('link', { name: 'Africa' }).first().click();
    await expect(page).toHaveURL(/\/en\/regions\/africa$/);
    await expect(page.locator('.map-svg [data-iso3="KEN"]')).toHaveCount(1);
  });

  test('download SVG saves the current view', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download SVG' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('social-summit-map.svg');
  });

  for (const lang of ['en', 'ar']) {
    test(`no accessibility violations on the map, region and country pages in ${lang}`, async ({ page }) => {
      // Four pages, the map scanned whole on two of them: a scan of its
      // shapes takes seconds on two cores, so this test has a longer budget.
      test.slow();
      for (const [path, scope] of [
        [`/${lang}/`, { map: true }],
        [`/${lang}/?view=progress`, { include: '.world-map', map: true }],
        [`/${lang}/regions/africa`, {}],
        [`/${lang}/countries/KEN`, {}],
      ] as const) {
        await page.goto(path);
        await hydrated(page);
        await expectNoA11yViolations(page, scope);
      }
    });
  }
});

import { test, expect } from '@playwright/test';
import { watchConsole, hydrated, expectNoA11yViolations } from './support';

test.describe('countdowns and milestones', () => {
  test('the summit counter ticks and the home page says nothing is upcoming', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/en/');
    await hydrated(page);
    const counter = page.getByTestId('elapsed');
    const before = await counter.textContent();
    await expect.poll(() => counter.textContent(), { timeout: 5_000 }).not.toBe(before);
    await expect(page.getByTestId('none-upcoming')).toHaveText('No upcoming milestone has been announced yet.');
    expect(problems).toEqual([]);
  });

  for (const [zone, other] of [['America/New_York', 'Asia/Tokyo']]) {
    test(`the viewer's time follows the browser zone (${zone} vs ${other}); Doha time does not`, async ({ browser }) => {
      const read = async (timezoneId: string) => {
        const context = await browser.newContext({ timezoneId });
        const page = await context.newPage();
        await page.goto('/en/milestones');
        await hydrated(page);
        const summit = page.locator('#summit');
        const viewer = summit.getByTestId('viewer-zone');
        await expect(viewer).toBeVisible();
        const result = {
          own: await summit.getByTestId('own-zone').textContent(),
          viewer: await viewer.textContent(),
        };
        await context.close();
        return result;
      };
      const a = await read(zone);
      const b = await read(other);
      expect(a.own).toBe(b.own);
      expect(a.own).toContain('4 November 2025 – 6 November 2025');
      // Zones by the names a reader knows, never by IANA identifier.
      expect(a.own).toContain('Qatar Time');
      expect(a.viewer).not.toBe(b.viewer);
      expect(a.viewer).toContain('Eastern Time');
      expect(b.viewer).toContain('Japan');
      for (const text of [a.own, a.viewer, b.viewer]) expect(text).not.toMatch(/[A-Z][a-z]+\/[A-Z]/);
      // Midnight in Doha is 4 PM the day before in New York.
      expect(a.viewer).toMatch(/Nov 3, 2025, 4:00\s?PM/);
    });
  }

  test('the timeline lists past milestones, filters by kind and region, and offers .ics files', async ({ page }) => {
    await page.goto('/en/milestones');
    await hydrated(page);
    await expect(page.locator('#csocd-64')).toContainText('64th session of the Commission for Social Development');
    await page.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('regional-briefing');
    await page.getByRole('combobox', { name: 'Region', exact: true }).selectOption('africa');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/kind=regional-briefing/);
    await expect(page.locator('.milestone')).toHaveCount(1);
    await expect(page.locator('#briefing-africa')).toBeVisible();
    const link = page.locator('#briefing-africa').getByRole('link', { name: 'Add to calendar (.ics)' });
    await expect(link).toHaveAttribute('href', '/api/v1/milestones/briefing-africa.ics?lang=en');
    const response = await page.request.get('/api/v1/milestones/briefing-africa.ics');
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toContain('DTSTART;VALUE=DATE:20250828');
  });

  test('Arabic uses its plural forms', async ({ page }) => {
    await page.goto('/ar/milestones');
    await hydrated(page);
    const text = await page.locator('.timeline').first().textContent() ?? '';
    const all = await page.locator('main').textContent() ?? '';
    // 390-odd days is the "many" form (يومًا); hours and minutes use their own forms.
    expect(all).toMatch(/\d+ يومًا/);
    expect(text.length).toBeGreaterThan(0);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  });

  for (const lang of ['en', 'ar']) {
    test(`no accessibility violations on the milestones page in ${lang}`, async ({ page }) => {
      await page.goto(`/${lang}/milestones`);
      await hydrated(page);
      await expectNoA11yViolations(page);
    });
  }
});

test.describe('tracker', () => {
  test('filters live in the URL and the exports follow them', async ({ page }) => {
    await page.goto('/en/tracker');
    await hydrated(page);
    await expect(page.locator('tr.totals')).toHaveCount(5);
    await page.getByRole('combobox', { name: 'Region', exact: true }).selectOption('latin-america-caribbean');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/region=latin-america-caribbean/);
    await expect(page.locator('tr.totals')).toHaveCount(1);
    await expect(page.locator('tr[data-iso3="BRA"]')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /region=latin-america-caribbean/);
  });

  for (const lang of ['en', 'ar']) {
    test(`no accessibility violations on the tracker and a country page in ${lang}`, async ({ page }) => {
      for (const path of [`/${lang}/tracker`, `/${lang}/countries/KEN`]) {
        await page.goto(path);
        await hydrated(page);
        await expectNoA11yViolations(page);
      }
    });
  }
});

import { test, expect } from '@playwright/test';
import { watchConsole, hydrated, expectNoA11yViolations } from './support';

test.describe('home page', () => {
  test('English: summit, briefings and a ticking counter, without console errors', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/en/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Second World Summit for Social Development',
    );
    await expect(page.locator('.briefing')).toHaveCount(5);
    await expect(page.locator('.briefing').first()).toContainText('Europe and Central Asia');
    await expect(page.locator('.briefing').first()).toContainText('16 July 2025');

    await hydrated(page);
    const counter = page.getByTestId('elapsed');
    const before = await counter.textContent();
    await expect.poll(() => counter.textContent(), { timeout: 5_000 }).not.toBe(before);
    expect(problems).toEqual([]);
  });

  test('Arabic: right-to-left, in Arabic, and ticking', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/ar/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'مؤتمر القمة العالمي الثاني للتنمية الاجتماعية',
    );
    await expect(page.locator('.briefing').last()).toContainText('أفريقيا');
    // The layout mirrors: the brand sits at the right edge.
    const brand = await page.locator('.brand').boundingBox();
    const width = page.viewportSize()?.width ?? 0;
    expect(brand && brand.x > width / 2).toBeTruthy();

    await hydrated(page);
    const counter = page.getByTestId('elapsed');
    const before = await counter.textContent();
    await expect.poll(() => counter.textContent(), { timeout: 5_000 }).not.toBe(before);
    expect(problems).toEqual([]);
  });

  test('switching language keeps the page and works after hydration', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto('/en/');
    await hydrated(page);
    // One control: the page's language, opening the six.
    const menu = page.getByRole('navigation', { name: 'Languages' });
    await menu.locator('summary').click();
    await menu.getByRole('link', { name: 'Français' }).click();
    await expect(page).toHaveURL(/\/fr\/$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Deuxième Sommet mondial pour le développement social',
    );
    const langues = page.getByRole('navigation', { name: 'Langues' });
    await langues.locator('summary').click();
    await langues.getByRole('link', { name: 'العربية' }).click();
    await expect(page).toHaveURL(/\/ar\/$/);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    expect(problems).toEqual([]);
  });

  test('works without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/es/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Segunda Cumbre Mundial sobre Desarrollo Social',
    );
    await expect(page.locator('.briefing')).toHaveCount(5);
    // The language choice opens without a script (a <details> element).
    await page.locator('.language-menu summary').click();
    await page.getByRole('link', { name: 'Русский' }).click();
    await expect(page).toHaveURL(/\/ru\/$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await context.close();
  });

  test('the skip link moves focus to the main content', async ({ page }) => {
    await page.goto('/en/');
    await hydrated(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });

  for (const lang of ['en', 'ar', 'zh', 'fr', 'ru', 'es']) {
    test(`no accessibility violations in ${lang}`, async ({ page }) => {
      await page.goto(`/${lang}/`);
      await hydrated(page);
      await expectNoA11yViolations(page);
    });
  }
});

test.describe('routing', () => {
  test('/ redirects to the browser language', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/ru\/$/);
    await context.close();
  });

  test('an unknown page is a translated 404', async ({ page }) => {
    const response = await page.goto('/fr/nulle-part');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expectNoA11yViolations(page);
  });
});

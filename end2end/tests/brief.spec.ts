import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoA11yViolations } from './support';

// Briefs for a meeting (issue 31): reached from the country, region and
// tracker pages, printed to PDF by the browser with the print stylesheet
// (read back with poppler's pdftotext), and the server's own PDF.

const SHOTS = join(__dirname, '..', 'screenshots');
const locale = (lang: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'app', 'locales', `${lang}.json`), 'utf8'));

test('a brief is reached from the country, region and tracker pages', async ({ page }) => {
  const en = locale('en');
  await page.goto('/en/countries/KEN');
  await page.getByTestId('brief-link').click();
  await expect(page).toHaveURL(/\/en\/countries\/KEN\/brief$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kenya — follow-up brief');
  await page.goto('/en/regions/africa');
  await page.getByTestId('brief-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Africa — follow-up brief');
  await page.goto('/en/tracker');
  const links = page.getByTestId('report-links');
  await expect(links).toContainText(en.brief.link);
  await links.getByRole('link', { name: 'Arab States' }).click();
  await expect(page).toHaveURL(/\/en\/regions\/arab-states\/brief$/);
  // A chosen period, from the form.
  await page.getByLabel(en.brief.from_label).fill('2026-01-01');
  await page.getByLabel(en.brief.at_label).fill('2026-06-30');
  await page.getByRole('button', { name: en.brief.show }).click();
  await expect(page.getByTestId('brief')).toContainText('30 June 2026');
});

test('a brief prints to an A4 PDF from the browser, in Arabic', async ({ browser }) => {
  const ar = locale('ar');
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await page.goto('/ar/countries/KEN/brief');
  const title = ar.brief.title.replace('{{ place }}', 'كينيا');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(sideways).toBe(false);
  await expectNoA11yViolations(page, { include: 'main' });
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'brief-ar-phone.png'), fullPage: true });

  // The print stylesheet: only the brief.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.brief-controls')).toBeHidden();
  const printed = join(SHOTS, 'brief-ar-printed.pdf');
  writeFileSync(printed, await page.pdf({ format: 'A4' }));
  const text = execFileSync('pdftotext', [printed, '-']).toString();
  expect(text).toContain('كينيا');
  // (A heading without a lam-alef ligature: pdftotext reverses those.)
  expect(text).toContain(ar.brief.sources);
  // Only the brief: not the offline set's controls.
  expect(text).not.toContain(ar.pwa.offline_turn_off);

  // The server's PDF, the same for everyone.
  const href = await page.getByTestId('brief-pdf').getAttribute('href');
  expect(href).toMatch(/^\/api\/v1\/brief\.pdf\?lang=ar&country=KEN&from=\d{4}-\d{2}-\d{2}&at=\d{4}-\d{2}-\d{2}$/);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const served = join(SHOTS, 'brief-ar-server.pdf');
  writeFileSync(served, await response.body());
  expect(execFileSync('pdftotext', [served, '-']).toString()).toContain('كينيا');
  await context.close();
});

import { test, expect } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoA11yViolations, signIn, ADMIN } from './support';

// The spreadsheet round-trip (issue 31) as a person does it: from a
// country's page to the spreadsheets page, a file chosen, the dry run
// read on a phone in Arabic, the change saved, and the history naming the
// file. Senegal is used so no other test's pages change.

const SHOTS = join(__dirname, '..', 'screenshots');
const locale = (lang: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'app', 'locales', `${lang}.json`), 'utf8')).sheets;

test('a country is updated from a spreadsheet on a phone in Arabic', async ({ browser }) => {
  const ar = locale('ar');
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/ar/countries/SEN');
  // The template of this country's actions, in Arabic.
  const template = page.getByRole('link', { name: ar.link_template });
  const href = await template.getAttribute('href');
  expect(href).toBe('/api/v1/sheets/template.xlsx?lang=ar&country=SEN');
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain("filename*=UTF-8''");
  await page.getByRole('link', { name: ar.link_page }).click();
  await expect(page).toHaveURL(/\/ar\/spreadsheets$/);

  // A CSV as another program writes it: English keys, the version read
  // from the API.
  const senegal = await (await page.request.get('/api/v1/countries/SEN')).json();
  const version = senegal.actions.find((a: { kind: string }) => a.kind === 'national-strategy').version;
  const csv = `place,action,version,status,note\nSEN,national-strategy,${version},at-risk,Budget delayed to 2027.\n`;
  await page.getByLabel(ar.upload_label).setInputFiles({ name: 'senegal.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: ar.upload_button }).click();
  await expect(page).toHaveURL(/\/ar\/spreadsheets\/[0-9a-f]{32}$/);
  const row = page.locator('tr[data-outcome="change"]');
  await expect(row).toContainText(ar.outcome_change);
  await expect(row).toContainText('السنغال');
  await expect(row).toContainText('Budget delayed to 2027.');
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(sideways).toBe(false);
  await expectNoA11yViolations(page, { include: 'main' });
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'sheet-dry-run-ar-phone.png'), fullPage: true });

  await page.getByRole('button', { name: ar.apply_button }).click();
  await expect(page.getByTestId('sheet-done')).toHaveText(ar.applied_heading);
  await expect(page.getByTestId('sheet-result')).toHaveText(ar.result_published);
  await page.goto('/ar/countries/SEN');
  await expect(page.locator('.history-source').first()).toContainText('senegal.csv');
  await context.close();
});

test('a file that is not a spreadsheet is refused with its reason', async ({ page }) => {
  const en = locale('en');
  await signIn(page, ADMIN.email, ADMIN.password, '/en/spreadsheets');
  await page.getByLabel(en.upload_label).setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  });
  await page.getByRole('button', { name: en.upload_button }).click();
  await expect(page.getByTestId('sheet-refused')).toContainText(en.file_not_a_spreadsheet);
  await expectNoA11yViolations(page, { include: 'main' });
  await page.screenshot({ path: join(SHOTS, 'sheet-refused-en.png'), fullPage: true });
});

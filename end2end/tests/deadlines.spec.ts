import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoA11yViolations, hydrated, signIn, watchConsole, ADMIN } from './support';

// Deadlines (issue 29): an administrator sets one on the administration
// page, a wrong one is refused with its reason beside the field, and
// readers see it in words and by shape — on a phone in Arabic as on a
// desktop in English — and filter the tracker by it. Malawi's own deadline
// is used so no other test's pages change.

const SHOTS = join(__dirname, '..', 'screenshots');

test('an administrator sets a deadline and readers see it in words, on a phone and in Arabic', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const problems = watchConsole(admin);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto('/en/admin');
  await hydrated(admin);
  const form = admin.locator('form[aria-labelledby="deadlines-admin-heading"]');
  await form.getByLabel('Action').selectOption('national-strategy');
  await form.getByLabel(/^Country \(ISO/).fill('MWI');
  await form.getByLabel('Due by the end of').fill('2026-03-01');

  // A zone that does not exist is refused beside its field; nothing is set.
  await form.getByLabel('Time zone (IANA)').fill('Mars/Olympus');
  await form.getByRole('button', { name: 'Set the deadline' }).click();
  await expect(admin.locator('#deadline-zone-errors')).toContainText('Not a time zone');
  const deadlines = admin.locator('section[aria-labelledby="deadlines-admin-heading"]');
  await expect(deadlines).not.toContainText('Malawi');

  await form.getByLabel('Time zone (IANA)').fill('Africa/Blantyre');
  await form.getByRole('button', { name: 'Set the deadline' }).click();
  await expect(deadlines.locator('li[data-kind="national-strategy"]')).toContainText('Malawi');
  await expect(deadlines).toContainText('1 March 2026');
  await expectNoA11yViolations(admin, { include: 'section[aria-labelledby="deadlines-admin-heading"]' });
  // The refused zone's 422 is the one failed request the browser logs.
  expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
  await adminContext.close();

  // On a phone, in Arabic: the state in words with its mark, the day in
  // Arabic, the zone by its name (never Africa/Blantyre).
  const phoneContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const phone = await phoneContext.newPage();
  await phone.goto('/ar/countries/MWI');
  const row = phone.locator('table.actions tr[data-kind="national-strategy"]');
  const due = row.locator('.due-cell');
  await expect(due.locator('[data-due="overdue"]')).toHaveText(/✖\s*متأخر/);
  await expect(due).toContainText('موعد نهائي خاص بهذا البلد');
  await expect(due).not.toContainText('Africa/Blantyre');
  const sideways = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(sideways).toBe(false);
  await expectNoA11yViolations(phone, { include: 'table.actions' });
  mkdirSync(SHOTS, { recursive: true });
  await row.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: join(SHOTS, 'deadline-ar-phone.png') });
  await phoneContext.close();

  // On a desktop: the tracker filtered to what is overdue.
  const readerContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const reader = await readerContext.newPage();
  await reader.goto('/en/tracker');
  await hydrated(reader);
  await reader.getByLabel('Deadline').selectOption('overdue');
  await reader.getByRole('button', { name: 'Apply' }).click();
  await expect(reader).toHaveURL(/due=overdue/);
  const malawi = reader.locator('table.tracker tr[data-iso3="MWI"]');
  await expect(malawi).toBeVisible();
  await expect(malawi.locator('[data-due="overdue"]')).toHaveText(/Overdue/);
  await expect(reader.locator('table.tracker tr[data-iso3="KEN"]')).toHaveCount(0);
  await reader.screenshot({ path: join(SHOTS, 'deadline-tracker-en.png') });
  await readerContext.close();
});

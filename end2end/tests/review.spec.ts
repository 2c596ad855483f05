import { test, expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createAccount,
  expectNoA11yViolations,
  hydrated,
  signIn,
  watchConsole,
  ADMIN,
  EDITOR_PASSWORD,
} from './support';

// Review before publishing (issue 29), as the people who do it: an
// administrator turns it on for Africa; an editor on a 360 px phone, in
// Arabic, proposes a change to Uganda's national strategy; a reviewer at a
// desk returns it with a comment; the editor reads the comment and revises;
// the reviewer approves. Readers and the feed see the old state until then.
// Review is a site-wide switch, so this file runs after every other one
// (its own project in playwright.config.ts) and turns it off again.

const SHOTS = join(__dirname, '..', 'screenshots');
const KIND = 'national-strategy';
const row = (page: Page) => page.locator(`table.actions tr[data-kind="${KIND}"]`);

/** Uganda's strategy as a new reader sees it (a browser of their own: a
 *  browser may show what it kept for a few seconds, `stale-while-revalidate`):
 *  its status chip's text, and the row's text. */
async function publicRow(browser: Browser): Promise<[string, string]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/en/countries/UGA');
  const status = (await row(page).locator('.chip').first().textContent())?.trim() ?? '';
  const text = (await row(page).textContent()) ?? '';
  await context.close();
  return [status, text];
}

async function publicStatus(browser: Browser): Promise<string> {
  return (await publicRow(browser))[0];
}

async function ugandaFeed(page: Page): Promise<string> {
  const response = await page.request.get('/feeds/changes.atom?country=UGA&lang=en', {
    headers: { 'cache-control': 'no-cache' },
  });
  expect(response.status()).toBe(200);
  return response.text();
}

async function setReview(page: Page, africa: boolean): Promise<void> {
  await page.goto('/en/admin');
  await hydrated(page);
  const section = page.locator('section[aria-labelledby="review-admin-heading"]');
  const box = section.getByLabel('Africa');
  if (africa) await box.check();
  else await box.uncheck();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toContainText('Saved');
}

test('a change proposed on a phone is returned, revised and approved before readers see it', async ({ browser }) => {
  test.slow();
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  const editorEmail = await createAccount(admin, 'Amani Uganda', 'editor', 'africa');
  const reviewerEmail = await createAccount(admin, 'Rose Reviewer', 'reviewer', 'africa');
  await setReview(admin, true);
  await expectNoA11yViolations(admin, { include: 'section[aria-labelledby="review-admin-heading"]' });

  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  const before = await publicStatus(browser);
  expect(before).not.toBe('');

  // The editor, on a phone, in Arabic.
  const phoneContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const phone = await phoneContext.newPage();
  const problems = watchConsole(phone);
  await signIn(phone, editorEmail, EDITOR_PASSWORD, '/en/countries/UGA');
  await phone.goto('/ar/countries/UGA');
  await hydrated(phone);
  await row(phone).getByRole('button', { name: 'تعديل' }).click();
  const form = phone.locator(`#edit-${KIND}`);
  await expect(form).toBeVisible();
  await expect(form).toContainText('المراجعة قبل النشر مفعّلة هنا');
  await form.locator('select[name="status"]').selectOption('in-progress');
  await form.locator('textarea[name="note"]').fill('Draft strategy sent to cabinet.');
  await form.getByRole('button', { name: 'حفظ' }).click();
  await expect(phone.getByRole('status')).toContainText('أُرسل تغييرك');
  const sideways = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(sideways).toBe(false);

  // Readers and the feed still see the published state.
  expect(await publicStatus(browser)).toBe(before);
  expect(await ugandaFeed(reader)).not.toContain('Draft strategy sent to cabinet.');

  // The reviewer returns it with a comment.
  const deskContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk = await deskContext.newPage();
  await signIn(desk, reviewerEmail, EDITOR_PASSWORD, '/en/review');
  const proposal = desk.locator(`article.proposal[data-kind="${KIND}"]`).filter({ hasText: 'Uganda' }).first();
  await expect(proposal).toHaveAttribute('data-state', 'pending');
  await expect(proposal).toContainText('Draft strategy sent to cabinet.');
  // No mail server here: the reviewer is told the author hears of it only on the site.
  await expect(desk.getByTestId('review-mail')).toContainText('This site sends no e-mail');
  await expectNoA11yViolations(desk, { include: 'main' });
  await proposal.getByLabel('Why it goes back (the editor sees this)').fill('Which cabinet decision? Add its link.');
  await proposal.getByRole('button', { name: 'Return with a comment' }).click();
  await expect(desk.getByTestId('review-done')).toContainText('Returned to its author');

  // The editor reads the comment on the country page, and revises.
  await phone.goto('/ar/countries/UGA');
  await hydrated(phone);
  const notice = phone.locator(`li.review-notice[data-kind="${KIND}"]`);
  await expect(notice).toHaveAttribute('data-state', 'returned');
  await expect(notice).toContainText('Which cabinet decision? Add its link.');
  await expectNoA11yViolations(phone, { include: 'ul.review-notices' });
  mkdirSync(SHOTS, { recursive: true });
  await notice.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: join(SHOTS, 'review-returned-ar-phone.png') });
  await row(phone).getByRole('button', { name: 'تعديل' }).click();
  await expect(form.locator('textarea[name="note"]')).toHaveValue('Draft strategy sent to cabinet.');
  await form.locator('textarea[name="evidence"]').fill('https://uganda.un.org/en/cabinet-decision');
  await form.getByRole('button', { name: 'حفظ' }).click();
  await expect(phone.getByRole('status')).toContainText('أُرسل تغييرك');
  expect(await publicStatus(browser)).toBe(before);

  // The reviewer approves: now readers and the feed have it.
  await desk.goto('/en/review');
  await hydrated(desk);
  await expect(proposal).toHaveAttribute('data-state', 'pending');
  await expect(proposal).toContainText('https://uganda.un.org/en/cabinet-decision');
  await desk.screenshot({ path: join(SHOTS, 'review-page-en.png'), fullPage: true });
  await proposal.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(desk.getByTestId('review-done')).toContainText('Approved and published');
  const [status, text] = await publicRow(browser);
  expect(status).toBe('In progress');
  expect(text).toContain('https://uganda.un.org/en/cabinet-decision');
  expect(await ugandaFeed(reader)).toContain('Draft strategy sent to cabinet.');

  // The editor's e-mail choices, on the phone in Arabic: no mail server is
  // set up here, and the page says so.
  await phone.goto('/ar/account');
  await hydrated(phone);
  const mail = phone.getByTestId('mail-choices');
  await expect(mail.getByTestId('mail-off')).toBeVisible();
  await mail.getByLabel('لغة الرسائل').selectOption('ar');
  await mail.getByLabel('تذكيرات قبل الموعد النهائي').uncheck();
  await mail.getByRole('button', { name: 'احفظ خيارات البريد' }).click();
  await expect(phone).toHaveURL(/\/ar\/account\?mail=saved#mail$/);
  await expect(mail.getByRole('status')).toContainText('حُفظت');
  await expect(mail.getByLabel('تذكيرات قبل الموعد النهائي')).not.toBeChecked();
  await expect(mail.getByLabel('إعادة تغيير اقترحته')).toBeChecked();
  await expectNoA11yViolations(phone, { include: '#mail' });
  await mail.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: join(SHOTS, 'mail-choices-ar-phone.png') });

  expect(problems).toEqual([]);
  await setReview(admin, false);
  await Promise.all([adminContext, readerContext, phoneContext, deskContext].map((c) => c.close()));
});

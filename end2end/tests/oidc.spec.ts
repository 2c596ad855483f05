import { test, expect, type Page, type ConsoleMessage } from '@playwright/test';
import { join } from 'node:path';
import { ADMIN, expectNoA11yViolations, signIn, watchConsole } from './support';

// Signing in with an organisation's account (issue 30), against the real
// OpenID provider playwright.config.ts starts ("UN Test IdP", npm's
// oidc-provider): an administrator writes a rule on the administration
// page; a country-team member signs in on a 360 px phone in Arabic, gets an
// account, signs out, and the provider asks who they are again (its
// session ended too); someone no rule covers is told their request waits,
// and an administrator approves it.

const SHOTS = join(__dirname, '..', 'screenshots');

// One provider for the whole file, and one test tampers with its next
// answer: the tests take turns.
test.describe.configure({ mode: 'serial' });

/** Console errors and warnings of this site's pages (the provider's own
 *  pages are not ours: it has no favicon, for one). */
function watchOurConsole(page: Page, site: string): string[] {
  const problems: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    const ours = (msg.location().url || page.url()).startsWith(site);
    if ((msg.type() === 'error' || msg.type() === 'warning') && ours) {
      problems.push(`${msg.type()}: ${msg.text()} (${msg.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** Presses the provider's button and, at the provider, signs in as `login`. */
async function throughProvider(page: Page, lang: string, login: string): Promise<void> {
  await page.goto(`/${lang}/sign-in`);
  const button = page.getByRole('button', { name: /UN Test IdP/ });
  await expect(button).toBeVisible();
  await button.click();
  await expect(page.getByLabel('User')).toBeVisible();
  await page.getByLabel('User').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a country team member signs in with the organisation’s account, in Arabic on a phone', async ({ browser, baseURL }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminProblems = watchConsole(admin);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto('/en/admin');
  const section = admin.getByTestId('sign-in-admin');
  await expect(section).toContainText('People can sign in with: UN Test IdP.');
  const form = section.locator('form[aria-labelledby="new-rule-heading"]');
  await form.getByLabel('Provider', { exact: true }).selectOption({ label: 'UN Test IdP' });
  await form.getByLabel('What the provider says').selectOption('group');
  await form.getByLabel('Value').fill('summit-africa-editors');
  await form.getByLabel('Role').selectOption('editor');
  await form.getByLabel('Region').selectOption('africa');
  await form.getByRole('button', { name: 'Add the rule' }).click();
  await expect(section.getByRole('cell', { name: 'summit-africa-editors' })).toBeVisible();
  await expectNoA11yViolations(admin, { include: '[data-testid="sign-in-admin"]' });

  const phoneContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const phone = await phoneContext.newPage();
  const problems = watchOurConsole(phone, baseURL ?? '');
  await phone.goto('/ar/sign-in');
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(phone.getByRole('button', { name: 'تسجيل الدخول عبر UN Test IdP' })).toBeVisible();
  await expectNoA11yViolations(phone, { include: 'main' });
  await phone.screenshot({ path: join(SHOTS, 'sign-in-providers-ar-phone.png'), fullPage: true });
  // Nothing sticks out sideways at 360 px.
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await throughProvider(phone, 'ar', 'amina');
  await expect(phone).toHaveURL(/\/ar\/account$/);
  await expect(phone.getByRole('heading', { name: 'Amina Diallo' })).toBeVisible();
  await phone.screenshot({ path: join(SHOTS, 'signed-in-with-provider-ar-phone.png'), fullPage: true });

  // Signing out ends the provider's session too: back home, and the next
  // sign-in asks who it is again.
  await phone.getByRole('button', { name: 'تسجيل الخروج' }).click();
  await expect(phone).toHaveURL(/\/ar\/(\?.*)?$/);
  await phone.goto('/ar/sign-in');
  await phone.getByRole('button', { name: /UN Test IdP/ }).click();
  await expect(phone.getByLabel('User')).toBeVisible();

  expect(problems).toEqual([]);
  expect(adminProblems).toEqual([]);
  await phoneContext.close();
  await adminContext.close();
});

test('someone no rule covers waits for an administrator, who approves them', async ({ browser }) => {
  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  await throughProvider(person, 'ru', 'boris');
  await expect(person).toHaveURL(/\/ru\/sign-in\?failed=awaiting-approval$/);
  await expect(person.getByRole('alert')).toContainText('Запрос передан администраторам');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto('/en/admin');
  const request = admin.getByTestId('sign-in-request').filter({ hasText: 'boris.ivanov@e2e.example' });
  await expect(request).toContainText('Борис Иванов');
  await admin.getByTestId('sign-in-admin').screenshot({ path: join(SHOTS, 'sign-in-admin-en.png') });
  await request.getByLabel('Role').selectOption('reviewer');
  await request.getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByRole('cell', { name: 'boris.ivanov@e2e.example' })).toBeVisible();

  // The provider still knows them: straight back, signed in.
  await person.goto('/ru/sign-in');
  await person.getByRole('button', { name: /UN Test IdP/ }).click();
  await expect(person).toHaveURL(/\/ru\/account$/);
  await expect(person.getByRole('heading', { name: 'Борис Иванов' })).toBeVisible();
  await personContext.close();
  await adminContext.close();
});

test('a forged answer from the provider is refused with a reason, in French', async ({ browser, request }) => {
  // The provider's next ID token is made out to another client.
  const tampered = await request.post(`${process.env.E2E_IDP_ISSUER}/test/tamper`, { data: { mode: 'audience' } });
  expect(tampered.status()).toBe(204);
  const context = await browser.newContext();
  const page = await context.newPage();
  await throughProvider(page, 'fr', 'amina');
  await expect(page).toHaveURL(/\/fr\/sign-in\?failed=invalid$/);
  await expect(page.getByRole('alert')).toContainText('n’a pas pu être vérifiée');
  await page.goto('/fr/account');
  await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible();
  await context.close();
});

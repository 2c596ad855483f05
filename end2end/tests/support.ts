import { expect, type Page, type ConsoleMessage } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Collects console errors and warnings (hydration mismatches are logged there) and page errors. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      problems.push(`${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** Resolves once the wasm has hydrated the page (the frontend marks <html>).
 *  A map hydrates when it comes into view, as it does for a person scrolling
 *  to it: it is brought into view and waited for too. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  const map = page.locator('.world-map');
  if ((await map.count()) > 0) {
    await map.scrollIntoViewIfNeeded();
    await expect(map).toHaveAttribute('data-ready', 'true');
  }
}

/** What an accessibility scan covers: the part of the page a test is about
 *  (`include`, a CSS selector; default the whole page), and whether the map's
 *  two hundred linked shapes are scanned too. They are the slow part of any
 *  scan on two cores, so only the map's own tests include them (`map: true`);
 *  every other scan leaves them out and covers the rest of the page. */
export interface A11yScope {
  include?: string;
  map?: boolean;
}

/** Zero axe-core violations against WCAG 2.1 A and AA in `scope`. */
export async function expectNoA11yViolations(page: Page, scope: A11yScope = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (scope.include) builder = builder.include(scope.include);
  if (!scope.map && (await page.locator('.world-map .countries').count()) > 0) {
    builder = builder.exclude('.world-map .countries');
  }
  const results = await builder.analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}

/** The administrator `playwright.config.ts` has the server create. */
export const ADMIN = { email: 'admin@e2e.example', password: 'e2e administrator password' };

/** Signs in through the form and waits for the account page. */
export async function signIn(page: Page, email: string, password: string, next?: string): Promise<void> {
  await page.goto(next ? `/en/sign-in?next=${encodeURIComponent(next)}` : '/en/sign-in');
  await hydrated(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(next ? new RegExp(`${next}$`) : /\/en\/account$/);
}

/** Creates an editor through the administration page; returns its e-mail address. */
export async function createEditor(page: Page, name: string, region: string, countries = ''): Promise<string> {
  return createAccount(page, name, 'editor', region, countries);
}

/** Creates an account of `role` (editor, reviewer) through the administration page. */
export async function createAccount(
  page: Page,
  name: string,
  role: 'editor' | 'reviewer',
  region: string,
  countries = '',
): Promise<string> {
  const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.example`;
  await page.goto('/en/admin');
  await hydrated(page);
  const form = page.locator('form[aria-labelledby="new-user-heading"]');
  await form.getByLabel('E-mail address').fill(email);
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption(role);
  await form.getByLabel('Region').selectOption(region);
  await form.getByLabel(/^Countries/).fill(countries);
  await form.getByLabel('Password').fill(EDITOR_PASSWORD);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('cell', { name: email })).toBeVisible();
  return email;
}

export const EDITOR_PASSWORD = 'an editor passphrase';

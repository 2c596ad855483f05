import { test, expect, type Page } from '@playwright/test';
import { hydrated, signIn, createEditor, ADMIN, EDITOR_PASSWORD } from './support';

/** The wasm files the page itself asks for (not the service worker's precache). */
function wasmRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) seen.push(path);
  });
  return seen;
}

test.describe('islands', () => {
  test('a reader downloads the main module only, and signing in costs no more wasm', async ({ page }) => {
    const wasm = wasmRequests(page);
    await page.goto('/en/countries/GHA');
    await hydrated(page);
    await page.goto('/en/');
    await hydrated(page);
    expect(wasm.filter((p) => /\/pkg\/summit\.[^/]+\.wasm$/.test(p)).length).toBeGreaterThan(0);
    expect(wasm.filter((p) => /\/pkg\/(split_|chunk_)/.test(p))).toEqual([]);

    // The sign-in form is a plain form: no chunk of its own.
    await page.goto('/en/sign-in');
    await hydrated(page);
    expect(wasm.filter((p) => /\/pkg\/(split_|chunk_)/.test(p))).toEqual([]);
  });

  test('after a save the page shows the new state everywhere, and the note says so', async ({ browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Rafael Region', 'latin-america-caribbean');
    await admin.close();

    const page = await browser.newPage();
    const wasm = wasmRequests(page);
    await signIn(page, email, EDITOR_PASSWORD, '/en/regions/latin-america-caribbean');
    await page.goto('/en/regions/latin-america-caribbean?view=progress');
    const row = page.locator('table.actions tr[data-kind="regional-strategy"]');
    await row.getByRole('button', { name: /Edit/ }).click();
    const editor = page.locator('#edit-regional-strategy');
    await editor.getByLabel('Status').selectOption('in-progress');
    await editor.getByRole('button', { name: 'Save' }).click();
    // The page was loaded again: the map's mode is kept and the edit is in the history.
    await expect(page).toHaveURL(/\?view=progress&saved=regional-strategy#regional-heading$/);
    await hydrated(page);
    await expect(page.getByRole('status')).toContainText('is now at version');
    await expect(row.locator('.chip')).toHaveText('In progress');
    await expect(page.locator('.history-entry').first()).toContainText('Rafael Region');
    await expect(page.locator('.world-map')).toHaveClass(/view-progress/);

    // Saving the same action again from that address still loads the page again.
    await row.getByRole('button', { name: /Edit/ }).click();
    await editor.getByLabel('Status').selectOption('completed');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(row.locator('.chip')).toHaveText('Completed');

    // The edit form is plain HTML: editing costs no wasm of its own.
    expect(wasm.filter((p) => /\/pkg\/(split_|chunk_)/.test(p))).toEqual([]);
  });

  test('the edit form works with no script at all', async ({ browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Nour Noscript', 'arab-states');
    await admin.close();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/en/sign-in?next=/en/countries/TUN');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(EDITOR_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/en\/countries\/TUN/);
    const row = page.locator('table.actions tr[data-kind="national-strategy"]');
    await row.getByRole('button', { name: /Edit/ }).click();
    const editor = page.locator('#edit-national-strategy');
    await expect(editor).toBeVisible();
    await editor.getByLabel('Status').selectOption('in-progress');
    await editor.getByLabel('Note').fill('Drafted with the ministry.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\?saved=national-strategy#tracker-heading$/);
    await expect(row.locator('.chip')).toHaveText('In progress');
    await expect(row).toContainText('Drafted with the ministry.');
    await context.close();
  });
});

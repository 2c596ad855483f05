import { test, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, signIn, createEditor, ADMIN, EDITOR_PASSWORD } from './support';

/** Waits until the service worker controls the page (it claims on first install). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
}

test.describe('installable app', () => {
  test('the manifest is valid and its icons have the sizes it states', async ({ request }) => {
    const response = await request.get('/manifest.webmanifest');
    expect(response.ok()).toBe(true);
    const manifest = await response.json();
    for (const key of ['name', 'short_name', 'description', 'start_url', 'scope', 'theme_color', 'background_color']) {
      expect(manifest[key], key).toBeTruthy();
    }
    expect(manifest.display).toBe('standalone');
    const purposes = new Set<string>();
    for (const icon of manifest.icons) {
      const file = await request.get(icon.src);
      expect(file.ok(), icon.src).toBe(true);
      purposes.add(`${icon.sizes}/${icon.purpose}`);
      if (icon.type === 'image/png') {
        const bytes = await file.body();
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
      }
    }
    for (const wanted of ['192x192/any', '512x512/any', '192x192/maskable', '512x512/maskable']) {
      expect(purposes.has(wanted), wanted).toBe(true);
    }
    const sw = await request.get('/sw.js');
    expect(sw.headers()['cache-control']).toBe('no-cache');
  });

  test('the worker controls the page and visited pages read offline in their language', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/fr/regions/africa');
    await hydrated(page);
    await controlled(page);
    await page.reload();
    await hydrated(page);
    await expect(page.locator('#offline-indicator')).toBeHidden();

    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('h1')).toHaveText('Afrique');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('#offline-indicator')).toBeVisible();
    await expect(page.locator('#offline-indicator')).toContainText('Vous êtes hors ligne');
    await hydrated(page); // the wasm came from the cache too

    // A page not kept here (widgets are not): the offline page, not a browser error.
    await page.goto('/fr/embed/map');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');

    await context.setOffline(false);
    await page.goto('/fr/regions/africa');
    await expect(page.locator('#offline-indicator')).toBeHidden();
    await context.close();
  });

  test('an edit made offline is queued, shown as pending, and sent when back online', async ({ browser }) => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Priya Asia', 'asia-pacific');
    await adminContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, EDITOR_PASSWORD, '/en/countries/NPL');
    await controlled(page);
    const row = page.locator('table.actions tr[data-kind="coordination-mechanism"]');
    await expect(row.locator('.chip')).toHaveText('Not reported');

    await context.setOffline(true);
    await row.getByRole('button', { name: /Edit/ }).click();
    const editor = page.locator('#edit-coordination-mechanism');
    await editor.getByLabel('Status').selectOption('in-progress');
    await editor.getByLabel('Note').fill('Agreed at the UNCT retreat.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('You are offline: this change is kept on this device')).toBeVisible();
    await expect(row).toHaveAttribute('data-pending-label', 'change waiting to be sent');
    const panel = page.locator('#sync-status');
    await expect(panel).toBeVisible();
    await expect(panel.locator('[data-count]')).toHaveText('1');
    await expect(panel).toContainText('Coordination mechanism');

    await context.setOffline(false);
    await expect(row.locator('.chip')).toHaveText('In progress', { timeout: 20_000 });
    await expect(page.locator('#sync-status')).toBeHidden();
    await expect(row).toContainText('Agreed at the UNCT retreat.');
    await context.close();
  });

  test('an offline edit that conflicts is kept and shown, not dropped', async ({ browser }) => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Diego Latam', 'latin-america-caribbean');
    await adminContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, EDITOR_PASSWORD, '/en/countries/BOL');
    await controlled(page);
    await context.setOffline(true);
    const row = page.locator('table.actions tr[data-kind="delegation-support"]');
    await row.getByRole('button', { name: /Edit/ }).click();
    await page.locator('#edit-delegation-support').getByLabel('Status').selectOption('completed');
    await page.locator('#edit-delegation-support').getByRole('button', { name: 'Save' }).click();
    await expect(row).toHaveAttribute('data-pending-label', /waiting/);

    // Meanwhile someone else changes the same action from another device.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, email, EDITOR_PASSWORD, '/en/countries/BOL');
    const otherRow = otherPage.locator('table.actions tr[data-kind="delegation-support"]');
    await otherRow.getByRole('button', { name: /Edit/ }).click();
    await otherPage.locator('#edit-delegation-support').getByLabel('Status').selectOption('at-risk');
    await otherPage.locator('#edit-delegation-support').getByRole('button', { name: 'Save' }).click();
    await expect(otherRow.locator('.chip')).toHaveText('At risk');
    await other.close();

    await context.setOffline(false);
    const conflict = page.locator('#sync-status li[data-state="conflict"]');
    await expect(conflict).toContainText('someone changed this action meanwhile', { timeout: 20_000 });
    await expect(conflict.getByRole('link')).toHaveAttribute('href', '/en/countries/BOL');
    await page.reload();
    await expect(page.locator('#sync-status li[data-state="conflict"]')).toBeVisible();
    await expect(row.locator('.chip')).toHaveText('At risk');
    await context.close();
  });
});

/** Every address the service worker keeps, across its caches. */
async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

/** Waits until the worker has kept every public page of the page's language. */
async function allKeptOffline(page: Page): Promise<number> {
  const line = page.locator('#offline-set');
  await expect(line).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => {
      const have = await line.getAttribute('data-count-have');
      const total = await line.getAttribute('data-count-total');
      return have !== null && have === total;
    }, { timeout: 90_000 })
    .toBe(true);
  return Number(await line.getAttribute('data-count-total'));
}

test.describe('every public page offline', () => {
  test('never-visited pages open offline in the two languages used', async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/fr/');
    await hydrated(page);
    await controlled(page);
    const total = await allKeptOffline(page);
    expect(total).toBeGreaterThan(200);
    await expect(page.locator('#offline-set')).toContainText(`Disponible hors ligne : ${total} pages sur ${total}`);
    await page.goto('/en/tracker');
    await hydrated(page);
    await allKeptOffline(page);

    await context.setOffline(true);
    await page.goto('/fr/countries/PER');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pérou');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.goto('/en/regions/arab-states');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Arab States');
    await context.setOffline(false);
    await context.close();
  });

  test('saving pages offline can be turned off, and stays off', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/es/');
    await hydrated(page);
    await controlled(page);
    const line = page.locator('#offline-set');
    await expect(line).toBeVisible({ timeout: 60_000 });
    await line.getByRole('button', { name: 'Dejar de guardar páginas sin conexión' }).click();
    await expect(line).toContainText('Guardar las páginas para usarlas sin conexión está desactivado.');
    await page.reload();
    await expect(line).toContainText('desactivado', { timeout: 15_000 });
    await line.getByRole('button', { name: 'Guardar todas las páginas sin conexión' }).click();
    await expect(line).toContainText('Disponibles sin conexión', { timeout: 15_000 });
    await context.close();
  });
});

test.describe('a shared device', () => {
  test('personal pages are never kept, and nothing personal is shown offline after signing out', async ({ browser }) => {
    test.slow();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await controlled(page);
    for (const path of ['/en/account', '/en/admin', '/en/countries/KEN', '/en/']) {
      await page.goto(path);
      await hydrated(page);
    }
    const kept = await cachedPaths(page);
    for (const personal of ['/en/account', '/en/admin', '/api/me', '/api/tokens', '/api/admin']) {
      expect(kept, personal).not.toContain(personal);
    }
    // Pages seen while signed in show the account: none of them is kept either.
    expect(kept).not.toContain('/en/countries/KEN');

    await page.goto('/en/account');
    await hydrated(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/en\/$/);
    await context.setOffline(true);
    for (const path of ['/en/account', '/en/admin']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
      await expect(page.locator('body')).not.toContainText(ADMIN.email);
    }
    await context.close();
  });

  test('an edit kept offline is sent only for the account that made it', async ({ browser }) => {
    test.slow();
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const author = await createEditor(admin, 'Aroha Pacific', 'asia-pacific');
    const colleague = await createEditor(admin, 'Bao Pacific', 'asia-pacific');
    await adminContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, author, EDITOR_PASSWORD, '/en/countries/FJI');
    await controlled(page);
    const row = page.locator('table.actions tr[data-kind="financing-pathway"]');
    await context.setOffline(true);
    await row.getByRole('button', { name: /Edit/ }).click();
    await page.locator('#edit-financing-pathway').getByLabel('Status').selectOption('in-progress');
    await page.locator('#edit-financing-pathway').getByRole('button', { name: 'Save' }).click();
    await expect(row).toHaveAttribute('data-pending-label', /waiting/);

    // The author's session ends while offline; a colleague signs in on the device.
    await context.clearCookies();
    await context.setOffline(false);
    await signIn(page, colleague, EDITOR_PASSWORD, '/en/countries/FJI');
    await expect(page.locator('#sync-status')).toBeHidden();
    await page.evaluate(() => (window as unknown as { summitOffline: { sync(): Promise<void> } }).summitOffline.sync());
    await page.reload();
    await hydrated(page);
    await expect(row.locator('.chip')).toHaveText('Not reported');
    await expect(page.locator('#sync-status')).toBeHidden();
    const history = await page.request.get('/api/v1/countries/FJI');
    const fiji = await history.json();
    const pathway = fiji.actions.find((a: { kind: string }) => a.kind === 'financing-pathway');
    expect(pathway.updated_by).toBeNull();

    // The author signs in again: the edit goes out under the author's name.
    await page.goto('/en/account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, author, EDITOR_PASSWORD, '/en/countries/FJI');
    await expect(row.locator('.chip')).toHaveText('In progress', { timeout: 20_000 });
    const after = await (await page.request.get('/api/v1/countries/FJI')).json();
    expect(after.actions.find((a: { kind: string }) => a.kind === 'financing-pathway').updated_by).toBe('Aroha Pacific');
    await context.close();
  });
});

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the release server as a new deployment would, labelled `release`. */
async function startRelease(port: number, database: string, release: string): Promise<ChildProcess> {
  const child = spawn('./target/release/server', [], {
    cwd: '..',
    env: { ...process.env, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, DATABASE_URL: database, SUMMIT_RELEASE: release, RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}

async function stop(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

test('a new release offers "reload to update" and reloading takes it', async ({ browser }) => {
  // Two servers started, two workers installed, the offline set refilled.
  test.slow();
  const port = await freePort();
  const database = `sqlite://${join(tmpdir(), `summit-update-${port}.db`)}`;
  let server = await startRelease(port, database, 'one');
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  try {
    await page.goto('/en/milestones');
    await hydrated(page);
    await controlled(page);
    const before = await page.evaluate(async () => (await (await fetch('/sw.js')).text()).match(/const VERSION = '(\w+)'/)?.[1]);
    await expect(page.locator('#update-banner')).toBeHidden();

    await stop(server);
    server = await startRelease(port, database, 'two');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const banner = page.locator('#update-banner');
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toContainText('A new version of the Social Summit Tracker is ready.');
    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;
    await hydrated(page);
    await expect(page.locator('#update-banner')).toBeHidden();
    const cacheNames = await page.evaluate(() => caches.keys());
    const after = await page.evaluate(async () => (await (await fetch('/sw.js')).text()).match(/const VERSION = '(\w+)'/)?.[1]);
    expect(after).not.toBe(before);
    // The old version's cache is gone; the offline set's progress (kept
    // across versions, so the refill resumes) is the only other one.
    expect(cacheNames.filter((name) => name !== 'summit-offline-state')).toEqual([`summit-${after}`]);
  } finally {
    await context.close();
    await stop(server);
  }
});

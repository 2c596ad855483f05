import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { hydrated, expectNoA11yViolations } from './support';

const WIDGETS = ['/en/embed/countdown?milestone=summit', '/en/embed/map?region=africa&view=progress', '/en/embed/regions/africa'];

/** Serves one host page from another loopback origin (localhost vs 127.0.0.1). */
async function hostPage(site: string): Promise<{ server: Server; url: string }> {
  const frames = WIDGETS.map(
    (path, i) => `<h2>Widget ${i}</h2><iframe id="w${i}" src="${site}${path}" title="Widget ${i}" style="width:100%;border:0"></iframe>`,
  ).join('\n');
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>UN intranet</title></head>
<body><h1>Regional office intranet</h1>${frames}<script src="${site}/embed.js" async></script></body></html>`;
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://localhost:${port}/` };
}

test.describe('embeds', () => {
  test('each widget grows to its content on a page from another origin', async ({ page, baseURL }) => {
    const site = baseURL ?? '';
    const { server, url } = await hostPage(site);
    try {
      await page.goto(url);
      for (let i = 0; i < WIDGETS.length; i++) {
        const iframe = page.locator(`#w${i}`);
        const frame = page.frameLocator(`#w${i}`);
        await expect(frame.locator('.embed-open a')).toBeVisible({ timeout: 15_000 });
        await expect(frame.locator('.site-header')).toHaveCount(0);
        await expect(frame.locator('.embed-open a')).toHaveAttribute('target', '_blank');
        await expect
          .poll(async () => {
            const outer = await iframe.evaluate((el) => el.getBoundingClientRect().height);
            const handle = await iframe.elementHandle();
            const inner = await (await handle!.contentFrame())!.evaluate(() =>
              Math.ceil(document.documentElement.getBoundingClientRect().height),
            );
            return Math.abs(outer - inner) <= 2 && outer > 150;
          }, { timeout: 15_000, message: WIDGETS[i] })
          .toBe(true);
      }
    } finally {
      server.close();
    }
  });

  test('widgets may be framed from anywhere by default; other pages only by this site', async ({ request }) => {
    const ancestors = (policy: string) => policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors'));
    for (const path of WIDGETS) {
      const response = await request.get(path);
      expect(ancestors(response.headers()['content-security-policy']), path).toBe('frame-ancestors *');
      expect(response.headers()['x-frame-options']).toBeUndefined();
    }
    for (const path of ['/en/', '/en/embed', '/en/tracker', '/en/countries/KEN']) {
      const response = await request.get(path);
      expect(ancestors(response.headers()['content-security-policy']), path).toBe("frame-ancestors 'self'");
    }
  });

  for (const path of WIDGETS) {
    test(`${path} is readable at 280 px, themed, and accessible`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 280, height: 600 } });
      const page = await context.newPage();
      await page.goto(`${path}${path.includes('?') ? '&' : '?'}theme=dark`);
      await hydrated(page);
      await expect(page.locator('.embed')).toHaveAttribute('data-theme', 'dark');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Compact: a sidebar widget, not a page thousands of pixels tall.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height, path).toBeLessThan(1200);
      // The dark theme reaches the map's own colours too.
      if (path.includes('/embed/map')) {
        const ocean = await page.locator('.map-ocean').evaluate((el) => getComputedStyle(el).fill);
        expect(ocean).toBe('rgb(21, 35, 48)');
      }
      await expectNoA11yViolations(page);
      await context.close();
    });
  }

  test('pages with a widget offer to embed it, and the builder opens on it with all its code in view', async ({ page }) => {
    await page.goto('/en/regions/latin-america-caribbean');
    await page.getByRole('link', { name: 'Embed this on a page' }).click();
    await expect(page).toHaveURL(/\/en\/embed\?widget=region&region=latin-america-caribbean$/);
    await hydrated(page);
    await expect(page.getByTestId('embed-preview')).toHaveAttribute('src', '/en/embed/regions/latin-america-caribbean');
    const code = page.getByLabel('Code to paste into the intranet page');
    // The whole snippet shows: the box is at least as tall as its text.
    const fits = await code.evaluate((el: HTMLTextAreaElement) => el.scrollHeight <= el.clientHeight + 1);
    expect(fits).toBe(true);
    await page.goto('/en/');
    await expect(page.locator('.map-section').getByRole('link', { name: 'Embed this on a page' })).toHaveAttribute('href', '/en/embed?widget=map');
  });

  test('the builder previews the widget and copies its code', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto('/en/embed');
    await hydrated(page);
    await expectNoA11yViolations(page);
    await page.getByRole('combobox', { name: 'Widget' }).selectOption('map');
    await page.getByRole('combobox', { name: 'Region' }).selectOption('asia-pacific');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.getByRole('combobox', { name: 'Colours' }).selectOption('dark');
    const expected = '/fr/embed/map?view=progress&region=asia-pacific&theme=dark';
    await expect(page.getByTestId('embed-preview')).toHaveAttribute('src', expected);
    const code = page.getByLabel('Code to paste into the intranet page');
    await expect(code).toHaveValue(new RegExp(`src="${baseURL}${expected.replace(/[?]/g, '\\?')}"`));
    await expect(code).toHaveValue(new RegExp(`<script src="${baseURL}/embed.js" async></script>`));
    await page.getByRole('button', { name: 'Copy the code' }).click();
    await expect(page.getByText('Copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(expected);
    const preview = page.frameLocator('[data-testid="embed-preview"]');
    await expect(preview.locator('.embed')).toHaveAttribute('data-theme', 'dark');
    await context.close();
  });
});

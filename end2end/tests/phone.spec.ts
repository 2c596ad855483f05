import { test, expect, type Page, type Browser } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hydrated, signIn, ADMIN } from './support';

// Every route in the six languages on a 360 × 780 phone: nothing scrolls
// sideways, the header stays compact, and every table's cells and controls
// can be reached. The same walk writes screenshots of every page type at
// 360 and 1366 px in English and Arabic to end2end/screenshots/ (docs/tests.md), for a person to look at.

const LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
const PHONE = { width: 360, height: 780 };
const LAPTOP = { width: 1366, height: 768 };
const HEADER_MAX = 120;
const SHOTS = join(__dirname, '..', 'screenshots');

/** Public page types: a name for the screenshot and the path after /{lang}. */
const PUBLIC: [string, string][] = [
  ['home', '/'],
  ['region', '/regions/africa'],
  ['country', '/countries/KEN'],
  ['milestones', '/milestones'],
  ['milestones-filtered', '/milestones?kind=national'],
  ['tracker', '/tracker'],
  ['tracker-filtered', '/tracker?status=completed'],
  ['past', '/tracker?at=2026-06-30'],
  ['embed-builder', '/embed'],
  ['embed-countdown', '/embed/countdown'],
  ['embed-map', '/embed/map?view=progress'],
  ['embed-region', '/embed/regions/asia-pacific'],
  ['sign-in', '/sign-in'],
  ['spreadsheets', '/spreadsheets'],
  ['brief-country', '/countries/KEN/brief'],
  ['brief-region', '/regions/africa/brief'],
  ['not-found', '/nowhere'],
];

/** Pages for people signed in (an administrator sees every control). */
const SIGNED_IN: [string, string][] = [
  ['country-editing', '/countries/GHA'],
  ['region-editing', '/regions/arab-states'],
  ['account', '/account'],
  ['admin', '/admin'],
  ['spreadsheets-upload', '/spreadsheets'],
];

/** What a person on this screen cannot do, as sentences (empty: nothing). */
async function problemsOn(page: Page): Promise<string[]> {
  return page.evaluate((headerMax) => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      // Name the widest culprits, so a failure says where to look.
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.right > width + 1 || r.left < -1) && !el.closest('.table-scroll, .map-viewport, .visually-hidden, [hidden]');
        })
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} (${wide.join(', ')})`);
    }
    const header = document.querySelector('.site-header');
    if (header && header.getBoundingClientRect().height > headerMax) {
      problems.push(`the header is ${Math.round(header.getBoundingClientRect().height)} px tall`);
    }
    for (const table of document.querySelectorAll('main table')) {
      if ((table as HTMLElement).closest('[hidden], details:not([open]), .visually-hidden')) continue;
      const box = table.closest('.table-scroll') as HTMLElement | null;
      const overflows = box ? box.scrollWidth > box.clientWidth + 1 : table.getBoundingClientRect().right > width + 1;
      const name = table.className || table.getAttribute('data-testid') || 'table';
      if (!overflows) {
        // Every cell and control lies within the screen.
        for (const cell of table.querySelectorAll('th, td, a, button')) {
          const r = cell.getBoundingClientRect();
          if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
            problems.push(`${name}: "${(cell.textContent ?? '').trim().slice(0, 30)}" is off the screen`);
            break;
          }
        }
        continue;
      }
      // A table wider than its box scrolls inside it, says so, keeps its
      // first column in view, and can be scrolled from the keyboard.
      if (!box) {
        problems.push(`${name}: wider than the screen and not in a scrolling box`);
        continue;
      }
      const style = getComputedStyle(box);
      if (!['auto', 'scroll'].includes(style.overflowX)) problems.push(`${name}: its box does not scroll`);
      if (box.tabIndex < 0) problems.push(`${name}: its box cannot be scrolled from the keyboard`);
      const hint = box.querySelector(':scope > .scroll-hint');
      if (!hint || getComputedStyle(hint).display === 'none') {
        problems.push(`${name}: nothing says it scrolls sideways`);
      }
      const first = table.querySelector('tbody th[scope="row"]');
      if (first && getComputedStyle(first).position !== 'sticky') problems.push(`${name}: its first column scrolls away`);
    }
    return problems;
  }, HEADER_MAX);
}

async function walk(page: Page, path: string, shot?: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  expect(await problemsOn(page), `${path} at ${page.viewportSize()?.width} px`).toEqual([]);
  if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
}

async function phone(browser: Browser) {
  return browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
}

test.describe('every page on a 360 px phone', () => {
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  for (const lang of LANGS) {
    test(`public pages, ${lang}`, async ({ browser }) => {
      test.slow();
      const context = await phone(browser);
      const page = await context.newPage();
      for (const [name, path] of PUBLIC) {
        const shoot = lang === 'en' || lang === 'ar';
        await walk(page, `/${lang}${path}`, shoot ? `${name}-${lang}-360` : undefined);
      }
      await context.close();
    });

    test(`signed-in pages, ${lang}`, async ({ browser }) => {
      test.slow();
      const context = await phone(browser);
      const page = await context.newPage();
      await signIn(page, ADMIN.email, ADMIN.password);
      for (const [name, path] of SIGNED_IN) {
        const shoot = lang === 'en' || lang === 'ar';
        await walk(page, `/${lang}${path}`, shoot ? `${name}-${lang}-360` : undefined);
      }
      // The Edit button of every action is on the screen and opens its form.
      await page.goto(`/${lang}/countries/GHA`);
      const buttons = page.locator('table.actions .edit-cell button');
      await expect(buttons).toHaveCount(7);
      for (const button of await buttons.all()) {
        await button.scrollIntoViewIfNeeded();
        const box = (await button.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      }
      // Shown as a list, it is still a table to a screen reader.
      const tree = await page.locator('table.actions').ariaSnapshot();
      expect(tree).toContain('- rowheader');
      expect(tree).toContain('- cell');
      await buttons.first().click();
      await expect(page.locator('#edit-national-consultation')).toBeVisible();
      await context.close();
    });
  }

  test('the language choice is one control that opens the six languages', async ({ browser }) => {
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto('/ru/tracker');
    const menu = page.getByRole('navigation', { name: 'Языки' });
    await expect(menu.locator('a')).toHaveCount(6);
    await expect(menu.getByRole('link', { name: 'العربية' })).toBeHidden();
    await menu.locator('summary').click();
    await menu.getByRole('link', { name: 'العربية' }).click();
    await expect(page).toHaveURL(/\/ar\/tracker$/);
    await context.close();
  });
});

test.describe('the same pages on a laptop', () => {
  for (const lang of ['en', 'ar']) {
    test(`screenshots at 1366 px, ${lang}`, async ({ browser }) => {
      test.slow();
      const context = await browser.newContext({ viewport: LAPTOP });
      const page = await context.newPage();
      for (const [name, path] of PUBLIC) await walk(page, `/${lang}${path}`, `${name}-${lang}-1366`);
      await signIn(page, ADMIN.email, ADMIN.password);
      for (const [name, path] of SIGNED_IN) await walk(page, `/${lang}${path}`, `${name}-${lang}-1366`);
      await context.close();
    });
  }
});

test.describe('an empty result says so', () => {
  test('a tracker filter that matches nothing offers to clear the filters', async ({ page }) => {
    await page.goto('/fr/tracker?status=completed&kind=results-measurement&theme=digitalisation');
    await expect(page.getByTestId('tracker-empty')).toContainText('Aucun pays ne correspond à ces filtres.');
    await expect(page.locator('table.tracker')).toHaveCount(0);
    await page.getByRole('link', { name: 'Effacer les filtres' }).click();
    await expect(page).toHaveURL(/\/fr\/tracker\?$|\/fr\/tracker$/);
    await expect(page.locator('table.tracker')).toHaveCount(1);
  });

  test('milestone filters that match nothing say so', async ({ page }) => {
    await page.goto('/ru/milestones?kind=national&region=africa');
    await expect(page.getByTestId('milestones-empty')).toBeVisible();
  });
});

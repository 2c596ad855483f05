import { test, expect, type Page } from '@playwright/test';
import { watchConsole, hydrated, expectNoA11yViolations, signIn, createEditor, ADMIN, EDITOR_PASSWORD } from './support';

/** The row of one action on a country or region page. */
const row = (page: Page, kind: string) => page.locator(`table.actions tr[data-kind="${kind}"]`);

test.describe('editing follow-up actions', () => {
  test('an editor changes a status with evidence and sees it everywhere', async ({ browser }) => {
    // Two accounts, six pages and four scans: a long scenario on two cores.
    test.slow();
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    await admin.goto('/en/admin');
    await hydrated(admin);
    await expectNoA11yViolations(admin, { include: 'main' });
    const email = await createEditor(admin, 'Amina Africa', 'africa');
    await adminContext.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto('/en/sign-in');
    await hydrated(page);
    await expectNoA11yViolations(page, { include: 'main' });
    await signIn(page, email, EDITOR_PASSWORD, '/en/countries/GHA');
    await expect(page.getByRole('link', { name: /Amina Africa/ })).toBeVisible();

    // Ghana's national strategy: completed, with a theme, evidence and a note.
    await row(page, 'national-strategy').getByRole('button', { name: /Edit/ }).click();
    const editor = page.locator('#edit-national-strategy');
    await expect(editor).toBeVisible();
    // What this test is about: the open editor (the rest of the country page
    // is scanned by the country page's own test).
    await expectNoA11yViolations(page, { include: '#edit-national-strategy' });
    await editor.getByLabel('Status').selectOption('completed');
    await editor.getByLabel('Social protection').check();
    await editor.getByLabel('Evidence links').fill('https://ghana.un.org/en/strategy');
    await editor.getByLabel('Note').fill('Adopted <b>in cabinet</b>.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText(/Commitments in a national strategy is now at version \d+/);
    const saved = row(page, 'national-strategy');
    await expect(saved.locator('.chip')).toHaveText('Completed');
    await expect(saved).toContainText('https://ghana.un.org/en/strategy');
    await expect(saved).toContainText('Adopted <b>in cabinet</b>.');
    await expect(page.locator('.history-entry').first()).toContainText('Amina Africa');
    await expect(page.locator('.history-entry').first()).toContainText('Not reported');

    // The tracker matrix: Ghana's fourth kind (national strategy) is completed.
    await page.goto('/en/tracker?region=africa');
    await hydrated(page);
    await expect(page.locator('tr[data-iso3="GHA"] .chip').nth(3)).toHaveText('Completed');
    await expectNoA11yViolations(page, { include: 'main' });

    // The region's roll-up by theme counts it.
    await page.goto('/en/regions/africa');
    await hydrated(page);
    const theme = page.getByTestId('rollup-themes').locator('tr[data-theme="social-protection"]');
    await expect(theme).toContainText('100%');

    // The map's progress mode colours Ghana (1 of 7 completed: the first band).
    await page.goto('/en/regions/africa?view=progress');
    await hydrated(page);
    await expect(page.locator('.world-map a.country[data-iso3="GHA"]')).toHaveClass(/band-0/);

    // Outside the editor's region there is nothing to edit.
    await page.goto('/en/countries/PER');
    await hydrated(page);
    await expect(page.locator('table.actions')).toBeVisible();
    await expect(page.getByRole('button', { name: /Edit/ })).toHaveCount(0);

    // Signing out.
    await page.goto('/en/account');
    await hydrated(page);
    await expectNoA11yViolations(page, { include: 'main' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/en\/$/);
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto('/en/countries/GHA');
    await hydrated(page);
    await expect(page.getByRole('button', { name: /Edit/ })).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('a stale edit shows the other change instead of overwriting it', async ({ browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Omar Arab', 'arab-states');
    await admin.close();

    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, email, EDITOR_PASSWORD, '/en/countries/JOR');
    const second = await context.newPage();
    await second.goto('/en/countries/JOR');
    await hydrated(second);

    for (const page of [first, second]) {
      await row(page, 'financing-pathway').getByRole('button', { name: /Edit/ }).click();
    }
    const mine = first.locator('#edit-financing-pathway');
    await mine.getByLabel('Status').selectOption('in-progress');
    await mine.getByRole('button', { name: 'Save' }).click();
    await expect(row(first, 'financing-pathway').locator('.chip')).toHaveText('In progress');

    const theirs = second.locator('#edit-financing-pathway');
    await theirs.getByLabel('Status').selectOption('at-risk');
    await theirs.getByRole('button', { name: 'Save' }).click();
    await expect(theirs.getByRole('alert')).toContainText('Someone else saved this action');
    await expect(theirs.getByTestId('conflict')).toContainText('In progress');
    // Nothing was overwritten, and what was typed is still in the form.
    await expect(row(second, 'financing-pathway').locator('.chip')).toHaveText('In progress');
    await expect(theirs.getByLabel('Status')).toHaveValue('at-risk');
    await expectNoA11yViolations(second, { include: '#edit-financing-pathway' });
    // Saving again from the same base is refused again.
    await theirs.getByRole('button', { name: 'Save' }).click();
    await expect(theirs.getByRole('alert')).toContainText('Someone else saved this action');

    // Applying the same entries to the newer version saves them.
    await theirs.getByRole('button', { name: /apply them to this version/ }).click();
    await expect(row(second, 'financing-pathway').locator('.chip')).toHaveText('At risk');
    await expect(second.getByRole('status')).toContainText(/is now at version \d+/);
    await context.close();
  });

  test('field errors are translated and point at the field', async ({ browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Claire Europe', 'europe-central-asia');
    await admin.close();
    const page = await browser.newPage();
    await signIn(page, email, EDITOR_PASSWORD, '/fr/countries/UKR');
    await row(page, 'results-measurement').getByRole('button', { name: /Modifier/ }).click();
    const editor = page.locator('#edit-results-measurement');
    await editor.getByLabel('Liens vers des justificatifs').fill('javascript:alert(1)');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    const errors = editor.locator('#results-measurement-evidence-errors');
    await expect(errors).toContainText('Un lien doit commencer par http:// ou https://');
    await expect(editor.getByLabel('Liens vers des justificatifs')).toHaveAttribute(
      'aria-describedby',
      /results-measurement-evidence-errors/,
    );
    await expect(row(page, 'results-measurement').locator('.chip')).toHaveText('Non communiqué');
    // What was typed is kept, so it can be corrected.
    await expect(editor.getByLabel('Liens vers des justificatifs')).toHaveValue('javascript:alert(1)');
    await editor.getByLabel('Liens vers des justificatifs').fill('https://ukraine.un.org/fr/rapport');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(row(page, 'results-measurement')).toContainText('https://ukraine.un.org/fr/rapport');
  });

  test('wrong credentials are refused with a message', async ({ page }) => {
    await page.goto('/en/sign-in');
    await hydrated(page);
    await page.getByLabel('E-mail address').fill('nobody@e2e.example');
    await page.getByLabel('Password').fill('not a real password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('The e-mail address or the password is wrong.');
    await expect(page).toHaveURL(/\/en\/sign-in(\?|$)/);
    await expectNoA11yViolations(page, { include: 'main' });
  });

  test('a password is changed through a plain form, with errors in place and a confirmation', async ({ browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password);
    const email = await createEditor(admin, 'Pat Password', 'europe-central-asia');
    await admin.close();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, EDITOR_PASSWORD);
    const form = page.locator('section[aria-labelledby="password-heading"]');
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password', { exact: true }).fill('a brand new long password');
    await form.getByLabel('New password again').fill('a brand new long password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/en\/account/);
    await expect(page.locator('#current_password-errors')).not.toBeEmpty();
    await form.getByLabel('Current password').fill(EDITOR_PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill('a brand new long password');
    await form.getByLabel('New password again').fill('a brand new long password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('status').filter({ hasText: /changed/i })).toBeVisible();
    await context.close();
  });
});

/**
 * The CSV layout in the Export menu: a radio group showing the saved `ui.csvDialect`
 * (standard when none is saved), saved through `prefs_set` at once with the other display
 * preferences kept, shown again at the next start, reachable by Tab as one stop with the
 * arrow keys choosing, and offered by the command palette. The export call does not change:
 * Rust reads the layout from the settings.
 */
import type { Browser, Page } from '@playwright/test';
import type { UiPrefs } from '../src/bindings/UiPrefs';
import { expect, test } from './fixtures';
import { argsOf, mockTauri, type Backend } from './tauri-mock';

type PrefsArgs = { ui: UiPrefs };

/** The preferences sent to `prefs_set` so far, in order. */
const saved = async (page: Page) =>
  ((await argsOf(page, 'prefs_set')) as PrefsArgs[]).map((args) => args.ui);

const standard = (page: Page) => page.getByTestId('export-csv-dialect-standard');
const excel = (page: Page) => page.getByTestId('export-csv-dialect-excel-semicolon');

/** Saved preferences other than the CSV layout, which choosing a layout must keep. */
const OTHER_PREFS: UiPrefs = {
  columns: [
    { id: 'total', visible: true },
    { id: 'number', visible: true },
    { id: 'id', visible: false },
    { id: 'dueAt', visible: true },
  ],
  theme: 'dark',
};

async function loaded(page: Page, backend: Backend = {}, script = {}) {
  await mockTauri(page, backend, script);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
}

/** A second start of the app in a page of its own, from `backend`, failing on any page error. */
async function startAgain(
  browser: Browser,
  backend: Backend,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await loaded(page, backend);
  return { page, errors };
}

test('standard is checked when none is saved; Excel, semicolon is saved at once with the other preferences kept, shown again, and the next start has it', async ({
  page,
  browser,
}) => {
  await loaded(page, { ui: OTHER_PREFS });
  await page.getByTestId('export-button').click();
  const group = page.getByRole('group', { name: 'CSV layout' });
  await expect(group).toBeVisible();
  await expect(group.getByRole('radio')).toHaveCount(2);
  await expect(group.getByRole('radio', { name: 'Standard (comma)' })).toHaveAccessibleDescription(
    'Comma between fields, decimal point',
  );
  await expect(group.getByRole('radio', { name: 'Excel, semicolon' })).toHaveAccessibleDescription(
    'Semicolon, decimal comma: Excel where numbers are written 1.234,56',
  );
  await expect(standard(page), 'nothing saved: standard, as Rust reads it').toBeChecked();
  await expect(excel(page)).not.toBeChecked();
  await expect(page.getByTestId('export-csv')).toHaveText('Export CSV');

  await excel(page).check();
  await expect.poll(() => saved(page)).toEqual([{ ...OTHER_PREFS, csvDialect: 'excel-semicolon' }]);
  await expect(
    page.getByTestId('export-menu'),
    'choosing a layout keeps the menu open',
  ).toBeVisible();
  await expect(excel(page)).toBeChecked();
  await expect(standard(page)).not.toBeChecked();
  await expect(page.getByTestId('export-csv'), 'the CSV item says what it writes').toHaveText(
    'Export CSV (Excel, semicolon)',
  );
  await expect(page.getByTestId('export-xlsx')).toHaveText('Export Excel (XLSX)');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await page.getByTestId('export-button').click();
  await expect(excel(page), 'reopened, the menu shows the choice').toBeChecked();

  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-result')).toContainText('billing-desk-export.csv');
  expect(
    await argsOf(page, 'export_invoices'),
    'the export call is as before: Rust reads the layout from the settings',
  ).toEqual([{ query: { orgs: null }, format: 'csv', manifest: false, allowIncomplete: false }]);
  expect(await saved(page), 'exporting saves nothing').toHaveLength(1);

  const [ui] = await saved(page);
  const next = await startAgain(browser, { ui: ui! });
  await next.page.getByTestId('export-button').click();
  await expect(excel(next.page), 'the next start shows the saved layout').toBeChecked();
  await expect(standard(next.page)).not.toBeChecked();
  expect(await saved(next.page), 'starting up only reads the preferences').toEqual([]);
  expect(next.errors).toEqual([]);
  await next.page.close();
});

test('a saved Excel, semicolon layout is checked from the start; choosing Standard saves it', async ({
  page,
}) => {
  await loaded(page, { ui: { columns: [], theme: 'system', csvDialect: 'excel-semicolon' } });
  await page.getByTestId('export-button').click();
  await expect(excel(page)).toBeChecked();
  await expect(page.getByTestId('export-csv')).toHaveText('Export CSV (Excel, semicolon)');
  expect(await saved(page)).toEqual([]);
  await standard(page).check();
  await expect
    .poll(() => saved(page))
    .toEqual([{ columns: [], theme: 'system', csvDialect: 'standard' }]);
  await expect(page.getByTestId('export-csv')).toHaveText('Export CSV');
});

test('keyboard: Ctrl+E, Tab reaches the radio group as one stop, ArrowDown chooses, Escape closes and gives the focus back', async ({
  page,
}) => {
  await loaded(page);
  await page.keyboard.press('Control+e');
  await expect(page.getByTestId('export-csv'), 'the keyboard goes into the menu').toBeFocused();
  for (const id of [
    'export-xlsx',
    'export-json',
    'export-manifest',
    'export-csv-dialect-standard',
  ]) {
    await page.keyboard.press('Tab');
    await expect(page.getByTestId(id)).toBeFocused();
  }

  await page.keyboard.press('ArrowDown');
  await expect(excel(page), 'the arrow key moves to the next layout and chooses it').toBeFocused();
  await expect(excel(page)).toBeChecked();
  await expect
    .poll(async () => (await saved(page)).map((ui) => ui.csvDialect))
    .toEqual(['excel-semicolon']);

  await page.keyboard.press('Tab');
  await expect(page.getByTestId('pdfs-download'), 'the group is one Tab stop').toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(excel(page), 'back on the checked layout').toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(standard(page)).toBeChecked();
  await expect
    .poll(async () => (await saved(page)).map((ui) => ui.csvDialect))
    .toEqual(['excel-semicolon', 'standard']);
  await page.keyboard.press('ArrowDown');
  await expect(excel(page)).toBeChecked();

  // The trap: past the last item Tab wraps to the first, and Shift+Tab comes back over the group.
  for (const id of ['pdfs-download', 'archive-folder-open', 'export-csv']) {
    await page.keyboard.press('Tab');
    await expect(page.getByTestId(id)).toBeFocused();
  }
  for (const id of ['archive-folder-open', 'pdfs-download', 'export-csv-dialect-excel-semicolon']) {
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId(id)).toBeFocused();
  }

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await expect(page.getByTestId('export-button')).toBeFocused();
  expect((await saved(page)).map((ui) => ui.csvDialect)).toEqual([
    'excel-semicolon',
    'standard',
    'excel-semicolon',
  ]);
});

test('a failed save says so and keeps the choice on screen; Retry saves it', async ({ page }) => {
  await loaded(
    page,
    {},
    {
      prefs_set: [
        { err: { code: 'settings', message: 'The settings file could not be written.' } },
        { backend: true },
      ],
    },
  );
  await page.getByTestId('export-button').click();
  await excel(page).check();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('The settings file could not be written.');
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await page.getByTestId('export-button').click();
  await expect(excel(page), 'the choice applies even though it is not saved yet').toBeChecked();
  await banner.getByTestId('retry-button').click();
  await expect(banner).toHaveCount(0);
  expect((await saved(page)).map((ui) => ui.csvDialect)).toEqual([
    'excel-semicolon',
    'excel-semicolon',
  ]);
});

test('the command palette offers the layout not in use and saves it as the menu does', async ({
  page,
}) => {
  await loaded(page, { ui: OTHER_PREFS });
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const options = palette.getByRole('option');
  await page.keyboard.press('Control+k');
  await palette.getByRole('combobox', { name: 'Command' }).fill('CSV layout');
  await expect(options.filter({ hasText: 'CSV layout: Excel, semicolon' })).toHaveCount(1);
  await expect(
    options.filter({ hasText: 'CSV layout: standard' }),
    'the layout in use is left out',
  ).toHaveCount(0);
  await options.filter({ hasText: 'CSV layout: Excel, semicolon' }).click();
  await expect(palette).toHaveCount(0);
  await expect.poll(() => saved(page)).toEqual([{ ...OTHER_PREFS, csvDialect: 'excel-semicolon' }]);

  await page.keyboard.press('Control+k');
  await palette.getByRole('combobox', { name: 'Command' }).fill('CSV layout');
  await expect(options.filter({ hasText: 'CSV layout: standard' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'CSV layout: Excel, semicolon' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);

  await page.keyboard.press('Control+e');
  await expect(excel(page)).toBeChecked();
});

/**
 * Column order: the chooser's move buttons reorder the table's headers, work from the
 * keyboard with the focus kept on the button pressed, save the order through `prefs_set`,
 * and the saved order is the table's at the next start.
 */
import type { Browser, Page } from '@playwright/test';
import type { ColumnPref } from '../src/bindings/ColumnPref';
import type { UiPrefs } from '../src/bindings/UiPrefs';
import { expect, test } from './fixtures';
import { argsOf, mockTauri, type Backend } from './tauri-mock';

/** The table's header row, Organization and Actions included. */
const headers = (page: Page) =>
  page.getByTestId('invoice-table').locator('.row-header [role=columnheader]');

const DEFAULT_HEADERS = [
  /Organization/,
  /Number/,
  /Status/,
  /Total/,
  /Remaining/,
  /Created/,
  /Due/,
  'Actions',
];

type PrefsArgs = { ui: UiPrefs };

/** The column list of the last `prefs_set` call. */
const lastSaved = async (page: Page) =>
  ((await argsOf(page, 'prefs_set')).at(-1) as PrefsArgs | undefined)?.ui;

/** A second start of the app in a page of its own, from `backend`, failing on any page error. */
async function startAgain(
  browser: Browser,
  backend: Backend,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await mockTauri(page, backend);
  await page.goto('/');
  return { page, errors };
}

test('moving Due left puts its header before Created, saves the order, and the next start shows it', async ({
  page,
  browser,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(headers(page)).toHaveText(DEFAULT_HEADERS);

  await page.getByTestId('column-chooser').click();
  await page.getByRole('button', { name: 'Move Due left' }).click();
  await expect(headers(page), 'Due and Created swapped in the table').toHaveText([
    /Organization/,
    /Number/,
    /Status/,
    /Total/,
    /Remaining/,
    /Due/,
    /Created/,
    'Actions',
  ]);
  await expect(page.getByTestId('column-move-announcement')).toHaveText(
    'Due now comes after Remaining.',
  );

  await expect
    .poll(async () => (await argsOf(page, 'prefs_set')).length, 'the move is saved')
    .toBe(1);
  const saved = await lastSaved(page);
  expect(saved?.theme, 'moving a column keeps the theme').toBe('system');
  const ids = saved?.columns.map((column) => column.id) ?? [];
  expect(ids.indexOf('dueAt'), 'the saved list has Due before Created').toBeLessThan(
    ids.indexOf('createdAt'),
  );

  const next = await startAgain(browser, { ui: saved! });
  await expect(
    headers(next.page),
    'the saved order is the table order at the next start',
  ).toHaveText([
    /Organization/,
    /Number/,
    /Status/,
    /Total/,
    /Remaining/,
    /Due/,
    /Created/,
    'Actions',
  ]);
  expect(next.errors).toEqual([]);
  await next.page.close();
});

test('a saved order is the table order from the start, hidden columns left out', async ({
  page,
}) => {
  const columns: ColumnPref[] = [
    { id: 'total', visible: true },
    { id: 'id', visible: false },
    { id: 'number', visible: true },
    { id: 'dueAt', visible: true },
  ];
  await mockTauri(page, { ui: { columns, theme: 'system' } });
  await page.goto('/');
  await expect(headers(page).nth(1), 'first of the chosen columns').toHaveText(/Total/);
  await expect(headers(page).nth(2)).toHaveText(/Number/);
  await expect(headers(page).nth(3)).toHaveText(/Due/);
  await expect(page.getByTestId('sort-id'), 'a hidden column stays hidden').toHaveCount(0);
  expect(await argsOf(page, 'prefs_set'), 'starting up only reads the preferences').toEqual([]);
});

test('the move buttons work from the keyboard and keep the focus, also once a column reaches an end', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('column-chooser').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('column-number'), 'opening focuses the first choice').toBeFocused();

  const left = page.getByRole('button', { name: 'Move Number left' });
  const right = page.getByRole('button', { name: 'Move Number right' });
  await expect(left, 'Number is the first column: it cannot go further left').toBeDisabled();
  await page.keyboard.press('Tab');
  await expect(right, 'the disabled button is skipped').toBeFocused();
  await page.keyboard.press('Enter');
  await expect(headers(page).nth(1)).toHaveText(/Status/);
  await expect(headers(page).nth(2)).toHaveText(/Number/);
  await expect(right, 'the focus stays on the button pressed').toBeFocused();

  await page.keyboard.press('Shift+Tab');
  await expect(left).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(headers(page).nth(1)).toHaveText(/Number/);
  await expect(left).toBeDisabled();
  await expect(
    right,
    'back at the start, the focus goes to the button that still works',
  ).toBeFocused();
  await expect(page.getByTestId('column-menu'), 'the chooser stays open throughout').toBeVisible();

  const saved = (await argsOf(page, 'prefs_set')) as PrefsArgs[];
  expect(saved.length, 'each move is saved').toBe(2);
  expect(
    saved[1]?.ui.columns.filter((column) => column.visible).map((column) => column.id),
  ).toEqual(['number', 'status', 'total', 'amountRemaining', 'createdAt', 'dueAt']);
});

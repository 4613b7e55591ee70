/**
 * Saved views: the sidebar's Views panel saves what is on screen (query without a page, the
 * columns shown), applies a view whole (filters, sort, organization, columns: the query Rust
 * runs is the view's), marks it modified once anything differs, updates, renames and removes
 * it, shows Rust's refusals, and is reachable from the palette and the keyboard. Applying a
 * view never saves the column layout as the general preference (`prefs_set`).
 *
 * The browser runs in Berlin time: the views' instants below are its local midnights.
 */
import type { Page } from '@playwright/test';
import type { InvoiceQuery } from '../src/bindings/InvoiceQuery';
import type { SavedView } from '../src/bindings/SavedView';
import { expect, test } from './fixtures';
import { argsOf, ipcCalls, mockTauri, type Backend, type Script } from './tauri-mock';

test.use({ timezoneId: 'Europe/Berlin' });

type QueryArgs = { query: InvoiceQuery };
type SaveArgs = { view: SavedView };

const lastQuery = async (page: Page) =>
  ((await argsOf(page, 'invoices_query')).at(-1) as QueryArgs).query;
const viewItem = (page: Page, name: string) =>
  page.locator(`[data-testid="view-item"][data-name="${name}"]`);
const viewRow = (page: Page, name: string) =>
  page.locator(`[data-testid="view-row"][data-name="${name}"]`);
/** The sort buttons of the table's headers, in table order. */
const headerIds = (page: Page) =>
  page.getByTestId('invoice-table').locator('.row-header [data-testid^="sort-"]');
const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });

/** Opens the palette and types `text` once its combobox has the focus. */
async function paletteType(page: Page, text: string) {
  await page.keyboard.press('Control+k');
  await expect(palette(page).getByRole('combobox', { name: 'Command' })).toBeFocused();
  await page.keyboard.type(text);
}

const DEFAULT_COLUMNS = [
  { id: 'number', visible: true },
  { id: 'id', visible: false },
  { id: 'status', visible: true },
  { id: 'currency', visible: false },
  { id: 'total', visible: true },
  { id: 'amountDue', visible: false },
  { id: 'amountPaid', visible: false },
  { id: 'amountRemaining', visible: true },
  { id: 'createdAt', visible: true },
  { id: 'dueAt', visible: true },
  { id: 'periodStart', visible: false },
  { id: 'periodEnd', visible: false },
  { id: 'daysOverdue', visible: false },
];

/** Tokyo's paid invoices of the first half of 2024 from ¥1000, biggest first, in a layout of its own. */
const TOKYO: SavedView = {
  name: 'Tokyo paid H1',
  query: {
    orgs: ['org_tokyo'],
    statuses: ['paid'],
    createdFrom: '2023-12-31T23:00:00.000Z',
    createdTo: '2024-06-30T22:00:00.000Z',
    amountMin: '1000',
    sort: { column: 'total', direction: 'desc' },
  },
  columns: [
    { id: 'total', visible: true },
    { id: 'number', visible: true },
    { id: 'status', visible: false },
    { id: 'currency', visible: true },
  ],
};
const OPEN: SavedView = { name: 'Open', query: { statuses: ['open'] } };
const OVERDUE_EUR: SavedView = {
  name: 'Overdue EUR',
  query: { orgs: null, overdueOnly: true, currency: 'EUR' },
  columns: [],
};

async function start(page: Page, backend: Backend = {}, script: Script = {}) {
  await mockTauri(page, backend, script);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
}

test('no view saved: the panel says so', async ({ page }) => {
  await start(page);
  await expect(page.getByTestId('views-empty')).toHaveText('No saved views yet.');
  await expect(page.getByTestId('view-applied')).toHaveCount(0);
});

test('Save view… saves the filtered view on screen: its query without a page, and its columns', async ({
  page,
}) => {
  await start(page);
  await page.getByTestId('org-item-org_acme').click();
  await page.getByTestId('filter-status-open').click();
  await page.getByTestId('filter-overdue').check();
  await page.getByTestId('filter-currency').selectOption('EUR');
  await page.getByTestId('sort-total').click();
  await page.getByTestId('sort-total').click();
  await page.getByTestId('column-chooser').click();
  await page.getByTestId('column-createdAt').uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sort-createdAt')).toHaveCount(0);

  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('view-name-input'), 'the name box takes the focus').toBeFocused();
  await page.keyboard.type('  Overdue EUR ');
  await page.keyboard.press('Enter');

  await expect(viewItem(page, 'Overdue EUR')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('view-save'), 'the focus goes back to Save view…').toBeFocused();
  await expect(page.getByTestId('view-applied')).toHaveText('View: Overdue EUR');
  await expect(page.getByTestId('view-modified')).toHaveCount(0);
  const saves = (await argsOf(page, 'view_save')) as SaveArgs[];
  expect(saves).toHaveLength(1);
  expect(
    saves[0]!.view,
    'the name trimmed, the query as the table runs it without offset and limit',
  ).toEqual({
    name: 'Overdue EUR',
    query: {
      orgs: ['org_acme'],
      statuses: ['open'],
      overdueOnly: true,
      currency: 'EUR',
      sort: { column: 'total', direction: 'desc' },
    },
    columns: DEFAULT_COLUMNS.map((column) =>
      column.id === 'createdAt' ? { ...column, visible: false } : column,
    ),
  });
});

test('applying a view sets its filters, sort, organization and columns, and the query Rust runs is the view’s', async ({
  page,
}) => {
  await start(page, { views: [OPEN, TOKYO] });
  await expect(page.getByTestId('view-item')).toHaveText(['Open', 'Tokyo paid H1']);
  const before = (await argsOf(page, 'prefs_set')).length;

  await viewItem(page, 'Tokyo paid H1').click();
  await expect(viewItem(page, 'Tokyo paid H1')).toHaveAttribute('aria-current', 'true');
  await expect(viewItem(page, 'Open')).not.toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('view-applied')).toHaveText('View: Tokyo paid H1');
  await expect(page.getByTestId('org-item-org_tokyo')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('filter-status-paid')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('filter-status-open')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('filter-created-from')).toHaveValue('2024-01-01');
  await expect(page.getByTestId('filter-created-to')).toHaveValue('2024-06-30');
  await expect(page.getByTestId('filter-amount-min')).toHaveValue('1000');
  await expect(page.locator('[role=columnheader][aria-sort=descending]')).toContainText('Total');
  expect(
    await headerIds(page).evaluateAll((buttons) =>
      buttons.map((button) => button.getAttribute('data-testid')),
    ),
    'the view’s order, then the columns it does not name with their defaults',
  ).toEqual([
    'sort-total',
    'sort-number',
    'sort-currency',
    'sort-amountRemaining',
    'sort-createdAt',
    'sort-dueAt',
  ]);
  await expect(page.getByTestId('view-modified')).toHaveCount(0);
  await expect.poll(async () => (await lastQuery(page)).statuses).toEqual(['paid']);
  const { offset, limit, ...query } = await lastQuery(page);
  expect(typeof offset).toBe('number');
  expect(typeof limit).toBe('number');
  expect(query, 'exactly the saved query').toEqual(TOKYO.query);
  expect(
    (await argsOf(page, 'prefs_set')).length,
    'the view’s columns are not saved as the general layout',
  ).toBe(before);
});

test('a change marks the view modified; Update view saves under the same name; Clear keeps the filters and restores your columns', async ({
  page,
}) => {
  await start(page, { views: [OPEN] });
  await viewItem(page, 'Open').click();
  await expect(page.getByTestId('view-applied')).toHaveText('View: Open');
  await expect(page.getByTestId('view-modified')).toHaveCount(0);

  await page.getByTestId('filter-status-paid').click();
  await expect(page.getByTestId('view-modified')).toHaveText('modified');
  await page.getByTestId('filter-status-paid').click();
  await expect(page.getByTestId('view-modified'), 'back to the view: not modified').toHaveCount(0);

  await page.getByTestId('column-chooser').click();
  await page.getByTestId('column-currency').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sort-currency')).toBeVisible();
  await expect(page.getByTestId('view-modified'), 'columns count too').toBeVisible();
  expect(
    await argsOf(page, 'prefs_set'),
    'the chooser changes the view’s layout, not the general one',
  ).toEqual([]);
  await page.getByTestId('filter-status-paid').click();

  await page.getByTestId('view-update').click();
  await expect(page.getByTestId('view-modified')).toHaveCount(0);
  const saves = (await argsOf(page, 'view_save')) as SaveArgs[];
  expect(saves).toHaveLength(1);
  expect(saves[0]!.view).toEqual({
    name: 'Open',
    query: { orgs: null, statuses: ['open', 'paid'] },
    columns: DEFAULT_COLUMNS.map((column) =>
      column.id === 'currency' ? { ...column, visible: true } : column,
    ),
  });
  await expect(page.getByTestId('view-item')).toHaveText(['Open']);

  await page.getByTestId('view-clear').click();
  await expect(page.getByTestId('view-applied')).toHaveCount(0);
  await expect(viewItem(page, 'Open')).not.toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('filter-status-paid'), 'the filters stay').toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(
    page.getByTestId('sort-currency'),
    'the columns are your own layout again',
  ).toHaveCount(0);
});

test('rename inline: Escape keeps the name, Enter renames, a name in use shows Rust’s refusal', async ({
  page,
}) => {
  await start(page, { views: [OPEN, OVERDUE_EUR] });
  await viewItem(page, 'Open').click();
  const rename = viewRow(page, 'Open').getByTestId('view-rename');
  await rename.click();
  const input = page.getByTestId('view-rename-input');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('Open');
  await page.keyboard.press('Escape');
  await expect(input).toHaveCount(0);
  await expect(rename, 'Escape gives the focus back').toBeFocused();

  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();
  await input.fill('overdue eur');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-error')).toHaveText(
    'A view named "overdue eur" already exists. Choose another name.',
  );
  await expect(input, 'the form stays open with the text typed').toHaveValue('overdue eur');

  await input.fill('Open invoices');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-item')).toHaveText(['Open invoices', 'Overdue EUR']);
  await expect(
    viewRow(page, 'Open invoices').getByTestId('view-rename'),
    'the focus is back on the renamed view’s button',
  ).toBeFocused();
  await expect(
    page.getByTestId('view-applied'),
    'the applied view follows its new name',
  ).toHaveText('View: Open invoices');
  await expect(viewItem(page, 'Open invoices')).toHaveAttribute('aria-current', 'true');
  expect(await argsOf(page, 'view_rename')).toEqual([
    { from: 'Open', to: 'overdue eur' },
    { from: 'Open', to: 'Open invoices' },
  ]);
});

test('keyboard: Enter pressed at once after Escape reaches the Rename button again', async ({
  page,
}) => {
  await start(page, { views: [OPEN, OVERDUE_EUR] });
  const input = page.getByTestId('view-rename-input');
  for (let round = 0; round < 3; round++) {
    await viewRow(page, 'Open').getByTestId('view-rename').click();
    await expect(input).toBeFocused();
    // No wait for the focus in between: a keyboard user goes on at once.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await expect(input, `round ${round}: the form opened again`).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(input).toHaveCount(0);
  }
});

test('remove asks first: Keep (focused) and Escape keep the view, Remove removes it', async ({
  page,
}) => {
  await start(page, { views: [OPEN, OVERDUE_EUR] });
  await viewItem(page, 'Overdue EUR').click();
  const remove = viewRow(page, 'Overdue EUR').getByTestId('view-remove');
  await remove.click();
  await expect(page.getByTestId('view-remove-confirm')).toBeVisible();
  await expect(
    page.getByTestId('view-remove-cancel'),
    'the safe choice has the focus',
  ).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('view-remove-confirm')).toHaveCount(0);
  await expect(remove).toBeFocused();
  expect(await argsOf(page, 'view_remove')).toEqual([]);

  await remove.click();
  await page.getByTestId('view-remove-confirm').click();
  await expect(page.getByTestId('view-item')).toHaveText(['Open']);
  expect(await argsOf(page, 'view_remove')).toEqual([{ name: 'Overdue EUR' }]);
  await expect(
    page.getByTestId('view-applied'),
    'the removed view is no longer applied',
  ).toHaveCount(0);
  await expect(page.getByTestId('filter-overdue'), 'its filters stay on screen').toBeChecked();
  await expect(page.getByTestId('view-save')).toBeFocused();

  await viewRow(page, 'Open').getByTestId('view-remove').click();
  await page.getByTestId('view-remove-confirm').click();
  await expect(page.getByTestId('views-empty')).toBeVisible();
});

test('Rust’s refusals are shown: a blank name, a broken view; a name in use asks before replacing', async ({
  page,
}) => {
  await start(
    page,
    { views: [OPEN] },
    {
      view_save: [
        { backend: true },
        {
          err: {
            code: 'invalidInput',
            message: 'The view "Late" cannot be saved: its due range ends before it starts.',
          },
        },
        { backend: true },
      ],
    },
  );
  await page.getByTestId('view-save').click();
  await page.getByTestId('view-name-input').fill('   ');
  await page.getByTestId('view-save-confirm').click();
  await expect(page.getByTestId('view-error')).toHaveText(
    '"" cannot name a view: use visible text of at most 80 characters, without spaces at either end.',
  );
  await expect(page.getByTestId('view-name-input')).toHaveAttribute('aria-invalid', 'true');

  await page.getByTestId('view-name-input').fill('Late');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-error')).toHaveText(
    'The view "Late" cannot be saved: its due range ends before it starts.',
  );
  await expect(page.getByTestId('view-item')).toHaveText(['Open']);

  await page.getByTestId('filter-overdue').check();
  await page.getByTestId('view-name-input').fill('OPEN');
  await page.keyboard.press('Enter');
  await expect(
    page.getByTestId('view-replace-confirm'),
    'asked first, with the focus on Replace',
  ).toBeFocused();
  await expect(page.getByTestId('view-save-form')).toContainText('A view named Open exists.');
  expect((await argsOf(page, 'view_save')).length).toBe(2);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('view-name-input'), 'Escape goes back to the name').toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-replace-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-item')).toHaveText(['OPEN']);
  const saves = (await argsOf(page, 'view_save')) as SaveArgs[];
  expect(saves.at(-1)!.view.query).toEqual({ orgs: null, overdueOnly: true });
  await expect(page.getByTestId('view-applied')).toHaveText('View: OPEN');

  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('view-name-input')).toBeFocused();
  await page.keyboard.type('Draft');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('view-save-form')).toHaveCount(0);
  await expect(
    page.getByTestId('view-save'),
    'Escape cancels and gives the focus back',
  ).toBeFocused();
  expect((await argsOf(page, 'view_save')).length).toBe(3);
});

test('a view of several organizations (from bdesk) shows all of them with a note, and an update keeps its set', async ({
  page,
}) => {
  await start(page, {
    views: [{ name: 'Two', query: { orgs: ['org_acme', 'org_tokyo'], statuses: ['open'] } }],
  });
  await viewItem(page, 'Two').click();
  await expect(page.getByTestId('org-all')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('view-orgs-note')).toContainText(
    'This view covers 2 organizations',
  );
  await expect(page.getByTestId('view-modified')).toHaveCount(0);
  await expect.poll(async () => (await lastQuery(page)).statuses).toEqual(['open']);
  expect((await lastQuery(page)).orgs, 'the table shows all organizations').toBeNull();

  await page.getByTestId('filter-status-paid').click();
  await page.getByTestId('view-update').click();
  await expect(page.getByTestId('view-modified')).toHaveCount(0);
  expect(((await argsOf(page, 'view_save')) as SaveArgs[])[0]!.view.query).toEqual({
    orgs: ['org_acme', 'org_tokyo'],
    statuses: ['open', 'paid'],
  });

  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('view-modified'), 'one organization is a change').toBeVisible();
  await expect(page.getByTestId('view-orgs-note')).toHaveCount(0);
});

test('palette: View: NAME applies it, Save view… opens the form, Update view NAME when modified', async ({
  page,
}) => {
  await start(page, { views: [OPEN, OVERDUE_EUR] });
  await paletteType(page, 'view overdue');
  await expect(palette(page).getByRole('option').first()).toHaveText('View: Overdue EUR');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-applied')).toHaveText('View: Overdue EUR');
  await expect(page.getByTestId('filter-overdue')).toBeChecked();
  await expect.poll(async () => (await lastQuery(page)).currency).toBe('EUR');

  await paletteType(page, 'view');
  const labels = await palette(page).getByRole('option').allTextContents();
  expect(labels, 'the applied view as saved is not offered again').not.toContain(
    'View: Overdue EUR',
  );
  expect(labels).toContain('View: Open');
  expect(labels.some((label) => label.startsWith('Update view'))).toBe(false);
  await page.keyboard.press('Escape');

  await page.getByTestId('filter-status-open').click();
  await expect(page.getByTestId('view-modified')).toBeVisible();
  await paletteType(page, 'update view');
  await expect(palette(page).getByRole('option').first()).toHaveText('Update view Overdue EUR');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-modified')).toHaveCount(0);
  expect(((await argsOf(page, 'view_save')) as SaveArgs[])[0]!.view).toMatchObject({
    name: 'Overdue EUR',
    query: { orgs: null, statuses: ['open'], overdueOnly: true, currency: 'EUR' },
  });

  await paletteType(page, 'save view');
  await expect(palette(page).getByRole('option').first()).toHaveText('Save view…');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-name-input')).toBeFocused();
  await page.keyboard.type('Overdue open');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-item')).toHaveText(['Open', 'Overdue EUR', 'Overdue open']);
  await expect(page.getByTestId('view-applied')).toHaveText('View: Overdue open');
});

test('switching connections starts with no view applied, and lists that connection’s views', async ({
  page,
}) => {
  await start(page, {
    demo: false,
    connection: 'Production',
    connections: [{ name: 'Production' }, { name: 'Staging' }],
    views: [OPEN],
  });
  await viewItem(page, 'Open').click();
  await expect(page.getByTestId('view-applied')).toBeVisible();
  const listed = (await ipcCalls(page)).filter((call) => call.cmd === 'views_list').length;

  await paletteType(page, 'connection staging');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-name')).toHaveText('Staging');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(page.getByTestId('view-applied')).toHaveCount(0);
  await expect(viewItem(page, 'Open')).not.toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('filter-status-open')).toHaveAttribute('aria-pressed', 'false');
  expect(
    (await ipcCalls(page)).filter((call) => call.cmd === 'views_list').length,
    'the new connection’s views are asked for',
  ).toBeGreaterThan(listed);
});

test('a view with an "as of" instant applies it: the query sends it, the day and the note show, and changing it marks the view modified', async ({
  page,
}) => {
  // The end of 30 Nov 2026 in Berlin, as the window saves it.
  const NOVEMBER: SavedView = {
    name: 'November close',
    query: { orgs: null, overdueOnly: true, asOf: '2026-11-30T22:59:59.999Z' },
    columns: [],
  };
  await start(page, { views: [OPEN, NOVEMBER] });
  await viewItem(page, 'November close').click();
  await expect.poll(async () => (await lastQuery(page)).asOf).toBe('2026-11-30T22:59:59.999Z');
  expect(await lastQuery(page)).toMatchObject({ orgs: null, overdueOnly: true });
  await expect(page.getByTestId('as-of-input')).toHaveValue('2026-11-30');
  await expect(page.getByTestId('as-of-note')).toContainText('As of the end of');
  await expect(page.getByTestId('view-modified'), 'the round trip is the view itself').toHaveCount(
    0,
  );

  await page.getByTestId('as-of-clear').click();
  await expect(page.getByTestId('view-modified')).toBeVisible();
  await expect(page.getByTestId('as-of-note')).toHaveCount(0);
  await page.getByTestId('as-of-input').fill('2026-11-30');
  await expect(page.getByTestId('view-modified'), 'the same day again: not modified').toHaveCount(
    0,
  );
});

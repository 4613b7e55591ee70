/**
 * The Export history and Changes tabs: the history's rows and their buttons, its verification,
 * and the Changes tab sending its export, view and filter to Rust (which filters and sorts:
 * the fake backend answers the same rows whatever the filter, the tests check what was sent)
 * and showing what comes back, each currency in its own.
 */
import type { Page } from '@playwright/test';
import type { ChangesFilter } from '../src/bindings/ChangesFilter';
import { expect, test } from './fixtures';
import {
  argsOf,
  DEMO_CHANGES,
  DEMO_HISTORY,
  mockTauri,
  type Backend,
  type Script,
} from './tauri-mock';

type ChangesArgs = {
  number: number | null;
  view: { orgs: string[] | null };
  filter: ChangesFilter;
};

const NO_FILTER: ChangesFilter = {
  kind: null,
  text: '',
  sort: null,
  descending: false,
  limit: null,
};

async function open(page: Page, backend: Backend = {}, script: Script = {}) {
  await mockTauri(page, backend, script);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(page.getByTestId('refresh-button'), 'the start-up fetch is over').toBeEnabled();
}

const changesCalls = async (page: Page) => (await argsOf(page, 'changes_view')) as ChangesArgs[];
const lastChanges = async (page: Page) => (await changesCalls(page)).at(-1);
const historyRow = (page: Page, number: number) =>
  page.locator(`[data-testid="history-row"][data-number="${number}"]`);

async function showChanges(page: Page) {
  await page.getByTestId('tab-changes').click();
  await expect(page.getByTestId('change-row').first()).toBeVisible();
}

test('the history lists every export; "Show folder" opens the folder of its row', async ({
  page,
}) => {
  await open(
    page,
    {},
    {
      'export_folder_open {"number":1}': [
        { err: { code: 'notFound', message: 'The file of export 1 is no longer there.' } },
      ],
    },
  );
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('tab-history')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'tab-history');
  await expect(page.getByTestId('history-table')).toBeVisible();
  await expect(page.getByTestId('history-row')).toHaveCount(DEMO_HISTORY.length);
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-number', '3');

  const newest = historyRow(page, 3);
  await expect(newest.locator('td').nth(2)).toHaveText('CSV');
  await expect(newest.locator('td').nth(3)).toHaveText('80');
  await expect(newest.getByTestId('history-orgs')).toHaveText('3');
  await expect(newest.getByTestId('history-orgs')).toHaveAttribute(
    'title',
    'org_acme, org_tokyo, org_kuwait',
  );
  await expect(newest.locator('td').nth(5)).toHaveText('all invoices');
  await expect(newest.locator('td').nth(6)).toHaveText(
    '/home/finance/exports/billing-desk-export.csv',
  );
  await expect(historyRow(page, 2).locator('td').nth(3), 'rows grouped').toHaveText('1,234');
  await expect(historyRow(page, 2).locator('td').nth(6)).toHaveText('standard output');
  await expect(
    historyRow(page, 2).getByTestId('history-folder'),
    'no file, no folder',
  ).toBeDisabled();
  await expect(
    historyRow(page, 1).getByTestId('history-changes'),
    'its snapshot was pruned',
  ).toBeDisabled();
  await expect(historyRow(page, 1).getByTestId('history-changes')).toHaveAccessibleDescription(
    'its snapshot was pruned',
  );

  await newest.getByTestId('history-folder').click();
  await expect(page.getByTestId('notice')).toHaveText('Opened the folder /home/finance/exports.');
  await historyRow(page, 1).getByTestId('history-folder').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'notFound');
  await expect(banner).toContainText('The file of export 1 is no longer there.');
  expect(await argsOf(page, 'export_folder_open')).toEqual([{ number: 3 }, { number: 1 }]);
});

test('an empty history says so', async ({ page }) => {
  await open(page, { history: [] });
  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('history-empty')).toHaveText(
    'Nothing has been exported from here yet.',
  );
  await expect(page.getByTestId('history-table')).toHaveCount(0);
});

test('"Verify history" says whether the history verifies, with its notes and what breaks it', async ({
  page,
}) => {
  await open(
    page,
    {},
    {
      history_verify: [
        {
          ok: {
            entries: 3,
            tampered: [],
            filesChanged: [],
            filesMissing: ['export 1: /home/finance/exports/april.xlsx is no longer there'],
            interrupted: [],
          },
        },
        {
          ok: {
            entries: 3,
            tampered: ['line 2 (export 2): the entry before it was edited, removed or moved'],
            filesChanged: [
              'export 3: /home/finance/exports/billing-desk-export.csv was changed since',
            ],
            filesMissing: [],
            interrupted: [],
          },
        },
      ],
    },
  );
  await page.getByTestId('tab-history').click();
  await page.getByTestId('history-verify').click();
  const result = page.getByTestId('history-verify-result');
  await expect(result).toHaveAttribute('data-clean', 'true');
  await expect(result).toHaveAttribute('role', 'status');
  await expect(result).toContainText(
    'The history of 3 exports verifies: no entry was edited, removed or reordered, and every exported file still there is unchanged.',
  );
  await expect(result.getByTestId('history-verify-notes').locator('li')).toHaveText([
    'export 1: /home/finance/exports/april.xlsx is no longer there',
  ]);

  await page.getByTestId('history-verify').click();
  await expect(result).toHaveAttribute('data-clean', 'false');
  await expect(result.locator('p').first()).toHaveText('The history does not verify:');
  await expect(result.getByTestId('history-verify-problems').locator('li')).toHaveText([
    'line 2 (export 2): the entry before it was edited, removed or moved',
    'export 3: /home/finance/exports/billing-desk-export.csv was changed since',
  ]);
  await expect(result.getByTestId('history-verify-notes')).toHaveCount(0);
});

test('"Changes since" on a history row opens the Changes tab comparing with that export', async ({
  page,
}) => {
  await open(page);
  await page.getByTestId('tab-history').click();
  await historyRow(page, 2).getByTestId('history-changes').click();
  await expect(page.getByTestId('tab-changes')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'tab-changes');
  await expect(page.getByTestId('changes-since')).toContainText('Changes since export 2 of ');
  await expect(page.getByTestId('changes-export-select')).toHaveValue('2');
  expect(await changesCalls(page)).toEqual([
    { number: 2, view: { orgs: null }, filter: NO_FILTER },
  ]);

  // The picker lists the exports whose snapshot is kept; choosing one compares with it.
  const select = page.getByTestId('changes-export-select');
  await expect(select.locator('option')).toHaveCount(2);
  await expect(select.locator('option').first()).toContainText('Export 3 · ');
  await expect(select.locator('option').first()).toContainText(' · all invoices');
  await select.selectOption('3');
  await expect(page.getByTestId('changes-since')).toContainText('Changes since export 3 of ');
  expect((await lastChanges(page))?.number).toBe(3);
});

test('the Changes tab compares the view with its newest export: categories, currencies, rows', async ({
  page,
}) => {
  await open(page);
  await page.getByTestId('org-item-org_acme').click();
  await showChanges(page);
  expect(await changesCalls(page), 'the view on screen, the default export').toEqual([
    { number: null, view: { orgs: ['org_acme'] }, filter: NO_FILTER },
  ]);

  await expect(page.getByTestId('changes-kind-all')).toHaveText('All · 4');
  await expect(page.getByTestId('changes-kind-all')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-testid^="changes-kind-"]')).toHaveText([
    'All · 4',
    'New · 1',
    'Newly paid · 1',
    'Due date changed · 1',
    'Gone · 1',
  ]);

  const eur = page.locator('[data-testid="changes-currency"] tr[data-currency="EUR"]');
  await expect(eur.locator('th, td')).toHaveText([
    'EUR',
    '€500.00',
    '€520.00',
    '+€20.00',
    '€100.00',
    '€100.00',
    '€0.00',
  ]);
  const usd = page.locator('[data-testid="changes-currency"] tr[data-currency="USD"]');
  await expect(usd.locator('th, td')).toHaveText([
    'USD',
    '$300.00',
    '$200.00',
    '\u2212$100.00',
    '$0.00',
    '$100.00',
    '+$100.00',
  ]);

  const rows = page.getByTestId('change-row');
  await expect(rows).toHaveCount(4);
  const paid = page.locator('[data-testid="change-row"][data-id="in_org_acme_000005"]');
  await expect(paid).toHaveAttribute('data-kind', 'newlyPaid');
  await expect(paid.locator('td').nth(0)).toHaveText('Newly paid');
  await expect(paid.locator('td').nth(1), 'organizations by name').toHaveText('ACME Europe');
  await expect(paid.locator('.change-fields li')).toHaveText([
    'Status: open → paid',
    'Amount paid: $0.00 → $100.00',
    'Amount remaining: $100.00 → $0.00',
  ]);
  await expect(
    page.locator('[data-testid="change-row"][data-kind="dueDateChanged"] .change-fields li'),
  ).toHaveText(['Due: Dec 1, 2026 → Dec 15, 2026']);
  await expect(
    page.locator('[data-testid="change-row"][data-kind="new"] .change-fields li'),
  ).toHaveText(['New invoice']);
  await expect(
    page.locator('[data-testid="change-row"][data-kind="gone"] .change-fields li'),
  ).toHaveText(['No longer in this view']);
  await expect(page.getByTestId('changes-truncated')).toHaveCount(0);
  await expect(page.getByTestId('changes-not-compared')).toHaveCount(0);

  // A refresh changes what Rust holds: the tab asks again once it is over.
  const before = (await changesCalls(page)).length;
  await page.getByTestId('refresh-button').click();
  await expect.poll(async () => (await changesCalls(page)).length).toBeGreaterThan(before);
});

test('a category, a sort and a search are sent to Rust', async ({ page }) => {
  await open(page);
  await showChanges(page);

  await page.getByTestId('changes-kind-newlyPaid').click();
  await expect(page.getByTestId('changes-kind-newlyPaid')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('changes-kind-all')).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(async () => (await lastChanges(page))?.filter)
    .toEqual({ ...NO_FILTER, kind: 'newlyPaid' });

  const orgHeader = page.locator('th', { has: page.getByTestId('changes-sort-org') });
  await expect(orgHeader).toHaveAttribute('aria-sort', 'none');
  await page.getByTestId('changes-sort-org').click();
  await expect(orgHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect
    .poll(async () => (await lastChanges(page))?.filter)
    .toEqual({ ...NO_FILTER, kind: 'newlyPaid', sort: 'org', descending: false });
  await page.getByTestId('changes-sort-org').click();
  await expect(orgHeader).toHaveAttribute('aria-sort', 'descending');
  await expect
    .poll(async () => (await lastChanges(page))?.filter)
    .toEqual({ ...NO_FILTER, kind: 'newlyPaid', sort: 'org', descending: true });
  await page.getByTestId('changes-sort-currency').click();
  await expect
    .poll(async () => (await lastChanges(page))?.filter)
    .toEqual({ ...NO_FILTER, kind: 'newlyPaid', sort: 'currency', descending: false });

  await page.getByTestId('changes-kind-all').click();
  const search = page.getByTestId('changes-search');
  await expect(search).toHaveAttribute('placeholder', 'Organization, invoice number or ID');
  await expect(page.getByLabel('Search changes')).toBeVisible();
  const sent = (await changesCalls(page)).length;
  const typed = 'INV-ACME-000006';
  await search.pressSequentially(typed, { delay: 10 });
  await expect
    .poll(async () => (await lastChanges(page))?.filter)
    .toEqual({ ...NO_FILTER, sort: 'currency', text: typed });
  const searches = (await changesCalls(page)).slice(sent);
  expect(searches.length, 'typing is sent once it pauses, not per key').toBeLessThan(typed.length);
  await expect(search, 'the answers keep the focus in the search').toBeFocused();
});

test('no change matching, nothing changed, a table cut short of what matched', async ({ page }) => {
  const many = { ...DEMO_CHANGES, total: 12_345, matched: 12_345 };
  await open(
    page,
    {},
    {
      changes_view: [
        { ok: many },
        { ok: { ...DEMO_CHANGES, matched: 0, rows: [] } },
        { ok: { ...DEMO_CHANGES, counts: {}, total: 0, matched: 0, rows: [] } },
      ],
    },
  );
  await showChanges(page);
  await expect(page.getByTestId('changes-truncated')).toHaveText(
    'Showing the first 4 of 12,345 matching changes; export them all below.',
  );
  await page.getByTestId('changes-kind-gone').click();
  await expect(page.getByTestId('changes-no-match')).toHaveText('No change matches this filter.');
  await expect(page.getByTestId('changes-table')).toHaveCount(0);
  await page.getByTestId('changes-kind-all').click();
  await expect(page.getByTestId('changes-nothing')).toHaveText('Nothing changed since export 3.');
});

test('"Export changes": a menu of formats, the export shown, a cancelled dialog, an error', async ({
  page,
}) => {
  await open(
    page,
    {},
    {
      changes_export: [
        { backend: true },
        { ok: null },
        { err: { code: 'export', message: 'The folder /x is read-only.' } },
        { backend: true },
      ],
    },
  );
  await page.getByTestId('tab-history').click();
  await historyRow(page, 2).getByTestId('history-changes').click();
  await expect(page.getByTestId('change-row').first()).toBeVisible();

  const button = page.getByTestId('changes-export-button');
  await button.click();
  const menu = page.getByTestId('changes-export-menu');
  await expect(menu).toBeVisible();
  await expect(
    page.getByTestId('changes-export-csv'),
    'the keyboard goes into the menu',
  ).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('changes-export-json'), 'Tab stays in the menu').toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('changes-export-csv')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button, 'Escape gives the focus back').toBeFocused();

  await button.click();
  await page.getByTestId('changes-export-xlsx').click();
  await expect(menu).toHaveCount(0);
  const result = page.getByTestId('changes-export-result');
  await expect(result).toHaveText(
    'Exported 4 changed invoices to /home/finance/changes-since-2.xlsx.',
  );
  await expect(result).toHaveAttribute('role', 'status');

  await button.click();
  await page.getByTestId('changes-export-csv').click();
  await expect(result, 'a cancelled dialog says nothing').toHaveCount(0);

  await button.click();
  await page.getByTestId('changes-export-json').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'export');
  await banner.getByTestId('retry-button').click();
  await expect(result).toHaveText(
    'Exported 4 changed invoices to /home/finance/changes-since-2.json.',
  );
  expect(await argsOf(page, 'changes_export')).toEqual([
    { number: 2, format: 'xlsx' },
    { number: 2, format: 'csv' },
    { number: 2, format: 'json' },
    { number: 2, format: 'json' },
  ]);
});

test('before any export the tab says what it will show', async ({ page }) => {
  await open(page, { changes: null, history: [] });
  await page.getByTestId('tab-changes').click();
  await expect(page.getByTestId('changes-none')).toHaveText(
    'Nothing has been exported from here yet. Export a view; what changes after that shows here.',
  );
});

test('organizations of the export not loaded now are named, left out of the comparison', async ({
  page,
}) => {
  await open(page, { changes: { ...DEMO_CHANGES, notCompared: ['org_tokyo', 'org_gone'] } });
  await showChanges(page);
  await expect(page.getByTestId('changes-not-compared')).toHaveText(
    '2 organizations of that export are not loaded now and were left out: Tokyo KK, org_gone. Refresh them to compare.',
  );
});

test('a failed comparison shows its error with Retry', async ({ page }) => {
  await open(
    page,
    {},
    {
      changes_view: [
        { err: { code: 'internal', message: 'The snapshot of export 3 could not be read.' } },
        { backend: true },
      ],
    },
  );
  await page.getByTestId('tab-changes').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('The snapshot of export 3 could not be read.');
  await banner.getByTestId('retry-button').click();
  await expect(page.getByTestId('change-row')).toHaveCount(4);
});

test('the command palette shows the changes since the last export and the export history', async ({
  page,
}) => {
  await open(page);
  await page.getByTestId('tab-history').click();
  await historyRow(page, 2).getByTestId('history-changes').click();
  await expect(page.getByTestId('changes-export-select')).toHaveValue('2');

  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Command' }).fill('export history');
  await expect(page.locator('[role=option][aria-selected=true]')).toHaveText('Show export history');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-history')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('history-table')).toBeVisible();

  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Command' }).fill('changes since');
  await expect(page.locator('[role=option][aria-selected=true]')).toHaveText(
    'Show changes since the last export',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-changes')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('changes-export-select'), 'the newest export again').toHaveValue(
    '3',
  );
  expect((await lastChanges(page))?.number).toBeNull();
});

/**
 * The command palette (Ctrl/Cmd+K): opened from anywhere on the invoices screen with the focus
 * in its combobox, fuzzy-matched commands run by Enter through the window's own paths (the
 * view's query, the export's completeness check, the connection switch), Escape giving the
 * focus back, names shown as text, no IPC call to open or filter it, and no axe violation.
 */
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { argsOf, DEMO_ORGS, FAKE_PDF_DIR, ipcCalls, mockTauri, numberedOrgs } from './tauri-mock';

type QueryArgs = { query: { orgs: string[] | null; statuses?: string[]; overdueOnly?: boolean } };

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
const input = (page: Page) => palette(page).getByRole('combobox', { name: 'Command' });
const options = (page: Page) => palette(page).getByRole('option');
const activeOption = (page: Page) => palette(page).locator('[role=option][aria-selected=true]');
const lastQuery = async (page: Page) =>
  ((await argsOf(page, 'invoices_query')).at(-1) as QueryArgs).query;

/** The focused element, described well enough to tell two apart. */
const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element
      ? `${element.tagName.toLowerCase()}#${element.getAttribute('data-testid') ?? ''}[${element.closest('[role=row]')?.getAttribute('aria-rowindex') ?? ''}]`
      : 'nothing';
  });

async function openPalette(page: Page) {
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  await expect(input(page)).toBeFocused();
}

/** How many IPC calls the page made, once no new one came for a while (the start-up's queries are done). */
async function settledCallCount(page: Page): Promise<number> {
  let count = -1;
  await expect
    .poll(
      async () => {
        const previous = count;
        count = (await ipcCalls(page)).length;
        return count === previous;
      },
      { intervals: [300] },
    )
    .toBe(true);
  return count;
}

async function loaded(page: Page) {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
}

test('Ctrl+K opens the palette in its combobox; a few letters of an organization and Enter show it', async ({
  page,
}) => {
  await loaded(page);
  await openPalette(page);
  await expect(palette(page)).toHaveAttribute('aria-modal', 'true');
  await expect(input(page)).toHaveAttribute('aria-expanded', 'true');
  const listId = await input(page).getAttribute('aria-controls');
  await expect(
    palette(page).getByRole('listbox'),
    'the combobox controls the list of commands',
  ).toHaveAttribute('id', listId ?? '');
  await expect(options(page).first()).toBeVisible();
  await expect(
    palette(page).locator('[role=option]:has-text("Refresh") kbd'),
    'commands with a shortcut show it',
  ).toHaveText('Ctrl+R');

  await page.keyboard.type('tok');
  await expect(options(page).first(), 'the best match first').toHaveText('Organization: Tokyo KK');
  await expect(
    options(page).first().locator('.palette-hit'),
    'the matched letters are marked',
  ).toHaveText('Tok');
  const activeId = await activeOption(page).getAttribute('id');
  await expect(input(page), 'the combobox points at the active option').toHaveAttribute(
    'aria-activedescendant',
    activeId ?? '',
  );

  await page.keyboard.press('Enter');
  await expect(palette(page), 'running a command closes the palette').toHaveCount(0);
  await expect(page.getByTestId('org-item-org_tokyo')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('matched-count')).toHaveText('25');
  expect((await lastQuery(page)).orgs).toEqual(['org_tokyo']);

  await openPalette(page);
  await page.keyboard.type('all org');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  expect((await lastQuery(page)).orgs, 'back to all organizations').toBeNull();
});

test('with 3,000 organizations the palette lists the best 100, says how many more, and typing finds any', async ({
  page,
}) => {
  const orgs = numberedOrgs(3000, 1);
  await mockTauri(page, { orgs });
  await page.goto('/');
  await expect(page.getByTestId('org-all')).toContainText('3000 saved');
  await openPalette(page);
  await expect(options(page)).toHaveCount(100);
  const listed = await options(page).count();
  await expect(page.getByTestId('command-palette-empty')).toHaveText(
    /^\d+ more: type to narrow the list$/,
  );
  const more = Number(
    /^(\d+)/.exec((await page.getByTestId('command-palette-empty').textContent()) ?? '')?.[1],
  );
  expect(listed + more, 'every command is listed or counted').toBeGreaterThan(3000);

  await page.keyboard.type('org_2718');
  await expect(options(page).first()).toHaveText('Organization: org_2718');
  await expect(page.getByTestId('command-palette-empty')).toHaveText('');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('org-item-org_2718')).toHaveAttribute('aria-current', 'true');
  expect((await lastQuery(page)).orgs).toEqual(['org_2718']);
});

test('Ctrl+K works with the focus in a text field and in the grid', async ({ page }) => {
  await loaded(page);
  await page.getByTestId('search-input').focus();
  await openPalette(page);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(
    page.getByTestId('search-input'),
    'the K went to the palette, not into the field',
  ).toHaveValue('');

  const cell = page.locator('[data-invoice-id="in_org_acme_000003"] [role=gridcell]').first();
  await cell.click();
  await expect(cell).toBeFocused();
  await openPalette(page);
});

test('a status filter command and the overdue toggle change the query', async ({ page }) => {
  await loaded(page);
  await openPalette(page);
  await page.keyboard.type('add paid');
  await expect(activeOption(page)).toHaveText('Status filter: add paid');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-status-paid')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await lastQuery(page)).statuses).toEqual(['paid']);

  await openPalette(page);
  await page.keyboard.type('overdue');
  await expect(activeOption(page)).toHaveText('Overdue only: turn on');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-overdue')).toBeChecked();
  await expect
    .poll(async () => lastQuery(page))
    .toMatchObject({ statuses: ['paid'], overdueOnly: true });

  await openPalette(page);
  await page.keyboard.type('clear filt');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-overdue')).not.toBeChecked();
  await expect.poll(async () => lastQuery(page)).not.toHaveProperty('statuses');
  expect(await lastQuery(page)).not.toHaveProperty('overdueOnly');
});

test('Export CSV runs the export menu’s path: the completeness check, then the export of the view', async ({
  page,
}) => {
  await loaded(page);
  await page.getByTestId('org-item-org_tokyo').click();
  await expect(page.getByTestId('matched-count')).toHaveText('25');
  await openPalette(page);
  await page.keyboard.type('export csv');
  await expect(activeOption(page)).toHaveText('Export CSV');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-result')).toHaveText(
    'Exported 25 invoices to /home/finance/billing-desk-export.csv',
  );
  const view = { orgs: ['org_tokyo'] };
  expect(await argsOf(page, 'export_check'), 'the view is checked first').toEqual([
    { query: view },
  ]);
  expect(await argsOf(page, 'export_invoices')).toEqual([
    { query: view, format: 'csv', manifest: false, allowIncomplete: false },
  ]);
});

test('an export of a view that is not up to date asks first, as from the menu', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [
      DEMO_ORGS[0]!,
      {
        ...DEMO_ORGS[1]!,
        cachedAt: '2025-05-31T08:00:00Z',
        error: { code: 'server', message: 'The billing service failed (HTTP 503).' },
      },
    ],
  });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await openPalette(page);
  await page.keyboard.type('export json');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-question')).toBeVisible();
  expect(await argsOf(page, 'export_invoices'), 'nothing written before the answer').toEqual([]);
});

test('Escape closes the palette and gives the focus back; Tab stays inside; arrows wrap', async ({
  page,
}) => {
  await loaded(page);
  await page.getByTestId('column-chooser').focus();
  const before = await focusedElement(page);
  await openPalette(page);

  await page.keyboard.press('Tab');
  await expect(input(page), 'the focus is trapped in the palette').toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(input(page)).toBeFocused();

  const count = await options(page).count();
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(options(page).nth(count - 1), 'up from the first: the last').toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('ArrowDown');
  await expect(options(page).first(), 'down from the last: the first').toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('ArrowDown');
  await expect(options(page).nth(1)).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.type('zzqx');
  await expect(options(page)).toHaveCount(0);
  await expect(palette(page).getByRole('status')).toHaveText('No matching command');
  await page.keyboard.press('Enter');
  await expect(palette(page), 'Enter with nothing to run leaves it open').toBeVisible();

  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  expect(await focusedElement(page), 'the focus is back where it was').toBe(before);
});

test('running a command gives the focus back too, unless the command moves it; a click outside closes', async ({
  page,
}) => {
  await loaded(page);
  const cell = page.locator('[data-invoice-id="in_org_acme_000002"] [role=gridcell]').first();
  await cell.click();
  await openPalette(page);
  await page.keyboard.type('pdfs');
  await page.keyboard.press('Enter');
  await expect(cell, 'back on the grid cell').toBeFocused();
  await expect.poll(async () => (await argsOf(page, 'pdfs_download')).length).toBe(1);

  await openPalette(page);
  await page.keyboard.type('search');
  await expect(activeOption(page).locator('kbd')).toHaveText('Ctrl+F');
  await page.keyboard.press('Enter');
  await expect(
    page.getByTestId('search-input'),
    'Search takes the focus, as Ctrl+F does',
  ).toBeFocused();

  await openPalette(page);
  await page.mouse.click(5, 400);
  await expect(palette(page)).toHaveCount(0);
});

test('"Open archive folder" opens the folder as the export menu does and names it', async ({
  page,
}) => {
  await loaded(page);
  await openPalette(page);
  await page.keyboard.type('archive');
  await expect(activeOption(page)).toHaveText('Open archive folder');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText(
    `Opened the archive folder ${FAKE_PDF_DIR}/demo.`,
  );
  expect(await argsOf(page, 'archive_folder_open')).toEqual([{}]);
});

test('a click on a command runs it; theme and tab commands', async ({ page }) => {
  await loaded(page);
  await openPalette(page);
  await page.keyboard.type('theme');
  await expect(options(page).nth(0), 'the themes not in use, best matches first').toHaveText(
    'Theme: Light',
  );
  await expect(options(page).nth(1)).toHaveText('Theme: Dark');
  await options(page).filter({ hasText: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(((await argsOf(page, 'prefs_set')).at(-1) as { ui: { theme: string } }).ui.theme).toBe(
    'dark',
  );

  await openPalette(page);
  await page.keyboard.type('payment');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-payment-methods')).toHaveAttribute('aria-selected', 'true');
  await openPalette(page);
  await page.keyboard.type('add open');
  await expect(activeOption(page), 'a filter command on the payment methods tab').toHaveText(
    'Status filter: add open',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-invoices'), 'shows the invoices it filters').toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('filter-status-open')).toHaveAttribute('aria-pressed', 'true');
});

test('connections: switch to another saved one, or open the Connections screen', async ({
  page,
}) => {
  await mockTauri(page, {
    demo: false,
    connection: 'Production',
    connections: [{ name: 'Production' }, { name: 'Staging' }],
  });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await openPalette(page);
  await page.keyboard.type('connection');
  await expect(
    options(page),
    'every saved connection but the active one, demo data, the screen',
  ).toHaveText(['Connection: Staging', 'Connection: Demo data', 'Open Connections']);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-name')).toHaveText('Staging');
  expect(await argsOf(page, 'connection_use')).toEqual([{ name: 'Staging' }]);

  await openPalette(page);
  await page.keyboard.type('open conn');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-row')).toHaveCount(2);
});

test('names are shown as text, and opening and filtering the palette calls nothing', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [
      ...DEMO_ORGS,
      { orgId: 'org_html', label: '<img src=x onerror="window.__xss=3"> (EU) [.*]', count: 3 },
    ],
  });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(page.getByTestId('org-item-org_html')).toBeVisible();
  await expect(page.getByTestId('refresh-button'), 'the start-up fetch is over').toBeEnabled();
  const calls = await settledCallCount(page);

  await openPalette(page);
  await page.keyboard.type('[.*]');
  await expect(options(page)).toHaveText([
    'Organization: <img src=x onerror="window.__xss=3"> (EU) [.*]',
  ]);
  await expect(palette(page).locator('img')).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Backspace');
  expect((await ipcCalls(page)).length, 'no IPC call to build or filter the list').toBe(calls);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
  ).toBeUndefined();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('axe: the palette, with commands and with none matching', async ({ page }) => {
      await loaded(page);
      await openPalette(page);
      await page.keyboard.press('ArrowDown');
      await expectAccessible(page, `command palette (${colorScheme})`);
      await page.keyboard.type('ref');
      await expectAccessible(page, `command palette filtered (${colorScheme})`);
      await page.keyboard.type('zzqx');
      await expect(palette(page).getByRole('status')).toHaveText('No matching command');
      await expectAccessible(page, `command palette, no match (${colorScheme})`);
    });
  });
}

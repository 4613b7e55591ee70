/**
 * The invoice grid as an ARIA grid: driven by the keyboard alone (one Tab stop, roving focus
 * moved by arrows, PageDown and Ctrl+End onto rows not yet in the page, row actions on keys),
 * rows that keep their aria-rowindex through virtualization, a focus that survives scrolling
 * and filter changes, and the live region that reads the result count.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

/** Where the focus is: the grid row (its aria-rowindex and invoice) and the cell or control. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const row = element?.closest('[role=row]');
    const grid = element?.closest('[role=grid]');
    return {
      inGrid: grid !== null && grid !== undefined,
      rowIndex: row ? Number(row.getAttribute('aria-rowindex')) : null,
      invoice: row?.getAttribute('data-invoice-id') ?? null,
      what: element
        ? `${element.tagName.toLowerCase()}${element.getAttribute('role') ? `[${element.getAttribute('role')}]` : ''}${element.getAttribute('data-testid') ? `#${element.getAttribute('data-testid')}` : ''}`
        : 'nothing',
      text: element?.textContent?.trim() ?? '',
    };
  });
}

/** Presses Tab until the focus is in the grid; returns how many presses it took. */
async function tabIntoGrid(page: Page): Promise<number> {
  for (let presses = 1; presses <= 40; presses++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).inGrid) return presses;
  }
  throw new Error('Tab never reached the invoice grid');
}

test('Tab enters the grid once, arrows move the focused cell, Enter and P open the focused invoice', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  // Keys only from here: Ctrl+F puts the focus in the search box, just before the filters.
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('search-input')).toBeFocused();

  await tabIntoGrid(page);
  expect(
    await focused(page),
    'the first cell of the first invoice (All organizations: its Organization cell)',
  ).toMatchObject({
    what: 'div[gridcell]',
    rowIndex: 2,
    invoice: 'in_org_acme_000000',
  });
  await page.keyboard.press('Tab');
  expect(
    (await focused(page)).inGrid,
    'one Tab stop for the whole grid: the next Tab leaves it',
  ).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page), 'and Shift+Tab comes back to the same cell').toMatchObject({
    rowIndex: 2,
    what: 'div[gridcell]',
  });

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  expect(
    await focused(page),
    'two rows down, one cell right: the Number cell of the third invoice',
  ).toMatchObject({
    rowIndex: 4,
    invoice: 'in_org_acme_000002',
    what: 'div[gridcell]',
  });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const target = await focused(page);
  expect(target.invoice, 'row 6 of the view').toBe('in_org_acme_000005');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toContainText('in your browser');
  expect(
    await argsOf(page, 'invoice_open'),
    'Enter opens the hosted page of the focused invoice',
  ).toEqual([{ orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'hosted' }]);
  await page.keyboard.press('p');
  await expect(page.getByTestId('notice')).toContainText('Opened the PDF');
  expect((await argsOf(page, 'invoice_open'))[1], 'P opens its PDF').toEqual({
    orgId: 'org_acme',
    invoiceId: 'in_org_acme_000005',
    row: 5,
    target: 'pdf',
  });

  await page.keyboard.press('End');
  expect(await focused(page), 'End: the last cell of the row is its Download button').toMatchObject(
    { what: 'button#download-pdf', invoice: 'in_org_acme_000005' },
  );
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(
    await focused(page),
    'a disabled action’s cell holds the focus itself: Archived, nothing archived yet',
  ).toMatchObject({ what: 'span[gridcell]', text: 'Archived' });
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(
    await focused(page),
    'the row actions are cells of their own: four left is Open',
  ).toMatchObject({ what: 'button#open-hosted' });
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000005"] [data-testid=open-hosted]'),
  ).toHaveAttribute('aria-keyshortcuts', 'Enter');
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000005"] [data-testid=open-pdf]'),
  ).toHaveAttribute('aria-keyshortcuts', 'P');

  await page.keyboard.press('Control+Home');
  expect(await focused(page), 'Ctrl+Home: the first cell of the first invoice').toMatchObject({
    rowIndex: 2,
    what: 'div[gridcell]',
    text: 'ACME Europe',
  });
  await page.keyboard.press('ArrowUp');
  expect(await focused(page), 'above the first row: the header’s sort buttons').toMatchObject({
    rowIndex: 1,
    what: 'button#sort-org',
  });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(
    page.locator('[role=columnheader]:has([data-testid=sort-number])'),
    'Enter on a header sorts by it',
  ).toHaveAttribute('aria-sort', 'ascending');
  expect(await focused(page), 'the focus stays on the header through the sort').toMatchObject({
    what: 'button#sort-number',
  });
});

test('before the focus was ever in the grid, the first Tab into it lands on the first invoice, whatever views came before', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  // Status "void" keeps invoices 4, 12, 20…: invoice 4 is first there and the fifth row without it.
  await page.getByTestId('filter-status-void').click();
  await expect(page.getByTestId('matched-count')).toHaveText('10');
  await expect(page.getByTestId('invoice-row').first()).toHaveAttribute(
    'data-invoice-id',
    'in_org_acme_000004',
  );
  await page.getByTestId('filter-status-void').click();
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  await expect(page.locator('[data-testid=invoice-row][aria-rowindex="2"]')).toHaveAttribute(
    'data-invoice-id',
    'in_org_acme_000000',
  );

  await page.keyboard.press('Control+f');
  await tabIntoGrid(page);
  expect(
    await focused(page),
    'the first cell of the first invoice, not an invoice first in an earlier view',
  ).toMatchObject({
    what: 'div[gridcell]',
    rowIndex: 2,
    invoice: 'in_org_acme_000000',
  });
});

test('A opens the archived copy of the focused invoice, D saves its PDF into the archive first', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  const cell = page.locator('[data-invoice-id="in_org_acme_000005"] [role=gridcell]').first();
  await cell.click();
  await expect(cell).toBeFocused();

  await page.keyboard.press('a');
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000005"] [data-testid=open-archived]'),
  ).toBeDisabled();
  expect(
    await argsOf(page, 'invoice_open'),
    'A does nothing while the invoice is not archived',
  ).toEqual([]);

  await page.keyboard.press('d');
  await expect(page.getByTestId('notice')).toHaveText(
    'Saved the PDF of invoice INV-ACME-000006 in the archive.',
  );
  expect(await argsOf(page, 'pdf_download_invoice')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5 },
  ]);
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000005"] [data-testid=open-archived]'),
  ).toBeEnabled();
  await expect(cell, 'the rows read again keep the focus where it was').toBeFocused();

  await page.keyboard.press('Shift+A');
  await expect(page.getByTestId('notice')).toHaveText(
    'Opened the archived PDF of invoice INV-ACME-000006.',
  );
  expect(await argsOf(page, 'invoice_open')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'archivedPdf' },
  ]);
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000005"] [data-testid=open-archived]'),
  ).toHaveAttribute('aria-keyshortcuts', 'A');
  await expect(page.locator('.grid-keys')).toContainText('A the archived PDF');
});

test('PageDown and Ctrl+End reach rows that were not in the page, scrolling the virtual window to them', async ({
  page,
}) => {
  await mockTauri(page, { orgs: [{ orgId: 'org_big', label: 'Big Co', count: 100_000 }] });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('100000');
  await expect(page.getByTestId('invoice-table')).toHaveAttribute('aria-rowcount', '100001');
  const lastRendered = await page
    .getByTestId('invoice-row')
    .evaluateAll((rows) =>
      Math.max(...rows.map((row) => Number(row.getAttribute('aria-rowindex')))),
    );
  await page.keyboard.press('Control+f');
  await tabIntoGrid(page);
  expect(await focused(page)).toMatchObject({ rowIndex: 2, invoice: 'in_org_big_000000' });

  let presses = 0;
  while (((await focused(page)).rowIndex ?? 0) <= lastRendered) {
    await page.keyboard.press('PageDown');
    presses++;
    expect(presses, 'PageDown moves a screenful each time').toBeLessThan(5);
  }
  const paged = await focused(page);
  expect(paged.rowIndex, `past the ${lastRendered - 1} rows rendered at the start`).toBeGreaterThan(
    lastRendered,
  );
  await expect
    .poll(
      async () => (await focused(page)).invoice,
      'the focus is on the invoice at that place once its row has arrived',
    )
    .toBe(`in_org_big_${String((paged.rowIndex ?? 0) - 2).padStart(6, '0')}`);

  await page.keyboard.press('Control+End');
  await expect
    .poll(async () => (await focused(page)).invoice, 'Ctrl+End: the last of 100,000 invoices')
    .toBe('in_org_big_099999');
  expect(await focused(page), 'on its last cell, aria-rowindex 100,001').toMatchObject({
    rowIndex: 100_001,
    what: 'button#download-pdf',
  });
  expect(
    await page.getByTestId('invoice-row').count(),
    'still only a window of rows in the page',
  ).toBeLessThan(60);
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await argsOf(page, 'invoice_open')).at(-1), 'Enter opens the last invoice')
    .toEqual({
      orgId: 'org_big',
      invoiceId: 'in_org_big_099999',
      row: 99_999,
      target: 'hosted',
    });
});

test('aria-rowindex stays each row’s place in the view through a sort and a scroll far down', async ({
  page,
}) => {
  await mockTauri(page, { orgs: [{ orgId: 'org_big', label: 'Big Co', count: 100_000 }] });
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('100000');
  await page.getByTestId('sort-total').click();
  await page.getByTestId('sort-total').click();
  await expect(page.locator('[role=columnheader]:has([data-testid=sort-total])')).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await page.getByTestId('invoice-table').evaluate((table) => table.scrollTo({ top: 61_234 * 36 }));
  await expect(
    page.locator('[data-testid=invoice-row][aria-rowindex="61236"]'),
    'the rows around row 61,234 arrived',
  ).toBeVisible();

  const shown = await page.getByTestId('invoice-row').evaluateAll((rows) =>
    rows.map((row) => ({
      at: Number(row.getAttribute('aria-rowindex')) - 2,
      id: row.getAttribute('data-invoice-id'),
    })),
  );
  const first = Math.min(...shown.map((row) => row.at));
  // What the backend holds at those places of the sorted view, asked for directly.
  const truth = await page.evaluate(
    async ({ offset, limit }) => {
      const internals = (
        window as unknown as {
          __TAURI_INTERNALS__: {
            invoke: (
              cmd: string,
              args: unknown,
            ) => Promise<{ rows: { invoice: { id: string } }[] }>;
          };
        }
      ).__TAURI_INTERNALS__;
      const page = await internals.invoke('invoices_query', {
        query: { orgs: null, sort: { column: 'total', direction: 'desc' }, offset, limit },
      });
      return page.rows.map((row) => row.invoice.id);
    },
    { offset: first, limit: shown.length + 10 },
  );
  expect(shown.length, 'a window of rows, far down the view').toBeGreaterThan(10);
  for (const row of shown)
    expect(row.id, `the row at aria-rowindex ${row.at + 2}`).toBe(truth[row.at - first]);
});

test('scrolling never drops the focus to the page: the focused row stays, or the grid holds the focus until a key', async ({
  page,
}) => {
  await mockTauri(page, { orgs: [{ orgId: 'org_big', label: 'Big Co', count: 100_000 }] });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('100000');
  const table = page.getByTestId('invoice-table');
  const scrollToRow = (row: number) =>
    table.evaluate((element, top) => element.scrollTo({ top }), row * 36);
  await page.locator('[data-invoice-id="in_org_big_000003"] .col-number').click();

  await scrollToRow(25);
  await expect(
    page.locator('[data-invoice-id="in_org_big_000030"]'),
    'the rows around row 30 are on screen',
  ).toBeVisible();
  expect(await focused(page), 'the focused row stays in the page, out of view').toMatchObject({
    invoice: 'in_org_big_000003',
    what: 'div[gridcell]',
  });
  await page.keyboard.press('ArrowDown');
  expect(await focused(page)).toMatchObject({ invoice: 'in_org_big_000004' });
  await expect(
    page.locator('[data-invoice-id="in_org_big_000004"]'),
    'and a key brings it back into view',
  ).toBeInViewport();

  await scrollToRow(50_000);
  await expect(page.locator('[data-invoice-id="in_org_big_050000"]')).toBeVisible();
  expect(
    await focused(page),
    'far away its data is gone: the grid itself holds the focus',
  ).toMatchObject({ what: 'div[grid]#invoice-table', inGrid: true });
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => (await focused(page)).invoice, 'the next key goes on from the same cell')
    .toBe('in_org_big_000005');
  await expect(page.locator('[data-invoice-id="in_org_big_000005"]')).toBeInViewport();
});

test('the focus stays on its invoice across a filter change, else on the same position', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await page.locator('[data-invoice-id="in_org_acme_000005"] .col-number').click();
  expect(await focused(page), 'a click makes the cell the active one').toMatchObject({
    invoice: 'in_org_acme_000005',
    rowIndex: 7,
  });

  // Status "uncollectible" keeps invoices 5, 13, 21…: invoice 5 becomes the first row.
  await page.getByTestId('filter-status-uncollectible').click();
  await expect(page.getByTestId('matched-count')).toHaveText('5');
  await page.getByTestId('charts-toggle').focus(); // the last Tab stop before the grid
  await page.keyboard.press('Tab');
  expect(
    await focused(page),
    'Tab comes back to the same invoice, at its new row, same column',
  ).toMatchObject({
    invoice: 'in_org_acme_000005',
    rowIndex: 2,
    text: expect.stringContaining('INV-ACME-000006'),
  });

  // Back to all 40: invoice 5 is row 6 again, and the focus with it.
  await page.getByTestId('filter-status-uncollectible').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await page.getByTestId('charts-toggle').focus(); // the last Tab stop before the grid
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ invoice: 'in_org_acme_000005', rowIndex: 7 });

  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).invoice, 'the third row of this view').toBe('in_org_acme_000002');
  // Status "void" (invoices 4, 12, 20, 28, 36): invoice 2 is not among them.
  await page.getByTestId('filter-status-void').click();
  await expect(page.getByTestId('matched-count')).toHaveText('5');
  await page.getByTestId('charts-toggle').focus(); // the last Tab stop before the grid
  await page.keyboard.press('Tab');
  expect(
    await focused(page),
    'its invoice left the view: the same place, the third row',
  ).toMatchObject({ invoice: 'in_org_acme_000020', rowIndex: 4 });
});

test('a polite live region reads the result count and the order after each filter or sort change', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  const region = page.getByTestId('results-announcement');
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  await expect(region).toHaveAttribute('role', 'status');
  await expect(region, 'nothing is read at start: the screen says it').toHaveText('');

  await page.getByTestId('org-item-org_acme').click();
  await expect(region).toHaveText('40 of 40 invoices');
  await page.getByTestId('filter-status-open').click();
  await expect(region).toHaveText('15 of 40 invoices');
  await page.getByTestId('sort-dueAt').click();
  await page.getByTestId('sort-dueAt').click();
  await expect(region).toHaveText('15 of 40 invoices, sorted by due date, descending');
  await expect(
    page.locator('.matched'),
    'the visible count is not a live region too (it would be read twice)',
  ).not.toHaveAttribute('aria-live', /.+/);
});

test('with the Status and Days overdue columns hidden, an overdue row still says "overdue" in words', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  const overdueRow = page.locator('[data-testid="invoice-row"][data-overdue="true"]').first();
  await expect(overdueRow).toBeVisible();
  await expect(
    overdueRow.getByTestId('overdue-note'),
    'the Status cell says it: no second sentence',
  ).toHaveCount(0);

  await page.getByTestId('column-chooser').click();
  await page.getByTestId('column-status').uncheck();
  await page.keyboard.press('Escape');
  const note = overdueRow.getByTestId('overdue-note');
  await expect(note).toHaveText(/^Overdue · \d+ days?: $/);
  // In the row's first cell, so it is read with the row; hidden from sight, not from assistive technology.
  const first = overdueRow.locator('[role="gridcell"]').first();
  await expect(first.getByTestId('overdue-note')).toHaveCount(1);
  await expect(note).toHaveClass(/visually-hidden/);
  await expect(
    page.locator('[data-testid="invoice-row"][data-overdue="false"] [data-testid="overdue-note"]'),
    'only overdue rows carry it',
  ).toHaveCount(0);

  await page.getByTestId('column-chooser').click();
  await page.getByTestId('column-daysOverdue').check();
  await page.keyboard.press('Escape');
  await expect(
    overdueRow.getByTestId('overdue-note'),
    'the Days overdue column says it now',
  ).toHaveCount(0);
});

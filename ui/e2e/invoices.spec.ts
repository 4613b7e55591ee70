import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

type QueryArgs = { query: Record<string, unknown> };
const lastQuery = async (page: import('@playwright/test').Page) =>
  ((await argsOf(page, 'invoices_query')).at(-1) as QueryArgs).query;
const shownIds = (page: import('@playwright/test').Page) =>
  page
    .getByTestId('invoice-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-invoice-id')));

test('filters and sort send the query to Rust and show its rows', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');

  await page.getByTestId('filter-status-open').click();
  await expect(page.getByTestId('filter-status-open')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('filter-overdue').check();
  await page.getByTestId('filter-currency').selectOption('EUR');
  await expect(page.getByTestId('matched-count')).toHaveText('10');
  expect(await lastQuery(page)).toMatchObject({
    orgs: ['org_acme'],
    statuses: ['open'],
    currency: 'EUR',
    overdueOnly: true,
    offset: 0,
  });
  const flags = await page
    .getByTestId('invoice-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-overdue')));
  expect(flags.length, 'all 10 matched rows fit in the window').toBe(10);
  for (const total of await page.locator('[data-testid=invoice-row] .col-total').allTextContents())
    expect(total).toContain('€');
  expect(new Set(flags), 'overdue only shows only overdue rows').toEqual(new Set(['true']));
  await expect(
    page.getByTestId('invoice-row').first(),
    'overdue is said in words, not only by colour',
  ).toContainText(/Overdue · \d+ days/);

  await page.getByTestId('sort-total').click();
  await expect(page.locator('[role=columnheader]:has([data-testid=sort-total])')).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  expect((await lastQuery(page)).sort).toEqual({ column: 'total', direction: 'asc' });
  const asc = await shownIds(page);
  await page.getByTestId('sort-total').click();
  await expect(page.locator('[role=columnheader]:has([data-testid=sort-total])')).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await expect
    .poll(() => shownIds(page), 'descending is the reverse of ascending here (distinct totals)')
    .toEqual([...asc].reverse());

  await page.getByTestId('search-input').fill('000009');
  await expect(page.getByTestId('matched-count')).toHaveText('1');
  expect((await lastQuery(page)).text).toBe('000009');
  await expect(page.getByTestId('invoice-row')).toHaveCount(1);

  await page.getByTestId('search-input').fill('nothing-like-this');
  await expect(page.getByTestId('empty-state')).toContainText('No invoices match');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
});

test('a search committed by a change event alone (as WebDriver clear() sends it) is applied', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  const commit = (text: string) =>
    page.getByTestId('search-input').evaluate((input: HTMLInputElement, value) => {
      input.value = value;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, text);
  await commit('000009');
  await expect(page.getByTestId('matched-count')).toHaveText('2');
  expect((await lastQuery(page)).text).toBe('000009');
  await commit('');
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  expect((await lastQuery(page)).text ?? '').toBe('');
});

test('the created date range is sent as local midnights, "to" inclusive', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('filter-created-from').fill('2024-01-10');
  await page.getByTestId('filter-created-to').fill('2024-01-19');
  await expect(page.getByTestId('matched-count')).not.toHaveText('80');
  const query = await lastQuery(page);
  const expected = await page.evaluate(() => [
    new Date(2024, 0, 10).toISOString(),
    new Date(2024, 0, 20).toISOString(),
  ]);
  expect([query.createdFrom, query.createdTo]).toEqual(expected);
});

test('an empty date filter shows no placeholder date until it is focused or set', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  const from = page.getByTestId('filter-created-from');
  const color = () => from.evaluate((input) => getComputedStyle(input).color);
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  expect(await color(), 'empty: nothing that reads as a set date').toBe('rgba(0, 0, 0, 0)');
  await from.focus();
  expect(await color(), 'focused: the editor shows').not.toBe('rgba(0, 0, 0, 0)');
  await from.fill('2024-01-10');
  await page.getByTestId('search-input').focus();
  expect(await color(), 'set: the date shows').not.toBe('rgba(0, 0, 0, 0)');
});

test('amounts use the Stripe exponent, dates the locale with UTC on hover, bad dates stay raw', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_tokyo').click();
  const tokyo = page.getByTestId('invoice-row').first();
  await expect(tokyo.locator('.col-total'), 'JPY has no decimals').toHaveText('¥1,000');
  await page.getByTestId('org-item-org_kuwait').click();
  await expect(
    page.getByTestId('invoice-row').first().locator('.col-total'),
    'KWD has three',
  ).toHaveText(/KWD\s0\.100/);
  await expect(page.getByTestId('totals')).toContainText('KWD');

  await page.getByTestId('org-item-org_acme').click();
  const first = page.getByTestId('invoice-row').first();
  await expect(first.locator('.col-createdAt time')).toHaveAttribute(
    'title',
    '2024-01-01T09:30:00.000Z (UTC)',
  );
  await expect(first.locator('.col-createdAt')).toHaveText('Jan 1, 2024');
  const third = page.locator('[data-invoice-id="in_org_acme_000002"]');
  await expect(
    third.locator('.col-createdAt'),
    'an unparsable date is shown as received, flagged',
  ).toContainText('31/02/2024');
  await expect(third.locator('.date-invalid')).toHaveAttribute('title', /Not a valid date/);
});

test('HTML and script text in API fields is shown as text', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.locator('[data-invoice-id="in_org_acme_000000"] .col-number')).toHaveText(
    '<img src=x onerror="window.__xss=1">',
  );
  await expect(page.locator('[data-invoice-id="in_org_acme_000001"] .col-number')).toHaveText(
    '<script>window.__xss=2</script>',
  );
  expect(
    await page.locator('.table-scroll img, .table-scroll script').count(),
    'no element was made from field text',
  ).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    'nothing ran',
  ).toBeUndefined();
});

test('row actions: open hosted page, open PDF, copy link', async ({ page }) => {
  await mockTauri(page);
  // Chromium's real clipboard; read back below, as a paste would.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  const row = page.locator('[data-invoice-id="in_org_acme_000005"]');

  await row.getByTestId('open-hosted').click();
  await expect(page.getByTestId('notice')).toContainText('in your browser');
  expect(await argsOf(page, 'invoice_open')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'hosted' },
  ]);

  await row.getByTestId('open-pdf').click();
  await expect(page.getByTestId('notice')).toContainText('Opened the PDF');
  expect((await argsOf(page, 'invoice_open'))[1]).toEqual({
    orgId: 'org_acme',
    invoiceId: 'in_org_acme_000005',
    row: 5,
    target: 'pdf',
  });

  await row.getByTestId('copy-link').click();
  await expect(page.getByTestId('notice')).toContainText('copied');
  expect(await argsOf(page, 'invoice_link')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'hosted' },
  ]);
  expect(
    await page.evaluate(() => navigator.clipboard.readText()),
    'the exact link is on the clipboard',
  ).toBe('https://invoice.stripe.com/i/in_org_acme_000005');

  await expect(
    page.locator('[data-invoice-id="in_org_acme_000003"]').getByTestId('open-hosted'),
    'a draft has no hosted page',
  ).toBeDisabled();
});

test('a PDF link that fails opens the archived copy, and the notice says why', async ({ page }) => {
  const copy =
    'file:///home/me/.local/share/billing-desk/pdfs/demo/org_acme/in_org_acme_000005.pdf';
  await mockTauri(
    page,
    {},
    {
      invoice_open: [
        { ok: { url: copy, archived: true, reason: 'the link answered HTTP 404 Not Found' } },
        { ok: { url: copy, archived: true, reason: null } },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  const row = page.locator('[data-invoice-id="in_org_acme_000005"]');
  await row.getByTestId('open-pdf').click();
  await expect(page.getByTestId('notice')).toHaveText(
    'The PDF link of invoice INV-ACME-000006 did not work (the link answered HTTP 404 Not Found): opened the archived copy.',
  );
  await row.getByTestId('open-pdf').click();
  await expect(page.getByTestId('notice'), 'without a reason from Rust, no parenthesis').toHaveText(
    'The PDF link of invoice INV-ACME-000006 no longer works: opened the archived copy.',
  );
  expect(await argsOf(page, 'invoice_open')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'pdf' },
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'pdf' },
  ]);
});

test('Archived opens the archived copy of an archived invoice only; Rust’s refusal shows as linkRefused', async ({
  page,
}) => {
  await mockTauri(
    page,
    { archived: ['in_org_acme_000005', 'in_org_acme_000003'] },
    {
      'invoice_open {"orgId":"org_acme","invoiceId":"in_org_acme_000003","row":3,"target":"archivedPdf"}':
        [
          {
            err: {
              code: 'linkRefused',
              message:
                'There is no usable archived copy of invoice in_org_acme_000003: the file was changed, moved or removed since. Download it again.',
            },
          },
        ],
    },
  );
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  const archived = page
    .locator('[data-invoice-id="in_org_acme_000005"]')
    .getByTestId('open-archived');
  await expect(archived).toBeEnabled();
  await expect(archived).toHaveText('Archived');
  await expect(archived).toHaveAttribute('title', 'Open the archived PDF (A)');
  await expect(archived).toHaveAttribute('aria-keyshortcuts', 'A');
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000004"]').getByTestId('open-archived'),
    'not archived: nothing to open',
  ).toBeDisabled();

  await archived.click();
  await expect(page.getByTestId('notice')).toHaveText(
    'Opened the archived PDF of invoice INV-ACME-000006.',
  );
  expect(await argsOf(page, 'invoice_open')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'archivedPdf' },
  ]);

  // A draft without a PDF link whose copy is marked archived: Rust checks the file and refuses.
  const draft = page.locator('[data-invoice-id="in_org_acme_000003"]');
  await expect(draft.getByTestId('download-pdf'), 'no PDF link to download from').toBeDisabled();
  await draft.getByTestId('open-archived').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'linkRefused');
  await expect(banner).toContainText(
    'There is no usable archived copy of invoice in_org_acme_000003',
  );
});

test('a refused link shows the linkRefused banner with Retry', async ({ page }) => {
  await mockTauri(
    page,
    {},
    {
      invoice_open: [
        { err: { code: 'linkRefused', message: 'This invoice has no valid link.' } },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('invoice-row').first().getByTestId('open-hosted').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'linkRefused');
  await expect(banner).toContainText('This invoice has no valid link.');
  await banner.getByTestId('retry-button').click();
  await expect(banner).toHaveCount(0);
  expect((await argsOf(page, 'invoice_open')).length, 'Retry opened again').toBe(2);
});

test('keyboard: Ctrl+F focuses search, Ctrl+R refreshes without reloading, Ctrl+E opens export', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('search-input')).toBeFocused();

  const fetchesBefore = (await argsOf(page, 'fetch_orgs')).length;
  await page.keyboard.press('Control+r');
  await expect.poll(async () => (await argsOf(page, 'fetch_orgs')).length).toBe(fetchesBefore + 1);
  expect(
    (await argsOf(page, 'fetch_orgs')).at(-1),
    'refresh forces a fetch of what is shown',
  ).toEqual({ orgIds: null, force: true });
  expect(
    await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    'the page did not reload',
  ).toBe(true);

  await page.keyboard.press('Control+e');
  await expect(page.getByTestId('export-menu')).toBeVisible();
  await expect(page.getByTestId('export-csv')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
});

test('keyboard: keys typed at once after Ctrl+F land in the search box, also from another tab', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  for (const [from, typed] of [
    ['tab-invoices', 'INV-1'],
    ['tab-payment-methods', 'ACME-7'],
  ] as const) {
    await page.getByTestId(from).click();
    // No wait for the focus in between: a user types on without looking.
    await page.keyboard.press('Control+f');
    await page.keyboard.type(typed);
    await expect(page.getByTestId('search-input'), `from ${from}`).toHaveValue(typed);
    await expect(page.getByTestId('search-input')).toBeFocused();
  }
});

test('the column chooser shows a column and saves the choice', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('sort-id')).toHaveCount(0);
  await page.getByTestId('column-chooser').click();
  await page.getByTestId('column-id').check();
  await expect(page.getByTestId('sort-id')).toBeVisible();
  const saved = (await argsOf(page, 'prefs_set')).at(-1) as {
    ui: { columns: { id: string; visible: boolean }[]; theme: string };
  };
  expect(saved.ui.columns.find((column) => column.id === 'id')).toEqual({
    id: 'id',
    visible: true,
  });
  expect(saved.ui.theme).toBe('system');
});

test('the column chooser keeps the focus while open, closes on Escape and gives the focus back', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  const button = page.getByTestId('column-chooser');
  await button.focus();
  await page.keyboard.press('Enter');
  const boxes = page.getByTestId('column-menu').getByRole('checkbox');
  const lastControl = page.getByTestId('column-menu').locator('input, button:enabled').last();
  await expect(boxes.first(), 'opening puts the focus on the first choice').toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(
    lastControl,
    'Shift+Tab from the first choice wraps to the last control',
  ).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(
    boxes.first(),
    'and Tab from the last back to the first: the focus stays inside',
  ).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('column-menu')).toHaveCount(0);
  await expect(button, 'the focus is back on the button that opened it').toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  await button.click();
  await expect(page.getByTestId('column-menu')).toBeVisible();
  await page.getByTestId('search-input').click();
  await expect(page.getByTestId('column-menu'), 'a click elsewhere closes it').toHaveCount(0);
});

test('at launch the table shows the loading state until the first rows arrive, never "no invoices"', async ({
  page,
}) => {
  // Records, from the first script of the page, whether the empty state ever showed before a row.
  await page.addInitScript(() => {
    const seen = { emptyBeforeRows: false, rows: false };
    (window as unknown as { __launch: typeof seen }).__launch = seen;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid=invoice-row]')) seen.rows = true;
      else if (document.querySelector('[data-testid=empty-state]')) seen.emptyBeforeRows = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await mockTauri(page, { queryMs: 800 });
  await page.goto('/');
  await expect(page.getByTestId('loading'), 'the first answer is still on its way').toBeVisible();
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  const launch = await page.evaluate(
    () => (window as unknown as { __launch: { emptyBeforeRows: boolean; rows: boolean } }).__launch,
  );
  expect(launch.rows).toBe(true);
  expect(
    launch.emptyBeforeRows,
    'an empty state before the first answer would tell the user there are no invoices',
  ).toBe(false);
});

test('the first rows on screen are reported to Rust once per launch, not on later views', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect
    .poll(
      async () => (await argsOf(page, 'first_rows_shown')).length,
      'reported after the rows were painted',
    )
    .toBe(1);
  const [args] = await argsOf(page, 'first_rows_shown');
  expect(Object.keys((args ?? {}) as object), 'nothing from the page travels with it').toEqual([]);

  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await page.getByTestId('sort-total').click();
  await page.getByTestId('search-input').fill('000009');
  await expect(page.getByTestId('matched-count')).toHaveText('2');
  await page.getByTestId('search-input').fill('');
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await expect(page.getByTestId('invoice-row').nth(1)).toBeVisible();
  expect((await argsOf(page, 'first_rows_shown')).length, 'new views are not launches').toBe(1);
});

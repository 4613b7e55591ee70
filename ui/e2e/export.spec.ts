import { expect, test } from './fixtures';
import { argsOf, DEMO_ORGS, FAKE_PDF_DIR, mockTauri } from './tauri-mock';

test('export CSV, XLSX and JSON of the current view, with a manifest; the menu closes once an export starts', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_tokyo').click();
  await page.getByTestId('filter-overdue').check();
  await expect(page.getByTestId('matched-count')).not.toHaveText('25');
  const matched = await page.getByTestId('matched-count').textContent();

  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-menu'), 'choosing a format closes the menu').toHaveCount(0);
  await expect(page.getByTestId('export-result')).toHaveText(
    `Exported ${matched} invoices to /home/finance/billing-desk-export.csv`,
  );
  await expect(
    page.getByTestId('export-question'),
    'an up-to-date view is exported without a question',
  ).toHaveCount(0);

  await page.getByTestId('export-button').click();
  await page.getByTestId('export-manifest').check();
  await page.getByTestId('export-xlsx').click();
  await expect(page.getByTestId('export-result')).toHaveText(
    `Exported ${matched} invoices to /home/finance/billing-desk-export.xlsx (manifest: /home/finance/billing-desk-export.xlsx.manifest.json)`,
  );
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-manifest'), 'the manifest choice is kept').toBeChecked();
  await page.getByTestId('export-json').click();
  await expect(page.getByTestId('export-result')).toContainText('billing-desk-export.json');

  const view = { orgs: ['org_tokyo'], overdueOnly: true };
  expect(await argsOf(page, 'export_check'), 'each export asks about the view first').toEqual([
    { query: view },
    { query: view },
    { query: view },
  ]);
  expect(await argsOf(page, 'export_invoices'), 'the whole view, without offset/limit').toEqual([
    { query: view, format: 'csv', manifest: false, allowIncomplete: false },
    { query: view, format: 'xlsx', manifest: true, allowIncomplete: false },
    { query: view, format: 'json', manifest: true, allowIncomplete: false },
  ]);
});

test('a cancelled save dialog says so; an export error shows its banner', async ({ page }) => {
  await mockTauri(
    page,
    {},
    {
      export_invoices: [
        { ok: null },
        { err: { code: 'export', message: 'The folder /x is read-only.' } },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-result')).toHaveText('Export cancelled.');
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'export');
  await expect(banner).toContainText('The folder /x is read-only.');
  await banner.getByTestId('retry-button').click();
  await expect(page.getByTestId('export-result')).toContainText('billing-desk-export.csv');
});

const HOUR = 3_600_000;

/** ACME fresh, Tokyo failing (never loaded), Kuwait shown from a cached answer of 3 hours ago. */
function gappedOrgs(tokyoFailures?: number) {
  return [
    DEMO_ORGS[0]!,
    {
      ...DEMO_ORGS[1]!,
      error: { code: 'server' as const, message: 'The billing service failed (HTTP 503).' },
      ...(tokyoFailures === undefined ? {} : { failTimes: tokyoFailures }),
    },
    { ...DEMO_ORGS[2]!, cachedAt: new Date(Date.now() - 3 * HOUR).toISOString() },
  ];
}

test('a view with a failed and a cached organization is asked about first; "Export anyway" exports and says what is not up to date', async ({
  page,
}) => {
  await mockTauri(page, { orgs: gappedOrgs() });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-manifest').check();
  await page.getByTestId('export-csv').click();

  const question = page.getByTestId('export-question');
  await expect(question).toBeVisible();
  await expect(question).toHaveAttribute('role', 'alertdialog');
  await expect(question).toContainText(
    '2 organizations of this view are not up to date: 1 would be left out, 1 would be exported from an older answer.',
  );
  const listed = question.getByTestId('export-question-org');
  await expect(listed).toHaveCount(2);
  await expect(listed.nth(0)).toHaveAttribute('data-org-id', 'org_tokyo');
  await expect(listed.nth(0)).toHaveText(
    'Tokyo KK: failed: The billing service failed (HTTP 503). — left out of the export',
  );
  await expect(listed.nth(1)).toHaveAttribute('data-org-id', 'org_kuwait');
  await expect(listed.nth(1), 'the age of the cached answer').toHaveText(
    'org_kuwait: cached 3 h ago',
  );
  await expect(
    question.getByTestId('export-fetch-first'),
    'the suggested answer has the focus',
  ).toBeFocused();
  expect(
    await argsOf(page, 'export_invoices'),
    'nothing is written before the user answers',
  ).toEqual([]);

  await question.getByTestId('export-anyway').click();
  await expect(question).toHaveCount(0);
  await expect(page.getByTestId('export-result')).toHaveText(
    'Exported 55 invoices to /home/finance/billing-desk-export.csv (manifest: /home/finance/billing-desk-export.csv.manifest.json). Not up to date: 1 organization left out, 1 from an older answer, as the manifest lists.',
  );
  expect(await argsOf(page, 'export_invoices')).toEqual([
    { query: { orgs: null }, format: 'csv', manifest: true, allowIncomplete: true },
  ]);
});

test('"Fetch first" fetches what is listed, then exports the view once it is up to date', async ({
  page,
}) => {
  await mockTauri(page, { orgs: gappedOrgs(1) });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await page.getByTestId('export-fetch-first').click();
  await expect(page.getByTestId('export-result')).toHaveText(
    'Exported 80 invoices to /home/finance/billing-desk-export.csv',
  );
  await expect(page.getByTestId('export-question')).toHaveCount(0);
  expect(
    (await argsOf(page, 'fetch_orgs')).at(-1),
    'the listed organizations, fetched again as Retry does',
  ).toEqual({ orgIds: ['org_tokyo', 'org_kuwait'], force: true });
  expect(await argsOf(page, 'export_invoices')).toEqual([
    { query: { orgs: null }, format: 'csv', manifest: false, allowIncomplete: false },
  ]);
});

test('an organization that fails again is asked about again after "Fetch first"; Cancel exports nothing', async ({
  page,
}) => {
  await mockTauri(page, { orgs: gappedOrgs() });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-json').click();
  await page.getByTestId('export-fetch-first').click();
  const listed = page.getByTestId('export-question').getByTestId('export-question-org');
  await expect(listed, 'Kuwait was refreshed; Tokyo still fails').toHaveCount(1);
  await expect(listed).toHaveAttribute('data-org-id', 'org_tokyo');
  await page.getByTestId('export-question-cancel').click();
  await expect(page.getByTestId('export-question')).toHaveCount(0);
  await expect(page.getByTestId('export-result')).toHaveCount(0);
  expect(await argsOf(page, 'export_invoices'), 'Cancel writes nothing').toEqual([]);
});

test('an export while the organizations are still loading asks, and "Fetch first" waits for that fetch', async ({
  page,
}) => {
  await mockTauri(page, { fetchMs: 1_500 });
  await page.goto('/');
  await expect(page.getByTestId('fetch-progress')).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  const listed = page.getByTestId('export-question').getByTestId('export-question-org');
  await expect(listed.first()).toHaveAttribute('data-state', 'loading');
  await expect(listed.first()).toContainText('still loading');
  await page.getByTestId('export-fetch-first').click();
  await expect(page.getByTestId('export-result')).toHaveText(
    'Exported 80 invoices to /home/finance/billing-desk-export.csv',
  );
  expect(
    (await argsOf(page, 'fetch_orgs')).length,
    'the running fetch was waited for, not started again',
  ).toBe(1);
  expect(await argsOf(page, 'export_invoices')).toEqual([
    { query: { orgs: null }, format: 'csv', manifest: false, allowIncomplete: false },
  ]);
});

test('a long export shows its progress and Cancel ends it with no file', async ({ page }) => {
  await mockTauri(page, { exportStepMs: 300 });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-xlsx').click();
  const progress = page.getByTestId('export-progress');
  await expect(progress).toHaveAttribute('max', '80');
  await expect
    .poll(async () => Number(await progress.getAttribute('value')), 'progress events move the bar')
    .toBeGreaterThanOrEqual(8);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-csv'), 'another export waits for this one').toBeDisabled();
  await page.getByTestId('export-cancel').click();
  await expect(page.getByTestId('export-result')).toHaveText(
    'Export cancelled: no file was written.',
  );
  await expect(progress).toHaveCount(0);
  expect((await argsOf(page, 'export_cancel')).length).toBe(1);
});

test('the export outcome sits above the table, not over its rows or their actions', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible();
  const line = (await result.boundingBox())!;
  const firstRow = (await page.getByTestId('invoice-row').first().boundingBox())!;
  expect(line.y + line.height, 'the line ends above the first row').toBeLessThanOrEqual(firstRow.y);
});

test('bulk PDF download shows progress and can be cancelled', async ({ page }) => {
  await mockTauri(page, { pdfStepMs: 300 });
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('pdfs-download').click();
  const progress = page.getByTestId('pdfs-progress');
  await expect(progress).toHaveAttribute('max', '10');
  await expect
    .poll(async () => Number(await progress.getAttribute('value')), 'progress events move the bar')
    .toBeGreaterThanOrEqual(1);
  await page.getByTestId('pdfs-cancel').click();
  await expect(page.getByTestId('pdfs-result')).toContainText('PDF download cancelled');
  await expect(progress).toHaveCount(0);
  expect((await argsOf(page, 'pdfs_download'))[0]).toEqual({ query: { orgs: null } });
  expect((await argsOf(page, 'pdfs_cancel')).length).toBe(1);
});

test('bulk PDF download of the view runs to the end', async ({ page }) => {
  await mockTauri(page, { pdfStepMs: 20 });
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await page.getByTestId('export-button').click();
  await page.getByTestId('pdfs-download').click();
  await expect(page.getByTestId('pdfs-result')).toHaveText(
    'PDFs saved in /home/finance/pdfs: 10 downloaded, 0 already there, 0 failed.',
  );
  expect(await argsOf(page, 'pdfs_download')).toEqual([{ query: { orgs: ['org_acme'] } }]);
});

test('a row’s Download saves that invoice’s PDF into the archive without a folder question; the row then opens the copy', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  const row = page.locator('[data-invoice-id="in_org_acme_000005"]');
  await expect(row.getByTestId('open-archived'), 'nothing archived yet').toBeDisabled();
  await expect(row.getByTestId('open-archived')).toHaveAccessibleName(
    'Open the archived PDF of invoice INV-ACME-000006',
  );

  await row.getByTestId('download-pdf').click();
  await expect(page.getByTestId('notice')).toHaveText(
    'Saved the PDF of invoice INV-ACME-000006 in the archive.',
  );
  expect(
    await argsOf(page, 'pdf_download_invoice'),
    'exactly this invoice, by ID and place',
  ).toEqual([{ orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5 }]);
  expect(await argsOf(page, 'pdfs_download'), 'no bulk download, so no folder dialog').toEqual([]);
  await expect(page.getByTestId('pdfs-progress')).toHaveCount(0);
  await expect(page.getByTestId('pdfs-result')).toHaveCount(0);

  await expect(
    row.getByTestId('open-archived'),
    'the rows are read again: this one is archived now',
  ).toBeEnabled();
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000006"]').getByTestId('open-archived'),
    'only the invoice downloaded',
  ).toBeDisabled();
  await row.getByTestId('open-archived').click();
  await expect(page.getByTestId('notice')).toHaveText(
    'Opened the archived PDF of invoice INV-ACME-000006.',
  );
  expect(await argsOf(page, 'invoice_open')).toEqual([
    { orgId: 'org_acme', invoiceId: 'in_org_acme_000005', row: 5, target: 'archivedPdf' },
  ]);

  await row.getByTestId('download-pdf').click();
  await expect(page.getByTestId('notice')).toHaveText(
    'The PDF of invoice INV-ACME-000006 is already in the archive.',
  );
  expect(await argsOf(page, 'pdf_download_invoice')).toHaveLength(2);
});

test('a row’s Download that Rust refuses shows its banner, and Retry downloads again', async ({
  page,
}) => {
  await mockTauri(
    page,
    {},
    {
      pdf_download_invoice: [
        {
          err: {
            code: 'network',
            message:
              'The PDF of invoice in_org_acme_000005 was not saved: the server could not be reached.',
          },
        },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await page.locator('[data-invoice-id="in_org_acme_000005"]').getByTestId('download-pdf').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'network');
  await expect(banner).toContainText('the server could not be reached');
  await banner.getByTestId('retry-button').click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText(
    'Saved the PDF of invoice INV-ACME-000006 in the archive.',
  );
  expect(await argsOf(page, 'pdf_download_invoice')).toHaveLength(2);
});

test('Open archive folder in the export menu closes the menu and names the folder Rust opened', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('archive-folder-open').click();
  await expect(page.getByTestId('export-menu'), 'a choice closes the menu').toHaveCount(0);
  await expect(page.getByTestId('export-button')).toBeFocused();
  await expect(page.getByTestId('notice')).toHaveText(
    `Opened the archive folder ${FAKE_PDF_DIR}/demo.`,
  );
  expect(await argsOf(page, 'archive_folder_open')).toEqual([{}]);
});

test('Open archive folder names the connection’s folder, and a failure shows its banner with Retry', async ({
  page,
}) => {
  await mockTauri(
    page,
    {
      demo: false,
      connection: 'Production',
      connections: [{ name: 'Production', archiveDir: '/srv/invoices' }],
    },
    {
      archive_folder_open: [
        {
          err: {
            code: 'internal',
            message: 'The archive folder /srv/invoices could not be created: permission denied.',
          },
        },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.getByTestId('export-button').click();
  await page.getByTestId('archive-folder-open').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('could not be created: permission denied.');
  await banner.getByTestId('retry-button').click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText('Opened the archive folder /srv/invoices.');
  expect(await argsOf(page, 'archive_folder_open')).toHaveLength(2);
});

test('a second download while one runs shows the busy banner', async ({ page }) => {
  await mockTauri(
    page,
    {},
    { pdfs_download: [{ err: { code: 'busy', message: 'A PDF download is already running.' } }] },
  );
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('pdfs-download').click();
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'busy');
  await expect(page.getByTestId('error-banner')).toContainText(
    'A PDF download is already running.',
  );
});

test('the export menu keeps the keyboard inside while open and gives it back to Export on Escape', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).not.toHaveText('0');
  const focusedId = () =>
    page.evaluate(
      () =>
        document.activeElement?.getAttribute('data-testid') ??
        document.activeElement?.tagName ??
        null,
    );

  await page.getByTestId('export-button').click();
  await expect.poll(focusedId, 'opening puts the focus on the first item').toBe('export-csv');
  // Tab walks the menu's controls (the CSV layout's radio group is one stop, its checked radio)
  // and wraps from the last to the first; Shift+Tab the other way.
  const stops: (string | null)[] = [];
  for (let i = 0; i < 7; i += 1) {
    await page.keyboard.press('Tab');
    stops.push(await focusedId());
  }
  expect(stops).toEqual([
    'export-xlsx',
    'export-json',
    'export-manifest',
    'export-csv-dialect-standard',
    'pdfs-download',
    'archive-folder-open',
    'export-csv',
  ]);
  await page.keyboard.press('Shift+Tab');
  await expect
    .poll(focusedId, 'Shift+Tab from the first wraps to the last')
    .toBe('archive-folder-open');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await expect
    .poll(focusedId, 'Escape gives the focus back to the Export button')
    .toBe('export-button');

  await page.keyboard.press('Control+e');
  await expect.poll(focusedId, 'Ctrl+E opens it with the keyboard inside').toBe('export-csv');
  await page.getByTestId('matched-count').click();
  await expect(page.getByTestId('export-menu'), 'a click outside closes it').toHaveCount(0);
});

test('the export question keeps the keyboard among its answers; Escape cancels it and gives the focus back to Export', async ({
  page,
}) => {
  await mockTauri(page, { orgs: gappedOrgs() });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  const focusedId = () =>
    page.evaluate(
      () =>
        document.activeElement?.getAttribute('data-testid') ??
        document.activeElement?.tagName ??
        null,
    );
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-question')).toBeVisible();
  await expect.poll(focusedId, 'the first answer has the focus').toBe('export-fetch-first');
  const stops: (string | null)[] = [];
  for (let i = 0; i < 3; i += 1) {
    await page.keyboard.press('Tab');
    stops.push(await focusedId());
  }
  expect(stops, 'Tab goes round the three answers').toEqual([
    'export-anyway',
    'export-question-cancel',
    'export-fetch-first',
  ]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-question')).toHaveCount(0);
  await expect
    .poll(focusedId, 'Escape gives the focus back to the Export button')
    .toBe('export-button');
  expect(await argsOf(page, 'export_invoices'), 'Escape writes nothing').toEqual([]);

  // An answer that takes the question away also gives the focus back.
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await page.getByTestId('export-question-cancel').click();
  await expect(page.getByTestId('export-question')).toHaveCount(0);
  await expect.poll(focusedId, 'Cancel gives the focus back too').toBe('export-button');
});

import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test('export CSV, XLSX and JSON of the current view, with a manifest', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_tokyo').click();
  await page.getByTestId('filter-overdue').check();
  await expect(page.getByTestId('matched-count')).not.toHaveText('25');
  const matched = await page.getByTestId('matched-count').textContent();

  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-result')).toHaveText(`Exported ${matched} invoices to /home/finance/billing-desk-export.csv`);

  await page.getByTestId('export-manifest').check();
  await page.getByTestId('export-xlsx').click();
  await expect(page.getByTestId('export-result')).toHaveText(
    `Exported ${matched} invoices to /home/finance/billing-desk-export.xlsx (manifest: /home/finance/billing-desk-export.xlsx.manifest.json)`,
  );
  await page.getByTestId('export-json').click();
  await expect(page.getByTestId('export-result')).toContainText('billing-desk-export.json');

  const view = { orgs: ['org_tokyo'], overdueOnly: true };
  expect(await argsOf(page, 'export_invoices'), 'the whole view, without offset/limit').toEqual([
    { query: view, format: 'csv', manifest: false },
    { query: view, format: 'xlsx', manifest: true },
    { query: view, format: 'json', manifest: true },
  ]);
});

test('a cancelled save dialog says so; an export error shows its banner', async ({ page }) => {
  await mockTauri(page, {}, {
    export_invoices: [{ ok: null }, { err: { code: 'export', message: 'The folder /x is read-only.' } }, { backend: true }],
  });
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-result')).toHaveText('Export cancelled.');
  await page.getByTestId('export-csv').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'export');
  await expect(banner).toContainText('The folder /x is read-only.');
  await banner.getByTestId('retry-button').click();
  await expect(page.getByTestId('export-result')).toContainText('billing-desk-export.csv');
});

test('bulk PDF download shows progress and can be cancelled', async ({ page }) => {
  await mockTauri(page, { pdfStepMs: 300 });
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('pdfs-download').click();
  const progress = page.getByTestId('pdfs-progress');
  await expect(progress).toHaveAttribute('max', '10');
  await expect.poll(async () => Number(await progress.getAttribute('value')), 'progress events move the bar').toBeGreaterThanOrEqual(1);
  await page.getByTestId('pdfs-cancel').click();
  await expect(page.getByTestId('pdfs-result')).toContainText('PDF download cancelled');
  await expect(progress).toHaveCount(0);
  expect((await argsOf(page, 'pdfs_download'))[0]).toEqual({ query: { orgs: null } });
  expect((await argsOf(page, 'pdfs_cancel')).length).toBe(1);
});

test('bulk PDF download runs to the end; a row downloads its own PDF', async ({ page }) => {
  await mockTauri(page, { pdfStepMs: 20 });
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await page.locator('[data-invoice-id="in_org_acme_000005"]').getByTestId('download-pdf').click();
  await expect(page.getByTestId('pdfs-result')).toHaveText('PDFs saved in /home/finance/pdfs: 1 downloaded, 0 already there, 0 failed.');
  expect(await argsOf(page, 'pdfs_download')).toEqual([{ query: { orgs: ['org_acme'], text: 'in_org_acme_000005' } }]);
});

test('a second download while one runs shows the busy banner', async ({ page }) => {
  await mockTauri(page, {}, { pdfs_download: [{ err: { code: 'busy', message: 'A PDF download is already running.' } }] });
  await page.goto('/');
  await page.getByTestId('export-button').click();
  await page.getByTestId('pdfs-download').click();
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'busy');
  await expect(page.getByTestId('error-banner')).toContainText('A PDF download is already running.');
});

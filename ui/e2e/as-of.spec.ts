/**
 * The "as of" day beside the totals: the end of that local day is sent as `asOf` with every
 * invoice query and export, the note says so while it is set, and "Today" takes it away.
 * The browser runs in Berlin time: the end of 30 Nov 2026 there is 22:59:59.999 UTC.
 */
import type { Page } from '@playwright/test';
import type { InvoiceQuery } from '../src/bindings/InvoiceQuery';
import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test.use({ timezoneId: 'Europe/Berlin' });

const END_OF_30_NOV = '2026-11-30T22:59:59.999Z';
const lastQuery = async (page: Page) =>
  ((await argsOf(page, 'invoices_query')).at(-1) as { query: InvoiceQuery }).query;

test('setting the day sends asOf with the queries and the exports; Today removes it', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(page.getByTestId('as-of-note')).toHaveCount(0);
  await expect(page.getByTestId('as-of-clear')).toHaveCount(0);
  expect((await lastQuery(page)).asOf, 'now: not sent').toBeUndefined();

  await page.getByLabel('As of').fill('2026-11-30');
  await expect.poll(async () => (await lastQuery(page)).asOf).toBe(END_OF_30_NOV);
  await expect(page.getByTestId('as-of-note')).toHaveText(
    /^As of the end of .*30.*2026: overdue and aging are computed then; invoices created later are left out\.$/,
  );
  await expect(page.getByTestId('as-of-input')).toHaveValue('2026-11-30');

  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-result')).toContainText('Exported');
  const exported = (await argsOf(page, 'export_invoices')).at(-1) as { query: InvoiceQuery };
  expect(exported.query, 'the export records the same instant').toEqual({
    orgs: null,
    asOf: END_OF_30_NOV,
  });

  await page.getByTestId('as-of-clear').click();
  await expect.poll(async () => (await lastQuery(page)).asOf).toBeUndefined();
  await expect(page.getByTestId('as-of-note')).toHaveCount(0);
  await expect(page.getByTestId('as-of-input')).toHaveValue('');
  await expect(page.getByTestId('as-of-clear')).toHaveCount(0);

  await page.getByTestId('export-button').click();
  await page.getByTestId('export-csv').click();
  await expect.poll(async () => (await argsOf(page, 'export_invoices')).length).toBe(2);
  expect(((await argsOf(page, 'export_invoices')).at(-1) as { query: InvoiceQuery }).query).toEqual(
    { orgs: null },
  );
});

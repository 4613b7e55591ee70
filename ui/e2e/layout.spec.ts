/**
 * The invoice table fits a 1280 x 800 window with its default columns: no horizontal scroll,
 * amounts never cut, long text cut with an ellipsis and the whole value in `title`, and the
 * virtualized rows keep their fixed height.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_ORGS, mockTauri } from './tauri-mock';

test.use({ viewport: { width: 1280, height: 800 } });

/** Each rendered amount cell whose text is wider than the cell, as "text: scrollWidth > clientWidth". */
const clippedAmounts = (page: Page) =>
  page
    .locator('[data-testid=invoice-table] .table-body .cell.amount')
    .evaluateAll((cells) =>
      cells
        .filter((cell) => cell.scrollWidth > cell.clientWidth)
        .map((cell) => `${cell.textContent}: ${cell.scrollWidth} > ${cell.clientWidth}`),
    );

const amountCount = (page: Page) =>
  page.locator('[data-testid=invoice-table] .table-body .cell.amount').count();

const horizontalOverflow = (table: Locator) =>
  table.evaluate((element) => ({
    scrollWidth: element.scrollWidth,
    clientWidth: element.clientWidth,
  }));

test('1280 x 800, default columns, All organizations: no horizontal scroll and no amount cut short', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  const table = page.getByTestId('invoice-table');
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  await expect(page.getByTestId('org-all')).toHaveAttribute('aria-current', 'true');
  await expect(
    table.locator('.row-header [role=columnheader]'),
    'the default columns, with Organization',
  ).toHaveText([
    /Organization/,
    /Number/,
    /Status/,
    /Total/,
    /Remaining/,
    /Created/,
    /Due/,
    'Actions',
  ]);
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();

  const size = await horizontalOverflow(table);
  expect(
    size.scrollWidth,
    `the table scrolls sideways: ${JSON.stringify(size)}`,
  ).toBeLessThanOrEqual(size.clientWidth);
  expect(
    await amountCount(page),
    'two amount columns of the rows in view were checked',
  ).toBeGreaterThan(10);
  expect(await clippedAmounts(page), 'every amount shows in full').toEqual([]);

  // The last rows (KWD, three decimals) too, once scrolled to.
  await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(page.locator('[data-testid=invoice-row] .col-total').last()).toContainText('KWD');
  await expect.poll(() => clippedAmounts(page), 'KWD amounts show in full').toEqual([]);
  const after = await horizontalOverflow(table);
  expect(
    after.scrollWidth,
    `still no sideways scroll: ${JSON.stringify(after)}`,
  ).toBeLessThanOrEqual(after.clientWidth);
});

test('rows keep their fixed 36 px height, and the header lines up with the cells', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  const rows = page.getByTestId('invoice-row');
  await expect(rows.first()).toBeVisible();
  const boxes = await rows.evaluateAll((list) =>
    list
      .slice(0, 5)
      .map((row) => row.getBoundingClientRect())
      .map(({ top, height }) => ({ top, height })),
  );
  for (const [index, box] of boxes.entries()) {
    expect(box.height, `row ${index} is one row high`).toBe(36);
    if (index > 0)
      expect(
        box.top - boxes[index - 1]!.top,
        `row ${index} starts right under the one before`,
      ).toBe(36);
  }
  const columns = await page.getByTestId('invoice-table').evaluate((table) => {
    const lefts = (row: Element) =>
      [...row.querySelectorAll('.cell')].map((cell) =>
        Math.round(cell.getBoundingClientRect().left),
      );
    return {
      header: lefts(table.querySelector('.row-header')!),
      row: lefts(table.querySelector('.table-body [data-testid=invoice-row]')!),
    };
  });
  expect(columns.row, 'every column starts where its header does').toEqual(columns.header);
});

test('a long value is cut with an ellipsis and shown whole in its title', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  const number = page.locator('[data-invoice-id="in_org_acme_000001"] .col-number');
  await expect(number).toHaveText('<script>window.__xss=2</script>');
  const shown = await number.evaluate((cell) => ({
    cut: cell.scrollWidth > cell.clientWidth,
    overflow: getComputedStyle(cell).textOverflow,
  }));
  expect(shown, 'this number is longer than its column at 1280 px: cut with an ellipsis').toEqual({
    cut: true,
    overflow: 'ellipsis',
  });
  await expect(number.locator('span'), 'the whole number on hover').toHaveAttribute(
    'title',
    '<script>window.__xss=2</script>',
  );
  await expect(
    page.locator('[data-invoice-id="in_org_acme_000005"] .col-org'),
    'the Organization column names the label and the ID',
  ).toHaveAttribute('title', 'ACME Europe (org_acme)');
});

test('an amount too wide for its column widens the column instead of being cut', async ({
  page,
}) => {
  // Totals in the trillions of dollars: far wider than the column's usual width.
  await mockTauri(page, { orgs: [{ ...DEMO_ORGS[0]!, amountFactor: 10_000_000_000 }] });
  await page.goto('/');
  const first = page.getByTestId('invoice-row').first();
  await expect(first.locator('.col-total')).toHaveText(/\d{1,3}(,\d{3}){3,}\.\d\d/);
  await expect.poll(() => clippedAmounts(page), 'every amount shows in full').toEqual([]);
  const widths = await page.getByTestId('invoice-table').evaluate((table) => {
    const width = (selector: string) =>
      Math.round(table.querySelector(selector)!.getBoundingClientRect().width);
    return { header: width('.row-header .col-total'), cell: width('.table-body .col-total') };
  });
  expect(widths.cell, 'the column grew past its usual 110 px').toBeGreaterThan(110);
  expect(widths.header, 'the header grew with it').toBe(widths.cell);
});

/**
 * The charts above the table: the Charts switch shows, per currency, the outstanding amount by
 * due month (15 columns: 12 months back, this one, 2 ahead) and by age (one bar per aging bucket,
 * 5 by default, labelled as Rust names them), drawn from the page's sums. A month column applies
 * that month as the due range; an overdue bucket's bar applies its days overdue (shown as a chip
 * that clears it), Current's bar shows every invoice again; both work from the keyboard. The
 * mock's clock is set to 20 February 2024, when the demo invoices fall due (31 January to 10
 * March 2024), and the browser runs in Berlin time, so the due range is Berlin's local days.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { InvoiceQuery } from '../src/bindings/InvoiceQuery';
import { parseHex, themeTokens } from '../src/theme/contrast';
import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test.use({ timezoneId: 'Europe/Berlin', colorScheme: 'light' });

const NOW = '2024-02-20T00:00:00Z';
/** A month later: the oldest demo invoices are 31 to 48 days overdue, the newest not yet due. */
const LATER = '2024-03-20T00:00:00Z';
const tokens = themeTokens(readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8'));
const rgb = (hex: string) => `rgb(${parseHex(hex).join(', ')})`;
const lastQuery = async (page: Page) =>
  ((await argsOf(page, 'invoices_query')).at(-1) as { query: InvoiceQuery }).query;
/** The days-overdue range and "overdue only" of the last query, absent ones as `null`. */
const overdueOf = async (page: Page) => {
  const query = await lastQuery(page);
  return {
    min: query.daysOverdueMin ?? null,
    max: query.daysOverdueMax ?? null,
    overdueOnly: query.overdueOnly ?? null,
  };
};

async function openCharts(page: Page, now = NOW) {
  await mockTauri(page, {}, {}, now);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  const toggle = page.getByTestId('charts-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('totals')).toHaveCount(0);
}

test('one chart of each kind per currency, with 15 month columns and 5 age bars, text alternatives and a table', async ({
  page,
}) => {
  await openCharts(page);
  await expect(page.getByTestId('aging').locator('thead th'), 'Rust names the buckets').toHaveText([
    'Currency',
    'Current',
    '1-30 days',
    '31-60 days',
    '61-90 days',
    '90+ days',
  ]);
  const currencies = await page.getByTestId('aging').locator('tbody th').allTextContents();
  expect(currencies.length, 'the demo has several currencies').toBeGreaterThan(1);
  await expect(page.getByTestId('chart-due-months')).toHaveCount(currencies.length);
  await expect(page.getByTestId('chart-aging')).toHaveCount(currencies.length);
  for (const code of currencies) {
    const due = page.locator(`[data-testid="chart-due-months"][data-currency="${code}"]`);
    await expect(due.getByTestId('chart-month')).toHaveCount(15);
    await expect(due.locator('svg[role="img"]')).toHaveAttribute(
      'aria-label',
      new RegExp(`^${code} outstanding by due month, February 2023 to April 2024: `),
    );
    await expect(
      due.locator('[aria-current="date"]'),
      'the current month is marked',
    ).toHaveAttribute('data-month', '2024-02');
    await expect(due.locator('.chart-label')).toHaveText([
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
      'Jan',
      'Feb',
      'Mar',
      'Apr',
    ]);
    const aging = page.locator(`[data-testid="chart-aging"][data-currency="${code}"]`);
    await expect(aging.getByTestId('chart-bucket')).toHaveCount(5);
    await expect(aging.locator('svg[role="img"]')).toHaveAttribute(
      'aria-label',
      new RegExp(
        `^${code} outstanding by age: Current .*, 1-30 days .*, 31-60 days .*, 61-90 days .*, 90\\+ days .*\\.$`,
      ),
    );
    const elements = await page.locator(`[data-currency="${code}"] svg *`).count();
    expect(elements, 'a few dozen SVG elements per currency').toBeLessThan(300);
  }
  // The column names say both amounts in the currency's own format.
  await expect(
    page.locator('[data-testid="chart-due-months"][data-currency="EUR"] [data-month="2024-02"]'),
  ).toHaveAttribute(
    'aria-label',
    /^February 2024: €[1-9][\d,]*\.\d\d overdue, €[1-9][\d,]*\.\d\d not yet due \(this month\)\. Show invoices due this month\.$/,
  );

  // The same numbers as a table, visually hidden until asked for.
  const set = page.locator('.chart-set[data-currency="EUR"]');
  const table = set.getByTestId('chart-aging-table');
  await expect(table).toHaveClass(/visually-hidden/);
  const agingRow = await page
    .getByTestId('aging')
    .locator('tbody tr', { has: page.locator('th', { hasText: 'EUR' }) })
    .locator('td')
    .first()
    .textContent();
  await set.getByTestId('chart-table-toggle').click();
  await expect(set.getByTestId('chart-table-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(table).not.toHaveClass(/visually-hidden/);
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText(
    agingRow!.replace(/ \(\d+\)$/, '').replace('—', '€0.00'),
  );
  await expect(set.getByTestId('chart-due-months-table').locator('tbody tr')).toHaveCount(17);
});

test('a month column applies that month as the due range; an age bar applies its days overdue, Current clears them', async ({
  page,
}) => {
  await openCharts(page);
  const eur = page.locator('[data-testid="chart-due-months"][data-currency="EUR"]');
  await eur.locator('[data-month="2024-02"]').click();
  // Berlin's midnights of 1 February and 1 March 2024.
  await expect
    .poll(async () => lastQuery(page))
    .toMatchObject({ dueFrom: '2024-01-31T23:00:00.000Z', dueTo: '2024-02-29T23:00:00.000Z' });
  await expect(page.getByTestId('filter-due-from')).toHaveValue('2024-02-01');
  await expect(page.getByTestId('filter-due-to')).toHaveValue('2024-02-29');
  await expect(page.getByTestId('charts-toggle'), 'the charts stay on').toHaveAttribute(
    'aria-pressed',
    'true',
  );

  const aging = page.locator('[data-testid="chart-aging"][data-currency="EUR"]');
  await aging.locator('[data-bucket="days1To30"]').click();
  await expect.poll(async () => overdueOf(page)).toEqual({ min: 1, max: 30, overdueOnly: null });
  await page.getByTestId('filter-overdue').check();
  await expect.poll(async () => overdueOf(page)).toEqual({ min: 1, max: 30, overdueOnly: true });
  await aging.locator('[data-bucket="current"]').click();
  await expect
    .poll(async () => overdueOf(page), 'Current shows every invoice again')
    .toEqual({ min: null, max: null, overdueOnly: null });
  await expect(page.getByTestId('filter-days-overdue')).toHaveCount(0);
  await expect(page.getByTestId('filter-overdue')).not.toBeChecked();
});

test('the "31-60 days" bar shows only invoices 31 to 60 days overdue, as a chip that clears it', async ({
  page,
}) => {
  await openCharts(page, LATER);
  const matched = page.getByTestId('matched-count');
  const all = Number(await matched.textContent());
  const bar = page
    .locator('[data-testid="chart-aging"][data-currency="EUR"]')
    .getByRole('button', { name: /^31-60 days: / });
  await expect(bar).toHaveAttribute('aria-label', /Show invoices 31-60 days overdue\.$/);
  await bar.click();

  const chip = page.getByTestId('filter-days-overdue');
  await expect(chip).toContainText('31-60 days overdue');
  await expect.poll(async () => overdueOf(page)).toEqual({ min: 31, max: 60, overdueOnly: null });
  await expect
    .poll(async () => Number(await matched.textContent()), 'fewer invoices')
    .toBeLessThan(all);
  const rows = page.getByTestId('invoice-row');
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) {
    const days = Number(/Overdue · (\d+) days/.exec(text)?.[1]);
    expect(days, text).toBeGreaterThanOrEqual(31);
    expect(days, text).toBeLessThanOrEqual(60);
  }
  // The aging table agrees: only the 31-60 days column has amounts left.
  const cells = page.getByTestId('aging').locator('tbody tr').first().locator('td');
  await expect(cells).toHaveText(['—', '—', /\(\d+\)$/, '—', '—']);
  await expect(page.getByTestId('charts-toggle'), 'the charts stay on').toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await chip.getByRole('button', { name: 'Clear days overdue' }).click();
  await expect(chip).toHaveCount(0);
  await expect(matched).toHaveText(String(all));
  expect(await overdueOf(page), 'the filter is gone from the query').toEqual({
    min: null,
    max: null,
    overdueOnly: null,
  });
});

test('the columns and bars work from the keyboard', async ({ page }) => {
  await openCharts(page);
  const month = page.locator(
    '[data-testid="chart-due-months"][data-currency="USD"] [data-month="2024-02"]',
  );
  await month.focus();
  await page.keyboard.press('Tab');
  const next = page.locator(
    '[data-testid="chart-due-months"][data-currency="USD"] [data-month="2024-03"]',
  );
  await expect(next, 'Tab goes to the next month').toBeFocused();
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => lastQuery(page))
    .toMatchObject({ dueFrom: '2024-02-29T23:00:00.000Z', dueTo: '2024-03-31T22:00:00.000Z' });

  const bar = page.locator(
    '[data-testid="chart-aging"][data-currency="USD"] [data-bucket="over90"]',
  );
  await bar.focus();
  await page.keyboard.press('Space');
  await expect
    .poll(async () => overdueOf(page), 'the last bucket has no last day')
    .toEqual({ min: 91, max: null, overdueOnly: null });
});

test('the chart colours follow the theme', async ({ page }) => {
  await openCharts(page);
  const bar = page.locator('.chart-legend rect.chart-not-due');
  const hatch = page.locator(
    '[data-testid="chart-aging"][data-currency="EUR"] pattern rect.chart-overdue',
  );
  const fill = (locator: typeof bar) =>
    locator.evaluate((element) => getComputedStyle(element).fill);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await fill(bar)).toBe(rgb(tokens.light['chart-not-due']!));
  expect(await fill(hatch)).toBe(rgb(tokens.light['chart-overdue']!));

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => fill(bar)).toBe(rgb(tokens.dark['chart-not-due']!));
  await expect.poll(() => fill(hatch)).toBe(rgb(tokens.dark['chart-overdue']!));
  expect(tokens.dark['chart-not-due']).not.toBe(tokens.light['chart-not-due']);
});

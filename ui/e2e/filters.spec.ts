import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

type QueryArgs = { query: Record<string, unknown> };
const lastQuery = async (page: import('@playwright/test').Page) =>
  ((await argsOf(page, 'invoices_query')).at(-1) as QueryArgs).query;

test('the total range goes to Rust as typed decimal text; text it would refuse marks the field', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');

  await page.getByTestId('filter-amount-min').fill('100');
  await page.getByTestId('filter-amount-max').fill('5000.50');
  await expect.poll(async () => (await lastQuery(page)).amountMax).toBe('5000.50');
  expect(await lastQuery(page)).toMatchObject({
    orgs: ['org_acme'],
    amountMin: '100',
    amountMax: '5000.50',
  });
  const matched = Number(await page.getByTestId('matched-count').textContent());
  expect(matched, 'the range leaves some invoices out').toBeLessThan(40);
  expect(matched).toBeGreaterThan(0);
  await expect(page.getByTestId('filter-amount-min')).toHaveAttribute(
    'title',
    /10 means \$10\.00, €10\.00 and ¥10/,
  );

  await page.getByTestId('filter-amount-min').fill('1,000');
  await expect(page.getByTestId('filter-amount-min')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('filter-amount-min-invalid')).toHaveText(
    'Write an amount like 1250.50',
  );
  await page.getByTestId('filter-amount-min').press('Enter');
  expect(
    (await lastQuery(page)).amountMin,
    'refused text is never sent: the last good bound stays',
  ).toBe('100');

  await page.getByTestId('filter-amount-min').fill('');
  await page.getByTestId('filter-amount-max').fill('');
  await expect
    .poll(async () => {
      const { amountMin, amountMax } = await lastQuery(page);
      return [amountMin, amountMax];
    }, 'blank boxes send no bound')
    .toEqual([undefined, undefined]);
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await expect(page.getByTestId('filter-amount-min')).not.toHaveAttribute('aria-invalid', 'true');
});

test('the due range sends local midnights, the last day included, and Clear filters empties every box', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');

  await page.getByTestId('filter-due-from').fill('2024-02-01');
  await page.getByTestId('filter-due-to').fill('2024-02-29');
  await expect.poll(async () => (await lastQuery(page)).dueTo).toBeTruthy();
  const query = await lastQuery(page);
  const local = (y: number, m: number, d: number) =>
    page.evaluate(([year, month, day]) => new Date(year!, month!, day!).toISOString(), [y, m, d]);
  expect(query.dueFrom).toBe(await local(2024, 1, 1));
  expect(query.dueTo, 'the next midnight: Feb 29 is included').toBe(await local(2024, 2, 1));
  await expect(page.getByTestId('matched-count')).not.toHaveText('40');

  await page.getByTestId('filter-amount-min').fill('999999999');
  await expect(page.getByTestId('empty-state')).toContainText('No invoices match');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await expect(page.getByTestId('filter-amount-min')).toHaveValue('');
  await expect(page.getByTestId('filter-due-from')).toHaveValue('');
  await expect(page.getByTestId('filter-due-to')).toHaveValue('');
});

test('a status the API sent that this version does not know is a chip of the status filter', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [
      {
        orgId: 'org_new',
        label: 'New statuses',
        count: 12,
        currencies: ['USD'],
        statuses: ['open', 'in_review', 'paid', 'Disputed'],
      },
    ],
  });
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('12');
  const chips = page.locator('.status-chips button');
  await expect(chips, 'the five known statuses, then the others by their text').toHaveText([
    'draft',
    'open',
    'paid',
    'uncollectible',
    'void',
    'Disputed',
    'in_review',
  ]);

  await page.getByTestId('filter-status-in_review').click();
  await expect(page.getByTestId('filter-status-in_review')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('matched-count')).toHaveText('3');
  expect((await lastQuery(page)).statuses, 'sent as the API wrote it').toEqual(['in_review']);
  for (const status of await page
    .locator('[data-testid=invoice-row] .col-status .chip')
    .allTextContents())
    expect(status).toBe('in_review');
});

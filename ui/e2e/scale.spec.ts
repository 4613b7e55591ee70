import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test('100k invoices: only a window of rows exists in the DOM, and scrolling fetches only that window', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [{ orgId: 'org_big', label: 'Big Co', count: 100_000, currencies: ['USD', 'JPY'] }],
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('100000');
  const rows = page.getByTestId('invoice-row');
  await expect(rows.first()).toBeVisible();
  const atTop = await rows.count();
  expect(atTop, 'a screenful plus overscan, not 100k').toBeLessThan(60);

  for (const fraction of [0.5, 0.8]) {
    await page.getByTestId('invoice-table').evaluate((element, f) => {
      element.scrollTop = element.scrollHeight * f;
    }, fraction);
    const expectedIndex = Math.floor(99_999 * fraction * 0.98);
    await expect
      .poll(
        async () => {
          const ids = await rows.evaluateAll((list) =>
            list.map((row) => Number(row.getAttribute('data-invoice-id')?.slice(-6))),
          );
          return ids.length > 0 && Math.min(...ids) > expectedIndex - 100;
        },
        `rows near ${fraction * 100}% are rendered`,
      )
      .toBe(true);
    expect(await rows.count(), 'still only a window').toBeLessThan(60);
  }

  const limits = (
    (await argsOf(page, 'invoices_query')) as { query: { offset: number; limit: number } }[]
  ).map((call) => call.query.limit);
  expect(Math.max(...limits), 'Rust is asked for a window, never all rows').toBeLessThan(200);
  await page.getByTestId('invoice-table').evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  const last = page.locator('[data-invoice-id="in_org_big_099999"]');
  await expect(last, 'the last row is reachable').toBeVisible();
  await expect(page.getByTestId('invoice-table')).toHaveAttribute('aria-rowcount', '100001');
});

test('100k invoices: a sort change is marked for the window benchmark and asks Rust once', async ({
  page,
}) => {
  await mockTauri(page, { orgs: [{ orgId: 'org_big', label: 'Big Co', count: 100_000 }] });
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('100000');
  await page.waitForTimeout(300);
  const before = (await argsOf(page, 'invoices_query')).length;
  await page.evaluate(() => performance.clearMarks());
  await page.getByTestId('sort-total').click();
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('bd:table-painted').length))
    .toBe(1);
  const [start, painted] = await page.evaluate(() =>
    ['bd:query-start', 'bd:table-painted'].map((name) => performance.getEntriesByName(name).length),
  );
  expect(start, 'one query started').toBe(1);
  expect(painted).toBe(1);
  // Longer than the 30 ms scroll debounce: a stale "rows in view" check would re-ask by now.
  await page.waitForTimeout(300);
  const after = (await argsOf(page, 'invoices_query')) as { query: { sort?: unknown } }[];
  expect(
    after.length - before,
    'one invoices_query per sort change: the rows in view came with the first answer',
  ).toBe(1);
  expect(after.at(-1)?.query.sort, 'and it is the sorted query').toEqual({
    column: 'total',
    direction: 'asc',
  });
});

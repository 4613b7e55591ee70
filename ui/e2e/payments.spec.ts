import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test('payment methods: default badge, brand, last 4, expiry warnings, billing details as text', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await page.getByTestId('tab-payment-methods').click();
  await expect(page.getByTestId('tab-payment-methods')).toHaveAttribute('aria-selected', 'true');

  const rows = page.getByTestId('payment-method-row');
  await expect(rows).toHaveCount(3);
  const asked = (await argsOf(page, 'payment_methods')) as { orgId: string | null }[];
  expect(
    asked.filter((args) => args.orgId !== null),
    "the tab asks for the organization in view (the calls for all of them are the sidebar's card count)",
  ).toEqual([{ orgId: 'org_acme' }]);
  await expect(rows.nth(0)).toContainText('Default');
  await expect(rows.nth(0)).toContainText('visa');
  await expect(rows.nth(0)).toContainText('•••• 4242');
  await expect(rows.nth(0)).toContainText('12/2030');
  await expect(rows.nth(0), 'markup in a name is text').toContainText('Ada <b>Lovelace</b>');
  await expect(rows.nth(0)).toContainText('ada@example.com');
  await expect(rows.nth(1)).toContainText('Expired');
  await expect(rows.nth(2)).toContainText('Expires soon');
  await expect(rows.nth(1)).not.toContainText('Default');

  await page.getByTestId('org-all').click();
  await expect(rows).toHaveCount(9);
  await expect(
    page.getByTestId('payment-methods-table').getByRole('columnheader', { name: 'Organization' }),
  ).toBeVisible();
});

test('payment methods: an error shows its banner and Retry loads them', async ({ page }) => {
  // Scripted for this organization only: the sidebar's card count asks for all of them.
  await mockTauri(
    page,
    {},
    {
      'payment_methods {"orgId":"org_acme"}': [
        { err: { code: 'network', message: 'The server could not be reached.' } },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await page.getByTestId('tab-payment-methods').click();
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'network');
  await page.getByTestId('retry-button').click();
  await expect(page.getByTestId('payment-method-row').first()).toBeVisible();
});

import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

const validCard = {
  org: 'org_acme',
  orgLabel: 'ACME Europe',
  cardState: 'valid',
  method: {
    id: 'pm_1',
    type: 'card',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2030,
    isDefault: true,
    billingName: null,
    billingEmail: null,
    createdAt: null,
  },
};

test('the sidebar counts expiring and expired cards of every organization and opens them', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  // Each of the three organizations has one card expiring soon and one expired.
  const alert = page.getByTestId('card-alert');
  await expect(alert).toHaveText(/3 cards expire within 60 days, 3 expired/);
  expect(
    await argsOf(page, 'payment_methods'),
    'counted over all loaded organizations',
  ).toContainEqual({ orgId: null });

  // Looking at one organization first: the count covers them all, so the view it opens does too.
  await page.getByTestId('org-item-org_tokyo').click();
  await alert.click();
  await expect(page.getByTestId('tab-payment-methods')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('org-all')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('filter-cards-attention')).toBeChecked();
  const rows = page.getByTestId('payment-method-row');
  await expect(rows).toHaveCount(6);
  const states = await rows.evaluateAll((all) =>
    all.map((row) => row.getAttribute('data-card-state')),
  );
  expect(new Set(states), 'only cards that expired or expire soon').toEqual(
    new Set(['expired', 'expiringSoon']),
  );

  await page.getByTestId('filter-cards-attention').uncheck();
  await expect(rows, 'every card again').toHaveCount(9);
  await page.getByTestId('filter-cards-attention').check();
  await expect(rows).toHaveCount(6);
});

test('no card needing attention: no count, and the filter says so', async ({ page }) => {
  await mockTauri(page, {}, { payment_methods: [{ ok: [validCard] }] });
  await page.goto('/');
  await page.getByTestId('tab-payment-methods').click();
  await expect(page.getByTestId('payment-method-row')).toHaveCount(1);
  await expect(page.getByTestId('card-alert'), 'nothing to warn about').toHaveCount(0);
  await page.getByTestId('filter-cards-attention').check();
  await expect(page.getByTestId('empty-state')).toContainText('has expired or expires soon');
});

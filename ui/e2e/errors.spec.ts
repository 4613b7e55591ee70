import { expect, test } from './fixtures';
import { argsOf, DEMO_ORGS, mockTauri } from './tauri-mock';

const CODES = [
  ['internal', 'Something went wrong'],
  ['invalidInput', 'Check what you entered'],
  ['noToken', 'Set token'],
  ['keyring', 'The system keyring is not available'],
  ['unauthorized', 'Check the token'],
  ['notFound', 'Check the organization ID'],
  ['rateLimited', 'The server asked us to slow down'],
  ['server', 'The billing server had a problem'],
  ['network', 'Check your network connection'],
  ['badResponse', 'The server sent data Billing Desk cannot read'],
  ['settings', 'Settings could not be saved or read'],
  ['export', 'The file could not be written'],
  ['exportIncomplete', 'Some organizations are not up to date'],
  ['linkRefused', 'This link cannot be opened'],
  ['busy', 'Another download or export is still running'],
  ['cancelled', 'Cancelled'],
] as const;

/** The codes whose fix is a connection's token or address. */
const CONNECTION_CODES = ['noToken', 'unauthorized', 'keyring', 'network'] as const;

for (const [code, title] of CODES) {
  test(`error banner for ${code}: its title, the core's message, Retry`, async ({ page }) => {
    const message = `The core says: ${code} happened <b>here</b>.`;
    await mockTauri(
      page,
      { demo: false, connection: 'Production' },
      {
        invoices_query: [{ err: { code, message } }, { err: { code, message } }, { backend: true }],
      },
    );
    await page.goto('/');
    // Start-up queries twice (what Rust holds at once, then after the fetch); both fail here.
    await expect.poll(async () => (await argsOf(page, 'invoices_query')).length).toBe(2);
    const banner = page.getByTestId('error-banner');
    await expect(banner).toHaveAttribute('data-code', code);
    await expect(banner).toContainText(title);
    await expect(banner, 'the message is Rust’s, shown as text').toContainText(message);
    await expect(
      banner.getByTestId('token-input'),
      'only token problems offer a token field',
    ).toHaveCount(code === 'noToken' || code === 'unauthorized' ? 1 : 0);
    await expect(
      banner.getByTestId('open-connections'),
      'token, keyring and network problems are fixed in the Connections screen',
    ).toHaveCount((CONNECTION_CODES as readonly string[]).includes(code) ? 1 : 0);
    await banner.getByTestId('retry-button').click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  });
}

test('noToken: the "Set token" form sends the token once, then retries', async ({ page }) => {
  await mockTauri(page, {
    demo: false,
    connection: 'Production',
    orgs: [
      {
        ...DEMO_ORGS[0]!,
        error: { code: 'noToken', message: 'Production has no token in the keyring.' },
        failTimes: 1,
      },
    ],
  });
  await page.goto('/');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'noToken');
  await expect(banner).toContainText('ACME Europe could not be refreshed.');
  await expect(banner.getByTestId('token-input')).toHaveAttribute('type', 'password');
  await banner.getByTestId('token-input').fill('sk_new');
  await banner.getByTestId('token-save').click();
  await expect(banner).toHaveCount(0);
  expect(await argsOf(page, 'token_set')).toEqual([{ connection: 'Production', token: 'sk_new' }]);
  expect((await argsOf(page, 'fetch_orgs')).at(-1), 'the failed org is fetched again').toEqual({
    orgIds: ['org_acme'],
    force: true,
  });
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('a failed organization without saved data: banner, no rows, Retry that fails again keeps it', async ({
  page,
}) => {
  await mockTauri(page, {
    demo: false,
    connection: 'Production',
    orgs: [
      {
        orgId: 'err-500',
        count: 3,
        error: { code: 'server', message: 'The server failed (500).' },
      },
    ],
  });
  await page.goto('/');
  await page.getByTestId('org-item-err-500').click();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'server');
  await expect(page.getByTestId('invoice-row')).toHaveCount(0);
  await banner.getByTestId('retry-button').click();
  await expect.poll(async () => (await argsOf(page, 'fetch_orgs')).length).toBe(2);
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'server');
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toBeVisible();
});

test('fetch_orgs itself failing (keyring) shows the core message', async ({ page }) => {
  await mockTauri(
    page,
    { demo: false, connection: 'Production' },
    {
      fetch_orgs: [
        { err: { code: 'keyring', message: 'The keyring is locked. Unlock it and retry.' } },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'keyring');
  await expect(banner).toContainText('The keyring is locked. Unlock it and retry.');
  await banner.getByTestId('retry-button').click();
  await expect(banner).toHaveCount(0);
});

test('stale data: cached organizations say when their data is from; a refresh clears it', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [{ ...DEMO_ORGS[0]!, cachedAt: '2025-05-30T08:00:00Z' }, DEMO_ORGS[1]!],
    fetchMs: 400,
  });
  await page.goto('/');
  const stale = page.getByTestId('stale-banner');
  await expect(stale, 'cached rows show at once with their age').toContainText(
    'Showing data cached',
  );
  await expect(
    stale.getByTestId('stale-age'),
    'the exact fetch time is kept for machines and on hover',
  ).toHaveAttribute('datetime', '2025-05-30T08:00:00Z');
  await expect(stale.getByTestId('stale-age')).toHaveAttribute('title', /May 30, 2025/);
  await expect(page.getByTestId('matched-count')).not.toHaveText('0');
  await page.getByTestId('refresh-button').click();
  await expect(stale).toHaveCount(0);
});

test('stale data: a failed refresh keeps the older data with the banner and the error', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [
      {
        ...DEMO_ORGS[0]!,
        cachedAt: '2025-05-30T08:00:00Z',
        error: { code: 'network', message: 'The server could not be reached.' },
      },
    ],
  });
  await page.goto('/');
  await expect(page.getByTestId('stale-banner')).toContainText('Showing data cached');
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'network');
  await expect(page.getByTestId('matched-count')).toHaveText('40');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('rows saved before the service refused the token say so until a refresh succeeds', async ({
  page,
}) => {
  await mockTauri(page, {
    orgs: [
      { ...DEMO_ORGS[0]!, cachedAt: '2025-05-30T08:00:00Z', refusedSince: true },
      { ...DEMO_ORGS[1]!, cachedAt: '2025-05-30T08:00:00Z' },
    ],
    fetchMs: 400,
  });
  await page.goto('/');
  const refused = page.getByTestId('refused-banner');
  await expect(refused).toContainText('has refused this connection');
  await expect(refused).toContainText('ACME Europe');
  await expect(refused, 'only the refused organization is named').not.toContainText('Tokyo');
  await expect(page.getByTestId('org-item-org_acme')).toContainText('token refused since');
  await page.getByTestId('refresh-button').click();
  await expect(refused).toHaveCount(0);
  await expect(page.getByTestId('org-item-org_acme')).not.toContainText('token refused');
});

test('a refresh refused with 401 marks the older rows still shown', async ({ page }) => {
  await mockTauri(page, {
    orgs: [
      {
        ...DEMO_ORGS[0]!,
        cachedAt: '2025-05-30T08:00:00Z',
        error: { code: 'unauthorized', message: 'The billing service refused the API token.' },
      },
    ],
  });
  await page.goto('/');
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'unauthorized');
  await expect(page.getByTestId('refused-banner')).toContainText('ACME Europe');
  await expect(page.getByTestId('matched-count')).toHaveText('40');
});

test('loading skeletons show while organizations are fetched for the first time', async ({
  page,
}) => {
  await mockTauri(page, { fetchMs: 1500 });
  await page.goto('/');
  await expect(page.getByTestId('loading')).toBeVisible();
  await expect(page.getByTestId('invoice-row').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('loading')).toHaveCount(0);
});

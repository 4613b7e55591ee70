import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { argsOf, DEMO_ORGS, FAKE_PDF_DIR, mockTauri, type FakeConnection } from './tauri-mock';

const HOUR = 3_600_000;

/** Two saved connections: the active one fetched three hours ago, the other never, without a token. */
function twoConnections(): FakeConnection[] {
  return [
    {
      name: 'Production',
      baseUrl: 'https://billing.example.com/',
      token: 'stored',
      lastFetchedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
    },
    {
      name: 'Staging',
      baseUrl: 'https://staging.example.com/',
      token: 'missing',
      lastFetchedAt: null,
      timeoutSecs: 60,
    },
  ];
}

/** Opens the screen from the header and waits for Rust's list. */
async function openScreen(page: Page) {
  await page.getByTestId('connections-button').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connections' })).toBeVisible();
  await expect(page.getByTestId('connection-row').first()).toBeVisible();
}

const row = (page: Page, name: string) =>
  page.locator(`[data-testid="connection-row"][data-name="${name}"]`);

test('the header opens the screen from a real connection: each row says its URL and token state, never a token', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await openScreen(page);

  await expect(
    page.getByRole('heading', { level: 2, name: 'Connections' }),
    'the heading takes the focus, so keyboard and screen reader start there',
  ).toBeFocused();
  await expect(page.getByTestId('invoice-row'), 'the screen replaces the desk').toHaveCount(0);
  await expect(page.getByTestId('connection-name'), 'the header stays').toHaveText('Production');
  await expect(page.getByTestId('connection-row')).toHaveCount(2);

  const production = row(page, 'Production');
  await expect(production.getByTestId('connection-row-name')).toHaveText('Production');
  await expect(production.getByTestId('connection-url')).toHaveText('https://billing.example.com/');
  await expect(production.getByTestId('connection-token-state')).toHaveText('Token stored');
  await expect(production.getByTestId('connection-active')).toHaveText('Active');
  await expect(
    production.getByTestId('connection-use'),
    'the active connection is in use already',
  ).toHaveCount(0);
  await expect(production.getByTestId('connection-last-fetched')).toHaveText(
    'Last fetched 3 h ago',
  );
  await expect(
    production.getByTestId('connection-last-fetched'),
    'the exact local time is on hover',
  ).toHaveAttribute('title', /\d{4}/);
  await expect(production.getByTestId('connection-token')).toHaveText('Replace token');

  const staging = row(page, 'Staging');
  await expect(staging.getByTestId('connection-url')).toHaveText('https://staging.example.com/');
  await expect(staging.getByTestId('connection-token-state')).toHaveText('No token');
  await expect(staging.getByTestId('connection-last-fetched')).toHaveText('Never fetched');
  await expect(staging.getByTestId('connection-active')).toHaveCount(0);
  await expect(staging.getByTestId('connection-token'), 'nothing to replace').toHaveText(
    'Set token',
  );
  await expect(staging.getByTestId('connection-clear-token'), 'nothing to clear').toHaveCount(0);
  await expect(staging).toContainText('Timeout 60 s');

  const inputs = await page.locator('input[type=password]').count();
  expect(inputs, 'no token field is open until asked for').toBe(0);
  expect(await argsOf(page, 'connections_overview'), 'the list is Rust’s').toHaveLength(1);
  expect(
    await argsOf(page, 'token_status'),
    'the overview already says whether tokens are stored',
  ).toEqual([]);
});

test('the header opens the screen in demo mode too; Use switches and restarts the desk behind it', async ({
  page,
}) => {
  await mockTauri(page, { demo: true, connection: null, connections: [{ name: 'Production' }] });
  await page.goto('/');
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(
    page.getByTestId('add-connection'),
    'the demo keeps its own "Add connection"',
  ).toBeVisible();
  await openScreen(page);
  await expect(page.getByTestId('connections-demo-note')).toBeVisible();

  const production = row(page, 'Production');
  await expect(production.getByTestId('connection-active')).toHaveCount(0);
  const before = (await argsOf(page, 'app_info')).length;
  await production.getByTestId('connection-use').click();
  await expect(production.getByTestId('connection-active')).toBeVisible();
  expect(await argsOf(page, 'connection_use')).toEqual([{ name: 'Production' }]);
  await expect(
    page.getByTestId('connection-name'),
    'the header shows the new connection',
  ).toHaveText('Production');
  expect(
    (await argsOf(page, 'app_info')).length,
    'the app asked Rust again what to show',
  ).toBeGreaterThan(before);
  await expect(
    page.getByRole('heading', { level: 2, name: 'Connections' }),
    'the screen stays open',
  ).toBeVisible();

  await page.getByTestId('connections-close').click();
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('an edit that moves the address says the token was deleted and opens the token field', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await openScreen(page);
  const production = row(page, 'Production');
  await production.getByTestId('connection-edit').click();

  await expect(page.getByTestId('connection-edit-base-url')).toHaveValue(
    'https://billing.example.com/',
  );
  await expect(page.getByTestId('connection-edit-base-url')).toBeFocused();
  await expect(page.getByTestId('connection-edit-timeout'), 'the default is blank').toHaveValue('');
  await page.getByTestId('connection-edit-base-url').fill('https://billing.example.net/');
  await page.getByTestId('connection-edit-timeout').fill('2.5');
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-invalid')).toHaveText(
    'Enter a whole number, or leave it blank for the default.',
  );
  await expect(page.getByTestId('connection-edit-timeout')).toBeFocused();
  expect(
    await argsOf(page, 'connection_update'),
    'a value that is not a whole number never reaches Rust',
  ).toEqual([]);

  // Rust judges the range; its message shows and the form keeps what was typed.
  await page.getByTestId('connection-edit-timeout').fill('0');
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-error')).toHaveText(
    'Connection "Production": a timeout of 0 seconds is out of range; use 1 to 3600.',
  );
  await expect(page.getByTestId('connection-edit-base-url')).toHaveValue(
    'https://billing.example.net/',
  );

  await page.getByTestId('connection-edit-timeout').fill('30');
  await page.getByTestId('connection-edit-save').click();
  await expect(production.getByTestId('connection-token-cleared')).toHaveText(
    'The address changed, so the token stored for the old address was deleted. Enter the token for the new address.',
  );
  await expect(page.getByTestId('connection-edit-form')).toHaveCount(0);
  await expect(
    production.getByTestId('connection-token-input'),
    'the field for the new address’s token is open and focused',
  ).toBeFocused();
  await expect(production.getByTestId('connection-token-state')).toHaveText('No token');
  await expect(production.getByTestId('connection-url')).toHaveText('https://billing.example.net/');
  expect((await argsOf(page, 'connection_update')).at(-1)).toEqual({
    name: 'Production',
    edit: {
      baseUrl: 'https://billing.example.net/',
      timeoutSecs: 30,
      concurrency: null,
      allowPlainHttp: false,
      archiveDir: null,
      agingBuckets: '',
    },
  });
});

test('the PDF archive folder: the default as placeholder, a relative path refused with Rust’s message, a full path saved and shown', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await openScreen(page);
  const production = row(page, 'Production');
  const defaultDir = `${FAKE_PDF_DIR}/connections/Production`;
  await expect(production.getByTestId('connection-archive-dir')).toHaveText(
    `PDF archive: ${defaultDir}`,
  );
  await expect(row(page, 'Staging').getByTestId('connection-archive-dir')).toHaveText(
    `PDF archive: ${FAKE_PDF_DIR}/connections/Staging`,
  );

  await production.getByTestId('connection-edit').click();
  const field = page.getByTestId('connection-edit-archive-dir');
  await expect(field, 'the default folder is not typed in: blank follows it').toHaveValue('');
  await expect(field).toHaveAttribute('placeholder', defaultDir);
  await expect(field).toHaveAccessibleName(/PDF archive folder/);
  await expect(field).toHaveAccessibleDescription('Blank uses the default folder.');

  await field.fill('Invoices/2025');
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-error')).toHaveText(
    'Connection "Production": the PDF archive folder "Invoices/2025" is not a complete path. Enter a full path such as /home/me/Invoices (or C:\\Invoices on Windows), or leave it blank for the default folder.',
  );
  await expect(field, 'the form keeps what was typed').toHaveValue('Invoices/2025');

  await field.fill('  /srv/billing/invoices  ');
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-form')).toHaveCount(0);
  await expect(production.getByTestId('connection-archive-dir')).toHaveText(
    'PDF archive: /srv/billing/invoices',
  );
  expect(await argsOf(page, 'connection_update')).toEqual([
    {
      name: 'Production',
      edit: {
        baseUrl: 'https://billing.example.com/',
        timeoutSecs: null,
        concurrency: null,
        allowPlainHttp: false,
        archiveDir: 'Invoices/2025',
        agingBuckets: '',
      },
    },
    {
      name: 'Production',
      edit: {
        baseUrl: 'https://billing.example.com/',
        timeoutSecs: null,
        concurrency: null,
        allowPlainHttp: false,
        archiveDir: '/srv/billing/invoices',
        agingBuckets: '',
      },
    },
  ]);

  // The folder of its own shows in the form; blanking it goes back to the default folder.
  await production.getByTestId('connection-edit').click();
  await expect(field).toHaveValue('/srv/billing/invoices');
  await field.fill('');
  await page.getByTestId('connection-edit-save').click();
  await expect(production.getByTestId('connection-archive-dir')).toHaveText(
    `PDF archive: ${defaultDir}`,
  );
  expect((await argsOf(page, 'connection_update')).at(-1)).toMatchObject({
    edit: { archiveDir: null },
  });
});

/** The aging table's header row: the currency, then the connection's buckets as Rust names them. */
const agingHeaders = (page: Page) => page.getByTestId('aging').locator('thead th');
const DEFAULT_HEADERS = [
  'Currency',
  'Current',
  '1-30 days',
  '31-60 days',
  '61-90 days',
  '90+ days',
];

test('the aging buckets: blank for the default, saved as typed, and the aging table takes the new columns', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await expect(agingHeaders(page)).toHaveText(DEFAULT_HEADERS);
  await openScreen(page);
  const production = row(page, 'Production');
  await production.getByTestId('connection-edit').click();
  const field = page.getByTestId('edit-aging-buckets');
  await expect(field, 'the default is not typed in: blank follows it').toHaveValue('');
  await expect(field).toHaveAccessibleName(/^Aging buckets \(days\)/);
  await expect(field).toHaveAccessibleDescription(
    'Days past due where the aging columns split, e.g. 30, 60, 90. Empty: 30, 60, 90.',
  );

  await field.fill('15, 45');
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-form')).toHaveCount(0);
  expect((await argsOf(page, 'connection_update')).at(-1)).toEqual({
    name: 'Production',
    edit: {
      baseUrl: 'https://billing.example.com/',
      timeoutSecs: null,
      concurrency: null,
      allowPlainHttp: false,
      archiveDir: null,
      agingBuckets: '15, 45',
    },
  });
  await production.getByTestId('connection-edit').click();
  await expect(field, 'the form shows the saved boundaries').toHaveValue('15, 45');
  await page.getByTestId('connection-edit-cancel').click();

  await page.getByTestId('connections-close').click();
  await expect(agingHeaders(page), 'the desk restarted with the new scale').toHaveText([
    'Currency',
    'Current',
    '1-15 days',
    '16-45 days',
    '45+ days',
  ]);
  await expect(page.getByTestId('aging').locator('tbody tr').first().locator('td')).toHaveCount(4);
});

test('aging buckets Rust refuses show its message in the form, and the aging columns stay as they were', async ({
  page,
}) => {
  await mockTauri(page, {
    demo: false,
    connection: 'Production',
    connections: [{ name: 'Production', agingBuckets: [15, 45] }],
  });
  await page.goto('/');
  const before = ['Currency', 'Current', '1-15 days', '16-45 days', '45+ days'];
  await expect(agingHeaders(page)).toHaveText(before);
  await openScreen(page);
  const production = row(page, 'Production');
  await production.getByTestId('connection-edit').click();
  const field = page.getByTestId('edit-aging-buckets');
  await expect(field, 'the boundaries of its own, joined by ", "').toHaveValue('15, 45');

  const error = page.getByTestId('connection-edit-error');
  for (const [typed, reason] of [
    ['60, 30', 'aging boundaries must go up, each above the one before: 30 follows 60'],
    ['0, 30', 'an aging boundary is a number of days from 1 to 3650, got 0'],
    [
      '30, sixty',
      'aging boundaries are whole numbers of days separated by commas, e.g. 30,60,90: "30, sixty"',
    ],
  ]) {
    await field.fill(typed!);
    await page.getByTestId('connection-edit-save').click();
    await expect(error).toHaveText(`Connection "Production": aging buckets: ${reason}.`);
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(field, 'the form keeps what was typed').toHaveValue(typed!);
  }
  expect(
    (await argsOf(page, 'connection_update')).map(
      (args) => (args as { edit: { agingBuckets: string } }).edit.agingBuckets,
    ),
  ).toEqual(['60, 30', '0, 30', '30, sixty']);

  await page.getByTestId('connection-edit-cancel').click();
  await production.getByTestId('connection-edit').click();
  await expect(field, 'nothing was saved').toHaveValue('15, 45');
  await page.getByTestId('connection-edit-cancel').click();
  await page.getByTestId('connections-close').click();
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(agingHeaders(page)).toHaveText(before);
});

test('replace token: sent once with what was typed, and the field is empty whatever Rust answered', async ({
  page,
}) => {
  await mockTauri(
    page,
    { demo: false, connection: 'Production', connections: twoConnections() },
    {
      token_set: [
        { err: { code: 'keyring', message: 'The keyring is locked. Unlock it and retry.' } },
        { backend: true },
      ],
    },
  );
  await page.goto('/');
  await openScreen(page);
  const starts = (await argsOf(page, 'app_info')).length;
  const production = row(page, 'Production');
  await production.getByTestId('connection-token').click();
  const input = production.getByTestId('connection-token-input');
  await expect(input).toHaveAttribute('type', 'password');
  await expect(input).toHaveAttribute('autocomplete', 'off');

  await input.fill('sk_refused_one');
  await production.getByTestId('connection-token-save').click();
  await expect(production.getByRole('alert')).toHaveText(
    'The keyring is locked. Unlock it and retry.',
  );
  await expect(input, 'a refused token is not kept for a retry').toHaveValue('');
  expect(await argsOf(page, 'token_set')).toEqual([
    { connection: 'Production', token: 'sk_refused_one' },
  ]);
  // A refusal may come after Rust changed something: the app reads what to show again anyway.
  await expect.poll(async () => (await argsOf(page, 'app_info')).length).toBe(starts + 1);
  await input.fill('sk_live_replaced');
  await production.getByTestId('connection-token-save').click();
  await expect(production.getByTestId('connection-message')).toHaveText('Token saved.');
  await expect(input, 'the form closes with the token').toHaveCount(0);
  expect(await argsOf(page, 'token_set'), 'each token went to Rust exactly once').toEqual([
    { connection: 'Production', token: 'sk_refused_one' },
    { connection: 'Production', token: 'sk_live_replaced' },
  ]);
  await expect
    .poll(async () => (await argsOf(page, 'app_info')).length, {
      message: 'the active connection’s token changed: the desk restarts',
    })
    .toBe(starts + 2);
  const html = await page.evaluate(() => document.body.innerHTML);
  expect(
    html.includes('sk_live_replaced') || html.includes('sk_refused_one'),
    'no token is anywhere in the page',
  ).toBe(false);

  await production.getByTestId('connection-clear-token').click();
  await expect(production.getByTestId('connection-token-state')).toHaveText('No token');
  expect(await argsOf(page, 'token_clear')).toEqual([{ connection: 'Production' }]);
});

test('remove asks first, naming the connection, and only then calls Rust', async ({ page }) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await openScreen(page);
  const staging = row(page, 'Staging');

  await staging.getByTestId('connection-remove').click();
  await expect(staging.getByTestId('connection-remove-question').locator('p')).toHaveText(
    'Remove connection “Staging”? Its token is deleted from the keyring and its cached data from this computer.',
  );
  await expect(staging.getByTestId('connection-remove-confirm')).toHaveText('Remove Staging');
  await expect(
    staging.getByTestId('connection-remove-cancel'),
    'the safe choice has the focus',
  ).toBeFocused();
  await staging.getByTestId('connection-remove-cancel').click();
  await expect(staging.getByTestId('connection-remove-question')).toHaveCount(0);
  expect(await argsOf(page, 'connection_remove'), 'Cancel removes nothing').toEqual([]);

  await staging.getByTestId('connection-remove').click();
  await page.keyboard.press('Escape');
  await expect(
    staging.getByTestId('connection-remove-question'),
    'Escape backs out of the question first',
  ).toHaveCount(0);
  await expect(
    page.getByRole('heading', { level: 2, name: 'Connections' }),
    '…not out of the screen',
  ).toBeVisible();
  expect(await argsOf(page, 'connection_remove')).toEqual([]);

  await staging.getByTestId('connection-remove').click();
  await staging.getByTestId('connection-remove-confirm').click();
  await expect(staging).toHaveCount(0);
  expect(await argsOf(page, 'connection_remove')).toEqual([{ name: 'Staging' }]);
  await expect(page.getByTestId('connection-row')).toHaveCount(1);
});

test('Test shows the counts Rust fetched, or Rust’s reason', async ({ page }) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await openScreen(page);

  await row(page, 'Production').getByTestId('connection-test').click();
  const result = row(page, 'Production').getByTestId('connection-test-result');
  await expect(result).toHaveText(
    `OK: ${DEMO_ORGS[0]!.count} invoices, 3 payment methods in ${DEMO_ORGS[0]!.orgId}`,
  );
  await expect(result).toHaveAttribute('role', 'status');
  expect(await argsOf(page, 'connection_check')).toEqual([{ name: 'Production' }]);

  await row(page, 'Staging').getByTestId('connection-test').click();
  const failed = row(page, 'Staging').getByTestId('connection-test-result');
  await expect(failed).toHaveText(
    'No API token is stored for connection "Staging". Set it in the Connections screen (or with `bdesk token set`).',
  );
  await expect(failed).toHaveAttribute('role', 'alert');
});

test('an unauthorized banner offers "Open Connections", which opens the screen', async ({
  page,
}) => {
  const message =
    'The API token was refused (HTTP 401): it is not valid or has expired. Change it in the Connections screen (or with `bdesk token set`).';
  await mockTauri(page, {
    demo: false,
    connection: 'Production',
    orgs: [{ ...DEMO_ORGS[0]!, error: { code: 'unauthorized', message } }],
  });
  await page.goto('/');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'unauthorized');
  await banner.getByTestId('open-connections').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connections' })).toBeFocused();
  await expect(row(page, 'Production')).toBeVisible();
});

test('Escape and Back close the screen; the desk comes back', async ({ page }) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await openScreen(page);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('connections-screen')).toHaveCount(0);
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();

  await openScreen(page);
  await row(page, 'Production').getByTestId('connection-edit').click();
  await page.keyboard.press('Escape');
  await expect(
    page.getByTestId('connection-edit-form'),
    'the first Escape closes the edit form',
  ).toHaveCount(0);
  await expect(
    row(page, 'Production').getByTestId('connection-edit'),
    'the focus goes back to Edit',
  ).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('connections-screen')).toHaveCount(0);

  await openScreen(page);
  await page.getByTestId('connections-close').click();
  await expect(page.getByTestId('connections-screen')).toHaveCount(0);
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('"Add connection" on the screen opens the form, and Cancel comes back to the screen', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production' });
  await page.goto('/');
  await openScreen(page);
  await page.getByTestId('connections-add').click();
  await expect(page.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connections' })).toBeVisible();

  await page.getByTestId('connections-add').click();
  await page.getByTestId('conn-name').fill('Staging');
  await page.getByTestId('conn-base-url').fill('https://staging.example.com/');
  await page.getByTestId('conn-token').fill('sk_staging');
  await page.getByTestId('conn-save').click();
  await expect(
    row(page, 'Staging'),
    'saved, the new connection is listed as the active one',
  ).toBeVisible();
  await expect(row(page, 'Staging').getByTestId('connection-active')).toBeVisible();
  await expect(page.getByTestId('connection-name')).toHaveText('Staging');
});

test('a plain http address needs its own opt-in when added and edited, and its row warns about it', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production' });
  await page.goto('/');
  await openScreen(page);
  await page.getByTestId('connections-add').click();
  await page.getByTestId('conn-name').fill('Local');
  await page.getByTestId('conn-base-url').fill('https://127.0.0.1:8080/');
  await expect(
    page.getByTestId('conn-allow-plain-http'),
    'an https address needs no opt-in',
  ).toHaveCount(0);
  await page.getByTestId('conn-base-url').fill('http://127.0.0.1:8080/');
  const optIn = page.getByTestId('conn-allow-plain-http');
  await expect(optIn, 'offered as soon as the address is plain http, unticked').not.toBeChecked();
  await expect(page.getByText('Allow plain http')).toContainText('the token travels unencrypted');
  await page.getByTestId('conn-token').fill('sk_local');
  await page.getByTestId('conn-save').click();
  await expect(page.locator('.banner')).toContainText(
    'is plain http, so the API token would travel unencrypted',
  );
  expect(await argsOf(page, 'connection_add')).toEqual([
    {
      name: 'Local',
      baseUrl: 'http://127.0.0.1:8080/',
      allowPlainHttp: false,
      token: 'sk_local',
      orgIds: [],
    },
  ]);

  await optIn.check();
  await page.getByTestId('conn-save').click();
  const local = row(page, 'Local');
  await expect(local.getByTestId('connection-plain-http')).toHaveText(
    'Plain http: the token travels unencrypted',
  );
  expect((await argsOf(page, 'connection_add')).at(-1)).toMatchObject({ allowPlainHttp: true });
  await expect(
    row(page, 'Production').getByTestId('connection-plain-http'),
    'an https connection has no warning',
  ).toHaveCount(0);

  // Taking the opt-in back while the address stays plain http is Rust's to refuse.
  await local.getByTestId('connection-edit').click();
  const editOptIn = page.getByTestId('connection-edit-allow-plain-http');
  await expect(editOptIn).toBeChecked();
  await editOptIn.uncheck();
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-error')).toContainText('is plain http');
  // Moving to https hides the choice and sends no opt-in.
  await page.getByTestId('connection-edit-base-url').fill('https://billing.local.example/');
  await expect(editOptIn).toHaveCount(0);
  await page.getByTestId('connection-edit-save').click();
  await expect(local.getByTestId('connection-plain-http')).toHaveCount(0);
  expect((await argsOf(page, 'connection_update')).at(-1)).toMatchObject({
    edit: { baseUrl: 'https://billing.local.example/', allowPlainHttp: false },
  });
});

test('removing the active connection leaves the demo on screen, with the header saying so', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await openScreen(page);
  await row(page, 'Production').getByTestId('connection-remove').click();
  await row(page, 'Production').getByTestId('connection-remove-confirm').click();
  await expect(row(page, 'Production')).toHaveCount(0);
  expect(await argsOf(page, 'connection_remove')).toEqual([{ name: 'Production' }]);
  await expect(
    page.getByTestId('demo-badge'),
    'Rust fell back to the demo; the app asked again',
  ).toBeVisible();
  await expect(page.getByTestId('connections-demo-note')).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Connections' }),
    'the focus is back at the top of the screen',
  ).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(page.getByTestId('connection-name')).toHaveCount(0);
});

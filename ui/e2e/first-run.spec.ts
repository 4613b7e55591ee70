import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test('first run: the connection form tests, saves once and forgets the token', async ({ page }) => {
  await mockTauri(page, { demo: false, connection: null });
  await page.goto('/');

  const form = page.getByTestId('connection-form');
  await expect(form).toBeVisible();
  await expect(
    page.getByTestId('conn-token'),
    'the token is typed into a password field',
  ).toHaveAttribute('type', 'password');
  await page.getByTestId('conn-name').fill('Production');
  await page.getByTestId('conn-base-url').fill('https://billing.example.com/');
  await page.getByTestId('conn-token').fill('sk_live_secret');
  await page.getByTestId('conn-org-ids').fill('org_acme, org_tokyo\norg_kuwait');

  await page.getByTestId('conn-test').click();
  await expect(page.getByTestId('conn-test-result')).toContainText('42 invoices');
  expect(await argsOf(page, 'connection_test'), 'the test uses the first org').toEqual([
    {
      baseUrl: 'https://billing.example.com/',
      allowPlainHttp: false,
      token: 'sk_live_secret',
      orgId: 'org_acme',
    },
  ]);

  await page.getByTestId('conn-save').click();
  await expect(page.getByTestId('connection-name')).toHaveText('Production');
  expect(await argsOf(page, 'connection_add')).toEqual([
    {
      name: 'Production',
      baseUrl: 'https://billing.example.com/',
      allowPlainHttp: false,
      token: 'sk_live_secret',
      orgIds: ['org_acme', 'org_tokyo', 'org_kuwait'],
    },
  ]);
  await expect(page.getByTestId('connection-form'), 'the form is gone with its token').toHaveCount(
    0,
  );
  const tokenInPage = await page.evaluate(() => document.body.innerHTML.includes('sk_live_secret'));
  expect(tokenInPage, 'the token is nowhere in the page after saving').toBe(false);
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('first run: a failed connection test shows the core message', async ({ page }) => {
  await mockTauri(
    page,
    { demo: false, connection: null },
    {
      connection_test: [
        { err: { code: 'unauthorized', message: 'The server refused the token (401).' } },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('conn-base-url').fill('https://billing.example.com/');
  await page.getByTestId('conn-token').fill('bad');
  await page.getByTestId('conn-org-ids').fill('org_acme');
  await page.getByTestId('conn-test').click();
  await expect(page.getByTestId('conn-test-result')).toHaveText(
    'The server refused the token (401).',
  );
});

test('first run: "Try demo data" switches to demo and labels it', async ({ page }) => {
  await mockTauri(page, { demo: false, connection: null });
  await page.goto('/');
  await page.getByTestId('try-demo').click();
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  expect(await argsOf(page, 'connection_use')).toEqual([{ name: null }]);
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('demo mode: "Add connection" opens the form', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('add-connection').click();
  await expect(page.getByTestId('connection-form')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
});

test('"Add connection" from the keyboard: the form takes the focus on its Name field, not the page', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('add conn');
  await expect(page.locator('[role=option][aria-selected=true]')).toHaveText('Add connection');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
  await expect(
    page.getByTestId('conn-name'),
    'the palette closed and the screen under it is gone: the focus is in the form',
  ).toBeFocused();
  await page.keyboard.type('Staging');
  await expect(page.getByTestId('conn-name')).toHaveValue('Staging');

  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('add-connection').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conn-name'), 'and from the header button').toBeFocused();
});

test('first run: the form is the start screen and takes no focus by itself', async ({ page }) => {
  await mockTauri(page, { demo: false, connection: null });
  await page.goto('/');
  await expect(page.getByTestId('connection-form')).toBeVisible();
  expect(
    await page.evaluate(() => document.activeElement === document.body),
    'read from the top, like any page',
  ).toBe(true);
});

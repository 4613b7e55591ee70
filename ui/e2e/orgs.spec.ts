import { expect, test } from './fixtures';
import { argsOf, mockTauri, numberedOrgs } from './tauri-mock';

test('organizations: switch, All organizations with its Organization column', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');

  const list = page.getByTestId('org-list');
  await expect(list.getByTestId('org-item-org_acme')).toContainText('ACME Europe');
  await expect(
    list.getByTestId('org-item-org_kuwait'),
    'no label: the ID is the name',
  ).toContainText('org_kuwait');
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  await expect(
    page.getByTestId('sort-org'),
    'All organizations shows the Organization column',
  ).toBeVisible();

  await page.getByTestId('org-item-org_tokyo').click();
  await expect(page.getByTestId('matched-count')).toHaveText('25');
  await expect(page.getByTestId('org-item-org_tokyo')).toHaveAttribute('aria-current', 'true');
  await expect(
    page.getByTestId('sort-org'),
    'one organization: no Organization column',
  ).toHaveCount(0);
  const queries = (await argsOf(page, 'invoices_query')) as { query: { orgs: string[] | null } }[];
  expect(queries.at(-1)?.query.orgs).toEqual(['org_tokyo']);

  await page.getByTestId('org-all').click();
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  const last = (await argsOf(page, 'invoices_query')).at(-1) as {
    query: { orgs: string[] | null };
  };
  expect(last.query.orgs, 'null = all loaded organizations').toBeNull();
});

test('organizations: add one with a label, paste many', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();

  await page.getByTestId('org-add-input').fill('org_new');
  await page.getByTestId('org-add-label').fill('New Co');
  await page.getByTestId('org-add-button').click();
  await expect(page.getByTestId('org-add-result')).toHaveText('Added 1');
  await expect(page.getByTestId('org-item-org_new')).toContainText('New Co');
  expect(await argsOf(page, 'orgs_add')).toEqual([{ text: 'org_new', label: 'New Co' }]);
  await expect
    .poll(async () => argsOf(page, 'fetch_orgs'), 'the added org is fetched')
    .toContainEqual({ orgIds: ['org_new'], force: false });

  await page.getByTestId('org-add-input').fill('org_a\norg_b, org_acme; bad/id');
  await page.getByTestId('org-add-input').press('Enter');
  await expect(page.getByTestId('org-add-result')).toHaveText(
    'Added 2 · 1 already saved · not valid: bad/id',
  );
  await expect(page.getByTestId('org-item-org_a')).toBeVisible();
  await expect(page.getByTestId('org-item-org_b')).toBeVisible();
  expect(
    (await argsOf(page, 'orgs_add'))[1],
    'pasted text goes to Rust as is, Rust splits it',
  ).toEqual({ text: 'org_a\norg_b, org_acme; bad/id', label: null });
});

test('organizations: rename from the keyboard sends the exact label and shows it everywhere', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('matched-count')).toHaveText('80');

  // Keyboard only: the Edit button follows its organization in the tab order.
  await page.getByTestId('org-item-org_acme').focus();
  await page.keyboard.press('Tab');
  const edit = page.getByTestId('org-edit-org_acme');
  await expect(edit).toBeFocused();
  await expect(edit, 'the button names its organization for screen readers').toHaveAccessibleName(
    'Edit ACME Europe',
  );
  await expect(edit).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(edit).toHaveAttribute('aria-expanded', 'true');
  const form = page.getByRole('form', { name: 'Edit organization ACME Europe' });
  const input = form.getByRole('textbox', { name: 'Label' });
  await expect(
    input,
    'the label field gets the focus, filled with the current label',
  ).toBeFocused();
  await expect(input).toHaveValue('ACME Europe');

  await input.fill('  ACME Holdings ');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('org-editor')).toHaveCount(0);
  await expect(page.getByTestId('org-item-org_acme').locator('.org-name')).toHaveText(
    'ACME Holdings',
  );
  expect(await argsOf(page, 'org_label'), 'one call, the label trimmed').toEqual([
    { orgId: 'org_acme', label: 'ACME Holdings' },
  ]);
  await expect(edit, 'the focus returns to where the user was').toBeFocused();
  const acmeRow = page.locator('[data-invoice-id="in_org_acme_000005"]');
  await expect(
    acmeRow.locator('.col-org'),
    'the Organization column shows the new label',
  ).toHaveText('ACME Holdings');
});

test('organizations: a cleared label is sent as null and the ID becomes the name', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-edit-org_tokyo').click();
  await page.getByTestId('org-label-input').fill('   ');
  await page.getByTestId('org-label-save').click();
  const item = page.getByTestId('org-item-org_tokyo');
  await expect(item.locator('.org-name')).toHaveText('org_tokyo');
  await expect(item.locator('.org-id'), 'the ID is not repeated under itself').toHaveCount(0);
  expect(await argsOf(page, 'org_label')).toEqual([{ orgId: 'org_tokyo', label: null }]);
});

test('organizations: Enter pressed at once after Escape reaches the Edit button again', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  const input = page.getByTestId('org-label-input');
  for (let round = 0; round < 3; round++) {
    await page.getByTestId('org-edit-org_acme').click();
    await expect(input).toBeFocused();
    // No wait for the focus in between: a keyboard user goes on at once.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await expect(input, `round ${round}: the editor opened again`).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('org-editor')).toHaveCount(0);
  }
});

test('organizations: Escape and Cancel leave the label as it was and send nothing', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-edit-org_acme').click();
  await page.getByTestId('org-label-input').fill('Not this');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('org-editor')).toHaveCount(0);
  await expect(page.getByTestId('org-edit-org_acme')).toBeFocused();

  await page.getByTestId('org-edit-org_acme').click();
  await expect(
    page.getByTestId('org-label-input'),
    'a new edit starts from the saved label',
  ).toHaveValue('ACME Europe');
  await page.getByTestId('org-edit-cancel').click();
  await expect(page.getByTestId('org-editor')).toHaveCount(0);
  await expect(page.getByTestId('org-item-org_acme').locator('.org-name')).toHaveText(
    'ACME Europe',
  );
  expect(await argsOf(page, 'org_label')).toEqual([]);
});

test('organizations: remove asks first, then removes, and the selected one falls back to All', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_tokyo').click();
  await expect(page.getByTestId('matched-count')).toHaveText('25');

  await page.getByTestId('org-edit-org_tokyo').click();
  await page.getByTestId('org-remove').click();
  const keep = page.getByTestId('org-remove-cancel');
  await expect(page.getByTestId('org-editor')).toContainText(
    'Remove Tokyo KK from the saved organizations?',
  );
  await expect(keep, 'the safe choice has the focus').toBeFocused();
  await page.keyboard.press('Escape');
  await expect(
    page.getByTestId('org-remove-confirm'),
    'Escape backs out of the confirmation only',
  ).toHaveCount(0);
  await expect(page.getByTestId('org-label-input')).toBeFocused();
  await page.getByTestId('org-remove').click();
  await keep.click();
  expect(await argsOf(page, 'org_remove'), 'nothing is removed before the confirmation').toEqual(
    [],
  );

  await page.getByTestId('org-remove').click();
  await page.getByTestId('org-remove-confirm').click();
  await expect(page.getByTestId('org-item-org_tokyo')).toHaveCount(0);
  expect(await argsOf(page, 'org_remove')).toEqual([{ orgId: 'org_tokyo' }]);
  await expect(page.getByTestId('org-all')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('org-all')).toBeFocused();
  await expect(
    page.getByTestId('matched-count'),
    'All organizations without Tokyo: 40 + 15',
  ).toHaveText('55');
  expect(
    ((await argsOf(page, 'invoices_query')).at(-1) as { query: { orgs: unknown } }).query.orgs,
  ).toBeNull();
});

test('organizations: removing one that is not shown keeps the current view', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await page.getByTestId('org-item-org_acme').click();
  await page.getByTestId('org-edit-org_kuwait').click();
  await page.getByTestId('org-remove').click();
  await page.getByTestId('org-remove-confirm').click();
  await expect(page.getByTestId('org-item-org_kuwait')).toHaveCount(0);
  await expect(page.getByTestId('org-item-org_acme')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('matched-count')).toHaveText('40');
});

test('organizations: errors of rename and remove show in the banner, Retry repeats the call', async ({
  page,
}) => {
  await mockTauri(
    page,
    {},
    {
      org_label: [
        { err: { code: 'settings', message: 'The settings file is read-only.' } },
        { backend: true },
      ],
      org_remove: [
        { err: { code: 'settings', message: 'The settings file could not be replaced.' } },
      ],
    },
  );
  await page.goto('/');
  await page.getByTestId('org-edit-org_acme').click();
  await page.getByTestId('org-label-input').fill('ACME Holdings');
  await page.getByTestId('org-label-save').click();
  const banner = page.getByTestId('org-editor').getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'settings');
  await expect(banner).toContainText('The settings file is read-only.');
  await expect(
    page.getByTestId('org-item-org_acme').locator('.org-name'),
    'a failed save changes nothing',
  ).toHaveText('ACME Europe');
  await expect(page.getByTestId('org-label-input'), 'what was typed is kept').toHaveValue(
    'ACME Holdings',
  );
  await banner.getByTestId('retry-button').click();
  await expect(page.getByTestId('org-item-org_acme').locator('.org-name')).toHaveText(
    'ACME Holdings',
  );
  expect(await argsOf(page, 'org_label')).toEqual([
    { orgId: 'org_acme', label: 'ACME Holdings' },
    { orgId: 'org_acme', label: 'ACME Holdings' },
  ]);

  await page.getByTestId('org-edit-org_tokyo').click();
  await page.getByTestId('org-remove').click();
  await page.getByTestId('org-remove-confirm').click();
  await expect(page.getByTestId('org-editor').getByTestId('error-banner')).toContainText(
    'The settings file could not be replaced.',
  );
  await expect(
    page.getByTestId('org-item-org_tokyo'),
    'a failed removal keeps the organization',
  ).toBeVisible();
  expect(await argsOf(page, 'org_remove')).toEqual([{ orgId: 'org_tokyo' }]);
});

test('organizations: a long fetch shows its progress, shows rows as they arrive, and Cancel stops it', async ({
  page,
}) => {
  // Three organizations, three seconds each.
  await mockTauri(page, { fetchMs: 9_000 });
  await page.goto('/');
  const progress = page.getByTestId('fetch-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('max', '3');
  await expect(progress, 'the first organization is done').toHaveAttribute('value', '1', {
    timeout: 8_000,
  });
  await expect(
    page.getByTestId('matched-count'),
    'its rows show while the batch goes on',
  ).toHaveText('40');
  await expect(page.getByTestId('org-item-org_acme')).not.toContainText('not loaded');

  await page.getByTestId('fetch-cancel').click();
  await expect.poll(async () => (await argsOf(page, 'fetch_cancel')).length).toBe(1);
  await expect(progress, 'the batch ended').toHaveCount(0);
  await expect(
    page.getByTestId('matched-count'),
    'the loaded organization stays; the cancelled ones add nothing',
  ).toHaveText('40');
  await expect(page.getByTestId('org-item-org_kuwait')).toContainText('not loaded');
  await expect(page.getByTestId('error-banner'), 'a cancel is not an error').toHaveCount(0);
});

test('organizations: when Rust answers slower than the live refresh, rows still show during a batch and a typed search applies', async ({
  page,
}) => {
  // 40 organizations over 16 s, each query takes 1.2 s: longer than the 750 ms between two
  // live refreshes, so a table that dropped every answer overtaken by a newer request would
  // show nothing until the batch ended.
  const orgs = numberedOrgs(40, 10);
  await mockTauri(page, { orgs, fetchMs: 16_000, queryMs: 1_200 });
  await page.goto('/');
  const progress = page.getByTestId('fetch-progress');
  await expect(progress).toBeVisible();
  await expect
    .poll(async () => Number(await page.getByTestId('matched-count').textContent()), {
      message: 'rows of loaded organizations show mid-batch',
      timeout: 8_000,
    })
    .toBeGreaterThan(0);
  await expect(progress, 'still mid-batch').toBeVisible();

  await page.getByTestId('search-input').pressSequentially('zz-none');
  await expect(page.getByTestId('matched-count'), 'the search typed mid-batch applies').toHaveText(
    '0',
    { timeout: 5_000 },
  );
  await expect(progress, 'before the batch ended').toBeVisible();
  await page.getByTestId('fetch-cancel').click();
  await expect(progress).toHaveCount(0);
});

test('organizations: a list of 1,000 is built in steps, and an organization of the last step selects and edits like the first', async ({
  page,
}) => {
  const orgs = numberedOrgs(1000, 1);
  await mockTauri(page, { orgs });
  await page.goto('/');
  const items = page.locator('[data-testid^="org-item-"]');
  await expect(items).toHaveCount(1000);
  await expect(items.last()).toHaveAttribute('data-testid', 'org-item-org_0999');

  await page.getByTestId('org-item-org_0999').click();
  await expect(page.getByTestId('org-item-org_0999')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('org-all')).not.toHaveAttribute('aria-current', 'true');

  await page.getByTestId('org-item-org_0000').click();
  await expect(page.getByTestId('org-item-org_0000')).toHaveAttribute('aria-current', 'true');
  await expect(
    page.getByTestId('org-item-org_0999'),
    'the selection left the last step',
  ).not.toHaveAttribute('aria-current', 'true');

  await page.getByTestId('org-edit-org_0999').click();
  await expect(page.getByTestId('org-label-input')).toBeFocused();
  await expect(page.getByTestId('org-edit-org_0999')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('org-editor')).toHaveCount(0);
  await expect(page.getByTestId('org-edit-org_0999')).toBeFocused();
  await expect(page.getByTestId('org-edit-org_0999')).toHaveAttribute('aria-expanded', 'false');
});

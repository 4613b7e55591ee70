import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

test('organizations: switch, All organizations with its Organization column', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');

  const list = page.getByTestId('org-list');
  await expect(list.getByTestId('org-item-org_acme')).toContainText('ACME Europe');
  await expect(list.getByTestId('org-item-org_kuwait'), 'no label: the ID is the name').toContainText('org_kuwait');
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  await expect(page.getByTestId('sort-org'), 'All organizations shows the Organization column').toBeVisible();

  await page.getByTestId('org-item-org_tokyo').click();
  await expect(page.getByTestId('matched-count')).toHaveText('25');
  await expect(page.getByTestId('org-item-org_tokyo')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('sort-org'), 'one organization: no Organization column').toHaveCount(0);
  const queries = (await argsOf(page, 'invoices_query')) as { query: { orgs: string[] | null } }[];
  expect(queries.at(-1)?.query.orgs).toEqual(['org_tokyo']);

  await page.getByTestId('org-all').click();
  await expect(page.getByTestId('matched-count')).toHaveText('80');
  const last = (await argsOf(page, 'invoices_query')).at(-1) as { query: { orgs: string[] | null } };
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
  await expect.poll(async () => argsOf(page, 'fetch_orgs'), 'the added org is fetched').toContainEqual({ orgIds: ['org_new'], force: false });

  await page.getByTestId('org-add-input').fill('org_a\norg_b, org_acme; bad/id');
  await page.getByTestId('org-add-input').press('Enter');
  await expect(page.getByTestId('org-add-result')).toHaveText('Added 2 · 1 already saved · not valid: bad/id');
  await expect(page.getByTestId('org-item-org_a')).toBeVisible();
  await expect(page.getByTestId('org-item-org_b')).toBeVisible();
  expect((await argsOf(page, 'orgs_add'))[1], 'pasted text goes to Rust as is, Rust splits it').toEqual({ text: 'org_a\norg_b, org_acme; bad/id', label: null });
});

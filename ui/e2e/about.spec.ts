/**
 * The About dialog: opened from the header's About button and from the command palette, it
 * names the app's versions, how updates come and its four folders (each opened through Rust by
 * its kind, a refusal shown inline), lists this run's recent errors, and copies Rust's
 * diagnostics text verbatim. It is a modal dialog: the focus stays inside, Escape closes it and
 * gives the focus back. The crash notice of the previous run copies the same diagnostics.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { argsOf, FAKE_BUILD, FAKE_FOLDERS, mockTauri, type FakeConnection } from './tauri-mock';
import type { RecentError } from '../src/bindings/RecentError';

const dialog = (page: Page) => page.getByRole('dialog', { name: 'About Billing Desk' });

const twoConnections = (): FakeConnection[] => [
  { name: 'Production', baseUrl: 'https://billing.example.com/' },
  { name: 'Staging', baseUrl: 'https://staging.example.com/api/', token: 'missing' },
];

const ERRORS: RecentError[] = [
  {
    at: '2025-05-31T14:02:07Z',
    code: 'network',
    message: 'The billing service could not be reached (connection refused).',
    count: 3,
  },
  {
    at: '2025-05-31T13:58:41Z',
    code: 'unauthorized',
    message: 'The server refused the token (HTTP 401).',
    count: 1,
  },
];

/** What Rust's `diagnostics_text` writes for the Production connection with {@link ERRORS}. */
const PRODUCTION_DIAGNOSTICS = [
  `Billing Desk 9.8.7 (commit ${FAKE_BUILD.commit})`,
  `Tauri ${FAKE_BUILD.tauri}, web view ${FAKE_BUILD.webview}`,
  `OS: ${FAKE_BUILD.os}`,
  'Updates: not part of this build; install new versions with your package manager',
  'Folders:',
  '  settings: /home/me/.config/billing-desk',
  '  data: /home/me/.local/share/billing-desk',
  '  cache: /home/me/.cache/billing-desk',
  '  logs: /home/me/.local/state/billing-desk/logs',
  'Connections (2):',
  '  * Production https://billing.example.com/ (3 organizations)',
  '  Staging https://staging.example.com/api/ (3 organizations)',
  'On screen: connection "Production", 3 organizations, 80 invoices loaded',
  'Recent errors (2):',
  '  2025-05-31T14:02:07Z network (x3): The billing service could not be reached (connection refused).',
  '  2025-05-31T13:58:41Z unauthorized: The server refused the token (HTTP 401).',
  '',
].join('\n');

async function loaded(
  page: Page,
  backend: Parameters<typeof mockTauri>[1] = {},
  script: Parameters<typeof mockTauri>[2] = {},
) {
  await mockTauri(page, backend, script);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
}

/** Ctrl+K, and the palette's combobox has the focus: what is typed next goes into it. */
async function openPalette(page: Page) {
  await page.keyboard.press('Control+k');
  await expect(
    page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox'),
  ).toBeFocused();
}

async function openFromHeader(page: Page) {
  await page.getByTestId('about-button').click();
  await expect(dialog(page)).toBeVisible();
  await expect(page.getByTestId('about-version')).toBeVisible();
}

test('the header’s About button opens the dialog: versions, updates, the four folders, no errors yet', async ({
  page,
}) => {
  await loaded(page);
  await expect(page.getByRole('button', { name: 'About' })).toHaveAttribute(
    'aria-haspopup',
    'dialog',
  );
  await openFromHeader(page);
  await expect(dialog(page)).toHaveAttribute('aria-modal', 'true');
  await expect(dialog(page)).toHaveAttribute('data-testid', 'about-dialog');
  await expect(page.getByTestId('about-version')).toHaveText(
    `Billing Desk 9.8.7 (commit ${FAKE_BUILD.commit})`,
  );
  await expect(dialog(page)).toContainText(
    `Tauri ${FAKE_BUILD.tauri}, web view ${FAKE_BUILD.webview}`,
  );
  await expect(dialog(page)).toContainText(`OS: ${FAKE_BUILD.os}`);
  await expect(page.getByTestId('about-updates')).toHaveText(
    'Updates are not part of this build: install new versions with your package manager.',
  );
  await expect(
    page.getByTestId('about-update-check'),
    'nothing to check in this build',
  ).toHaveCount(0);

  const labels = { config: 'Settings', data: 'Data', cache: 'Cache', logs: 'Logs' } as const;
  await expect(dialog(page).locator('.about-folder')).toHaveCount(4);
  for (const folder of FAKE_FOLDERS) {
    const row = page.getByTestId(`about-folder-${folder.kind}`);
    await expect(row.locator('.about-folder-label')).toHaveText(labels[folder.kind]);
    await expect(row.locator('code')).toHaveText(folder.path);
    await expect(page.getByTestId(`about-folder-open-${folder.kind}`)).toHaveAccessibleName(
      `Open the ${labels[folder.kind].toLowerCase()} folder`,
    );
  }
  // The paths are text a user can select and copy.
  expect(
    await page
      .getByTestId('about-folder-logs')
      .locator('code')
      .evaluate((element) => getComputedStyle(element).userSelect),
  ).not.toBe('none');

  await expect(page.getByTestId('about-errors')).toHaveText('No errors since the app started.');
  await expect(page.getByTestId('about-diagnostics'), 'the diagnostics are collapsed').toBeHidden();
  expect(await argsOf(page, 'about_info')).toEqual([{}]);
});

test('Escape closes the dialog and gives the focus back to the About button; Tab stays inside', async ({
  page,
}) => {
  await loaded(page);
  await page.getByTestId('about-button').focus();
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page), 'the dialog takes the focus').toBeFocused();
  await expect(page.getByTestId('about-copy')).toBeVisible();

  // Every Tab lands inside, through every control and round again.
  const seen = new Set<string>();
  for (let press = 0; press < 12; press++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() =>
      Boolean(document.activeElement?.closest('[data-testid=about-dialog]')),
    );
    expect(inside, `Tab ${press + 1} stays in the dialog`).toBe(true);
    seen.add(
      await page.evaluate(
        () =>
          document.activeElement?.getAttribute('data-testid') ??
          document.activeElement?.textContent ??
          '',
      ),
    );
  }
  expect([...seen]).toEqual(
    expect.arrayContaining([
      'about-folder-open-config',
      'about-folder-open-logs',
      'about-copy',
      'Show diagnostics',
      'about-close',
    ]),
  );
  await page.keyboard.press('Shift+Tab');
  expect(
    await page.evaluate(() =>
      Boolean(document.activeElement?.closest('[data-testid=about-dialog]')),
    ),
    'Shift+Tab too',
  ).toBe(true);

  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId('about-button')).toBeFocused();

  await openFromHeader(page);
  await page.getByTestId('about-close').click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByTestId('about-button'), 'Close gives the focus back too').toBeFocused();
});

test('the palette’s "About Billing Desk" opens the dialog; Escape goes back to where the keyboard was', async ({
  page,
}) => {
  await loaded(page);
  await openPalette(page);
  await page.keyboard.type('about');
  await expect(page.locator('[role=option][aria-selected=true]')).toHaveText('About Billing Desk');
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeVisible();
  await expect(page.getByTestId('about-version')).toContainText('Billing Desk 9.8.7');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await expect(
    page.getByTestId('about-button'),
    'opened from nowhere in particular: the About button',
  ).toBeFocused();
});

// Escape comes as soon as the dialog shows: the dialog has the focus from its first paint. The
// way back is found when the dialog closes, as the grid's active cell (its invoice and column),
// since the grid may re-render its rows while the palette and the dialog are open.
test('opened from the palette over the grid, Escape gives the focus back to that grid cell', async ({
  page,
}) => {
  await loaded(page);
  const cell = page.locator('[data-invoice-id="in_org_acme_000002"] [role=gridcell]').first();
  await cell.click();
  await openPalette(page);
  await page.keyboard.type('about billing');
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(cell, 'back on the grid cell the palette was opened from').toBeFocused();
});

test('the cell scrolled out of the DOM under the palette and the dialog: Escape still finds it by its invoice', async ({
  page,
}) => {
  await loaded(page);
  const row = page.locator('[data-invoice-id="in_org_acme_000002"]');
  const cell = row.getByRole('gridcell').nth(1);
  await cell.click();
  await openPalette(page);
  const grid = page.getByTestId('invoice-table');
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(row, 'the row left the DOM').toHaveCount(0);
  await page.keyboard.type('about billing');
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeFocused();
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await expect(cell, 'scrolled back to and focused').toBeFocused();
});

test('Open shows a folder through Rust by its kind; a refusal shows in the dialog', async ({
  page,
}) => {
  const refusal =
    'The folder /home/me/.cache/billing-desk cannot be created: Permission denied (os error 13).';
  await loaded(
    page,
    {},
    { 'folder_open {"kind":"cache"}': [{ err: { code: 'internal', message: refusal } }] },
  );
  await openFromHeader(page);

  await page.getByRole('button', { name: 'Open the logs folder' }).click();
  await expect(page.getByTestId('about-folder-status')).toHaveText(
    'Opened the logs folder /home/me/.local/state/billing-desk/logs.',
  );
  expect(await argsOf(page, 'folder_open')).toEqual([{ kind: 'logs' }]);
  await expect(page.getByTestId('about-folder-error')).toHaveCount(0);

  await page.getByTestId('about-folder-open-cache').click();
  const alert = dialog(page).getByRole('alert');
  await expect(alert).toHaveText(refusal);
  await expect(alert).toHaveAttribute('data-testid', 'about-folder-error');
  expect(await argsOf(page, 'folder_open')).toEqual([{ kind: 'logs' }, { kind: 'cache' }]);
  await expect(dialog(page), 'the dialog stays open').toBeVisible();

  await page.getByTestId('about-folder-open-config').click();
  await expect(
    page.getByTestId('about-folder-error'),
    'a later Open that works clears the refusal',
  ).toHaveCount(0);
  await expect(page.getByTestId('about-folder-status')).toHaveText(
    'Opened the settings folder /home/me/.config/billing-desk.',
  );
  expect((await argsOf(page, 'folder_open')).at(-1)).toEqual({ kind: 'config' });
});

test('recent errors: time in the user’s locale, code, message and how many times', async ({
  page,
}) => {
  await loaded(page, { recentErrors: ERRORS });
  await openFromHeader(page);
  const items = page.getByTestId('about-errors').getByRole('listitem');
  await expect(items).toHaveCount(2);
  const local = await page.evaluate(
    (at) =>
      at.map((iso) =>
        new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
          Date.parse(iso),
        ),
      ),
    ERRORS.map((error) => error.at),
  );
  await expect(items.nth(0)).toHaveText(
    `${local[0]} network The billing service could not be reached (connection refused). ×3`,
  );
  await expect(items.nth(0).locator('time')).toHaveAttribute('datetime', ERRORS[0]!.at);
  await expect(items.nth(1)).toHaveText(
    `${local[1]} unauthorized The server refused the token (HTTP 401).`,
  );
  await expect(items.nth(1).getByTestId('about-error-count'), 'no ×1').toHaveCount(0);
  await expect(page.getByTestId('about-errors')).not.toContainText('No errors');
});

test('Copy diagnostics puts exactly Rust’s text on the clipboard and says Copied; Show diagnostics shows it', async ({
  page,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await loaded(page, {
    demo: false,
    connection: 'Production',
    connections: twoConnections(),
    recentErrors: ERRORS,
  });
  await openFromHeader(page);

  const copied = page.getByTestId('about-copied');
  await expect(copied, 'a polite live region, there before it speaks').toHaveAttribute(
    'role',
    'status',
  );
  await expect(copied).toHaveText('');
  await page.getByTestId('about-copy').click();
  await expect(copied).toHaveText('Copied');
  expect(
    await page.evaluate(() => navigator.clipboard.readText()),
    'the diagnostics, verbatim',
  ).toBe(PRODUCTION_DIAGNOSTICS);

  const shown = page.getByTestId('about-diagnostics');
  await expect(shown).toBeHidden();
  await dialog(page).getByText('Show diagnostics').click();
  await expect(shown).toBeVisible();
  expect(await shown.evaluate((element) => element.tagName)).toBe('PRE');
  expect(await shown.textContent(), 'what the user would send').toBe(PRODUCTION_DIAGNOSTICS);
  await expect(shown, 'names and addresses, never a token').not.toContainText('sk_');
});

test('the crash notice says the app stopped last time and copies the diagnostics', async ({
  page,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await loaded(page, {
    demo: false,
    connection: 'Production',
    connections: twoConnections(),
    recentErrors: ERRORS,
    lastCrash: {
      at: '2026-11-03T14:02:00Z',
      program: 'billing-desk',
      version: '9.8.7',
      message: 'index out of bounds',
      location: 'src/x.rs:7',
      thread: 'main',
    },
  });
  const notice = page.getByTestId('crash-report');
  await expect(notice).toContainText('Billing Desk stopped unexpectedly last time');
  await expect(notice).toContainText('version 9.8.7');
  expect(await argsOf(page, 'about_info'), 'asked only when the user copies').toEqual([]);

  await notice.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByTestId('crash-report-copied')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(PRODUCTION_DIAGNOSTICS);
  expect(await argsOf(page, 'about_info')).toEqual([{}]);
  await expect(dialog(page), 'the notice copies without opening the dialog').toHaveCount(0);
});

test('the crash notice shows why the diagnostics could not be read', async ({ page }) => {
  await loaded(
    page,
    {
      lastCrash: {
        at: '2026-11-03T14:02:00Z',
        program: 'billing-desk',
        version: '9.8.7',
        message: 'boom',
        location: null,
        thread: null,
      },
    },
    {
      about_info: [
        { err: { code: 'internal', message: 'The diagnostics could not be gathered.' } },
      ],
    },
  );
  await page.getByTestId('crash-report-copy').click();
  await expect(page.getByTestId('crash-report-copy-error')).toHaveText(
    'The diagnostics could not be gathered.',
  );
  await expect(page.getByTestId('crash-report-copied')).toHaveText('');
});

/**
 * Updates in the About dialog and the header: one sentence per status (an alert when
 * something failed), the buttons each status allows (check, download, install), progress
 * while downloading, and the header's "Update" button whenever a newer version is offered,
 * from the start-up snapshot, an `update-status` event or a check run from About. The times
 * are the user's: this file runs in Berlin with British English.
 */
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { argsOf, emitEvent, FAKE_UPDATE_SERVER, mockTauri, rustUpdateStatus } from './tauri-mock';
import type { UpdateStatus } from '../src/bindings/UpdateStatus';

test.use({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });

const dialog = (page: Page) => page.getByRole('dialog', { name: 'About Billing Desk' });
const sentence = (page: Page) => page.getByTestId('about-updates');
const checkButton = (page: Page) => page.getByTestId('about-update-check');
const downloadButton = (page: Page) => page.getByTestId('about-update-download');
const installButton = (page: Page) => page.getByTestId('about-update-install');
const headerUpdate = (page: Page) => page.getByTestId('header-update');

const NOT_CHECKED: UpdateStatus = { state: 'notChecked', server: FAKE_UPDATE_SERVER };
const OFFER = {
  version: '9.9.0',
  notes: 'Faster exports.\nThe PDF archive <b>keeps</b> older copies.',
};

async function loaded(
  page: Page,
  backend: Parameters<typeof mockTauri>[1] = {},
  script: Parameters<typeof mockTauri>[2] = {},
) {
  await mockTauri(page, backend, script);
  await page.goto('/');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
}

async function openAbout(page: Page) {
  await page.getByTestId('about-button').click();
  await expect(dialog(page)).toBeVisible();
  await expect(sentence(page)).toBeVisible();
}

/** The buttons the Updates part shows, by test id. */
async function buttonsShown(page: Page): Promise<string[]> {
  return dialog(page)
    .locator('.about-updates button')
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
}

test('not part of this build: the package manager brings new versions; nothing to check, nothing in the header', async ({
  page,
}) => {
  await loaded(page);
  await openAbout(page);
  await expect(sentence(page)).toHaveText(
    'Updates are not part of this build: install new versions with your package manager.',
  );
  await expect(sentence(page)).toHaveAttribute('role', 'status');
  expect(await buttonsShown(page)).toEqual([]);
  await expect(headerUpdate(page)).toHaveCount(0);
});

test('checks turned off: the reason, no check button, and About never asks the server', async ({
  page,
}) => {
  await loaded(page, {
    updates: { state: 'off', reason: 'turned off by IT in /etc/billing-desk/policy.toml' },
  });
  await openAbout(page);
  await expect(sentence(page)).toHaveText(
    'Update checks are off: turned off by IT in /etc/billing-desk/policy.toml.',
  );
  expect(await buttonsShown(page)).toEqual([]);
  await expect(headerUpdate(page)).toHaveCount(0);
  expect(await argsOf(page, 'update_check')).toEqual([]);
});

test('not checked yet, then a check finds nothing newer: the server and the local time of the check', async ({
  page,
}) => {
  // Long enough to see the check under way.
  await loaded(page, { updates: NOT_CHECKED, updateStepMs: 600 });
  await openAbout(page);
  await expect(sentence(page)).toHaveText(`Not checked yet (${FAKE_UPDATE_SERVER}).`);
  expect(await buttonsShown(page)).toEqual(['about-update-check']);
  await expect(checkButton(page)).toHaveText('Check for updates');

  await checkButton(page).click();
  await expect(sentence(page)).toHaveText(`Checking ${FAKE_UPDATE_SERVER} for updates…`);
  await expect(checkButton(page), 'one check at a time').toBeDisabled();
  expect(
    await page.evaluate(() =>
      Boolean(document.activeElement?.closest('[data-testid=about-dialog]')),
    ),
  ).toBe(true);

  // 2025-06-01T00:00:00Z is 02:00 in Berlin.
  await expect(sentence(page)).toHaveText(
    `Billing Desk is up to date (checked ${FAKE_UPDATE_SERVER} at 1 Jun 2025, 02:00).`,
  );
  await expect(sentence(page)).toHaveAttribute('role', 'status');
  await expect(checkButton(page)).toBeEnabled();
  expect(await buttonsShown(page)).toEqual(['about-update-check']);
  await expect(headerUpdate(page)).toHaveCount(0);
  expect(await argsOf(page, 'update_check')).toEqual([{}]);

  // Escape still closes the dialog: the focus never fell out of it.
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
});

test('a check from About finds a version: its notes as text, the header offers it, download, verified, not a package', async ({
  page,
}) => {
  await loaded(page, { updates: NOT_CHECKED, updateOffer: OFFER, updateStepMs: 400 });
  await expect(headerUpdate(page)).toHaveCount(0);
  await openAbout(page);
  await checkButton(page).click();

  await expect(sentence(page)).toHaveText('Version 9.9.0 is available.');
  await expect(page.getByTestId('about-update-notes'), 'notes are text, never markup').toHaveText(
    OFFER.notes,
  );
  await expect(page.getByTestId('about-update-notes').locator('b')).toHaveCount(0);
  expect(await buttonsShown(page)).toEqual(['about-update-check', 'about-update-download']);
  await expect(downloadButton(page)).toHaveText('Download version 9.9.0');
  await expect(headerUpdate(page), 'the header follows what About did').toHaveText('Update 9.9.0');

  await downloadButton(page).click();
  await expect(sentence(page)).toHaveText(/^Downloading version 9\.9\.0… \d+%$/);
  await expect(page.getByTestId('about-update-progress')).toHaveAttribute(
    'max',
    String(4 * 1024 * 1024),
  );
  await expect(page.getByTestId('about-update-progress')).toHaveAccessibleName(
    'Downloading version 9.9.0',
  );
  await expect(downloadButton(page), 'the offer is being taken').toHaveCount(0);
  await expect(checkButton(page), 'no check in the middle of a download').toBeDisabled();
  expect(
    await page.evaluate(() =>
      Boolean(document.activeElement?.closest('[data-testid=about-dialog]')),
    ),
    'the focus stays in the dialog when Download goes',
  ).toBe(true);

  await expect(sentence(page)).toHaveText(
    'Version 9.9.0 is downloaded and its signature verified. This copy was not installed from a package: install it with your package manager.',
  );
  await expect(page.getByTestId('about-update-progress')).toHaveCount(0);
  expect(await buttonsShown(page), 'no install outside a package').toEqual(['about-update-check']);
  await expect(headerUpdate(page)).toHaveText('Update 9.9.0');
  expect(await argsOf(page, 'update_download')).toEqual([{}]);
  expect(await argsOf(page, 'update_install')).toEqual([]);
});

test('the header’s Update button appears on an update-status event and opens About on the offer', async ({
  page,
}) => {
  await loaded(page, { updates: NOT_CHECKED });
  await expect(headerUpdate(page)).toHaveCount(0);

  // The check Rust runs at start ends after the window has shown.
  await rustUpdateStatus(page, { state: 'checking', server: FAKE_UPDATE_SERVER });
  await rustUpdateStatus(page, { state: 'available', version: '9.1.0', notes: null });
  await expect(headerUpdate(page)).toHaveText('Update 9.1.0');
  await expect(headerUpdate(page)).toHaveAccessibleName(
    'Update 9.1.0: Billing Desk 9.1.0 is available, open About',
  );
  await expect(headerUpdate(page)).toHaveAttribute('aria-haspopup', 'dialog');

  await headerUpdate(page).click();
  await expect(dialog(page)).toBeVisible();
  await expect(sentence(page)).toHaveText('Version 9.1.0 is available.');
  await expect(page.getByTestId('about-update-notes')).toHaveCount(0);
  await expect(downloadButton(page)).toHaveText('Download version 9.1.0');

  // Events keep the open dialog live too (here one alone, without the fake's state).
  await emitEvent(page, 'update-status', {
    state: 'downloading',
    version: '9.1.0',
    received: 3_500_000,
    total: null,
  });
  await expect(sentence(page), 'the size unknown: the bytes so far').toHaveText(
    'Downloading version 9.1.0… 3.3 MB',
  );
  await expect(page.getByTestId('about-update-progress')).not.toHaveAttribute('value', /.*/);

  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await expect(headerUpdate(page), 'while downloading the header waits').toHaveCount(0);
  await expect(
    page.getByTestId('about-button'),
    'the Update button is gone: About takes the focus',
  ).toBeFocused();
});

test('a version found by the check at start shows in the header from the first answer', async ({
  page,
}) => {
  await loaded(page, { updates: { state: 'verified', version: '9.2.0', installable: true } });
  await expect(headerUpdate(page)).toHaveText('Update 9.2.0');
  await expect(headerUpdate(page)).toHaveAccessibleName(
    'Update 9.2.0: Billing Desk 9.2.0 is downloaded, open About',
  );
});

test('verified in a package: Install and restart asks Rust to install', async ({ page }) => {
  await loaded(page, {
    updates: { state: 'verified', version: '9.2.0', installable: true },
    updateInstallable: true,
  });
  await openAbout(page);
  await expect(sentence(page)).toHaveText(
    'Version 9.2.0 is downloaded and its signature verified.',
  );
  expect(await buttonsShown(page)).toEqual(['about-update-check', 'about-update-install']);
  await expect(installButton(page)).toHaveText('Install and restart');
  await installButton(page).click();
  await expect.poll(() => argsOf(page, 'update_install')).toEqual([{}]);
  await expect(sentence(page)).toHaveText(
    'Version 9.2.0 is downloaded and its signature verified.',
  );
});

test('a refused install shows Rust’s sentence as an alert, and Install stays to try again', async ({
  page,
}) => {
  const message = 'Version 9.2.0 could not be installed: the password prompt was cancelled.';
  await loaded(
    page,
    {
      updates: { state: 'verified', version: '9.2.0', installable: true },
      updateInstallable: true,
    },
    { update_install: [{ err: { code: 'update', message } }] },
  );
  await openAbout(page);
  await installButton(page).click();
  await expect(sentence(page)).toHaveText(message);
  await expect(sentence(page)).toHaveAttribute('role', 'alert');
  await expect(dialog(page).getByRole('alert')).toHaveText(message);
  await expect(installButton(page)).toBeEnabled();

  // A new status replaces the refusal.
  await checkButton(page).click();
  await expect(sentence(page)).toHaveText(/^Billing Desk is up to date/);
  await expect(sentence(page)).toHaveAttribute('role', 'status');
});

test('a failed check or download is an alert with Rust’s sentence, and offers another check', async ({
  page,
}) => {
  const message = `Version 9.9.0 was refused: its signature does not verify with this build's update key (invalid signature). Nothing was installed.`;
  await loaded(page, { updates: { state: 'failed', message }, updateOffer: OFFER });
  await openAbout(page);
  await expect(sentence(page)).toHaveText(message);
  await expect(sentence(page)).toHaveAttribute('role', 'alert');
  expect(await buttonsShown(page)).toEqual(['about-update-check']);
  await expect(headerUpdate(page)).toHaveCount(0);

  await checkButton(page).click();
  await expect(sentence(page)).toHaveText('Version 9.9.0 is available.');
  await expect(sentence(page)).toHaveAttribute('role', 'status');
  await expect(headerUpdate(page)).toHaveText('Update 9.9.0');
});

test('Copy diagnostics names where updates stand, as Rust describes it', async ({ page }) => {
  await loaded(page, { updates: { state: 'available', version: '9.9.0', notes: null } });
  await openAbout(page);
  await dialog(page).getByText('Show diagnostics').click();
  await expect(page.getByTestId('about-diagnostics')).toContainText('Updates: 9.9.0 available\n');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the header’s Update button and About’s offer, download and failure pass axe (${colorScheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await loaded(page, {
      updates: { state: 'available', version: OFFER.version, notes: OFFER.notes },
      updateStepMs: 10_000,
    });
    await expect(headerUpdate(page)).toBeVisible();
    await expectAccessible(page, `header with Update (${colorScheme})`);
    await headerUpdate(page).click();
    await expect(downloadButton(page)).toBeVisible();
    await expectAccessible(page, `About with an offer (${colorScheme})`);
    await downloadButton(page).click();
    await expect(page.getByTestId('about-update-progress')).toBeVisible();
    await expectAccessible(page, `About downloading (${colorScheme})`);
    await emitEvent(page, 'update-status', {
      state: 'failed',
      message: 'The download of version 9.9.0 failed: connection reset.',
    });
    await expect(sentence(page)).toHaveAttribute('role', 'alert');
    await expectAccessible(page, `About with a failure (${colorScheme})`);
  });
}

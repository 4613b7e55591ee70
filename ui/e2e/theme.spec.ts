/**
 * The Theme menu in the header: a chosen theme wins over the OS setting (emulated with
 * `colorScheme`), System follows the OS, also when it changes while the app runs, the choice
 * is saved through `prefs_set` and shown at the next start, and each palette passes axe
 * however it was reached. The expected colours are read from styles.css, like the contrast test.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseHex, themeTokens } from '../src/theme/contrast';
import type { Scheme } from '../src/theme/scheme';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

const tokens = themeTokens(readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8'));

/** What the page looks like in `scheme`: its background as computed styles write it, and the scheme form controls use. */
const looks = (scheme: Scheme) => ({
  background: `rgb(${parseHex(tokens[scheme].bg!).join(', ')})`,
  colorScheme: scheme,
});

/** What the page looks like now. */
const shown = (page: Page) =>
  page.evaluate(() => ({
    background: getComputedStyle(document.body).backgroundColor,
    colorScheme: getComputedStyle(document.documentElement).colorScheme,
  }));

type PrefsArgs = { ui: { columns: unknown[]; theme: string } };

/** The themes sent to `prefs_set` so far, in order. */
const savedThemes = async (page: Page) =>
  ((await argsOf(page, 'prefs_set')) as PrefsArgs[]).map((args) => args.ui.theme);

const themeMenu = (page: Page) => page.getByRole('combobox', { name: 'Theme' });

test('the palettes differ, so each check below tells them apart', () => {
  expect(looks('dark').background).not.toBe(looks('light').background);
});

test.describe('with the OS in light mode', () => {
  test.use({ colorScheme: 'light' });

  test('choosing Dark shows the dark palette at once and saves the choice; System goes back to the OS', async ({
    page,
  }) => {
    await mockTauri(page);
    await page.goto('/');
    const menu = themeMenu(page);
    await expect(menu).toHaveAttribute('data-testid', 'theme-select');
    await expect(menu, 'nothing saved yet: the OS decides').toHaveValue('system');
    await expect.poll(() => shown(page)).toEqual(looks('light'));

    await menu.selectOption('dark');
    await expect
      .poll(() => shown(page), 'Dark wins over the light OS, form controls included')
      .toEqual(looks('dark'));
    await expect.poll(() => savedThemes(page)).toEqual(['dark']);
    const [saved] = (await argsOf(page, 'prefs_set')) as PrefsArgs[];
    expect(saved?.ui.columns, 'choosing a theme leaves the saved columns as they were').toEqual([]);

    await menu.selectOption('system');
    await expect.poll(() => shown(page)).toEqual(looks('light'));
    await expect.poll(() => savedThemes(page)).toEqual(['dark', 'system']);
  });

  test('a saved Dark theme is shown from the start, over the OS, without saving it again', async ({
    page,
  }) => {
    await mockTauri(page, { ui: { columns: [], theme: 'dark' } });
    await page.goto('/');
    await expect(themeMenu(page)).toHaveValue('dark');
    await expect.poll(() => shown(page)).toEqual(looks('dark'));
    await expect(page.getByTestId('invoice-row').first()).toBeVisible();
    expect(await savedThemes(page), 'starting up only reads the preferences').toEqual([]);
  });

  test('the chosen theme stays on the Connections screen and back on the invoices', async ({
    page,
  }) => {
    await mockTauri(page);
    await page.goto('/');
    await themeMenu(page).selectOption('dark');
    await page.getByTestId('connections-button').click();
    await expect(page.getByTestId('connections-screen')).toBeVisible();
    await expect.poll(() => shown(page)).toEqual(looks('dark'));
    await page.getByTestId('connections-close').click();
    await expect(
      themeMenu(page),
      'the desk starts again from the choice, not from the settings read at launch',
    ).toHaveValue('dark');
    await expect.poll(() => shown(page)).toEqual(looks('dark'));
  });

  test('a failed save says so and keeps the theme on screen; Retry saves it', async ({ page }) => {
    await mockTauri(
      page,
      {},
      {
        prefs_set: [
          { err: { code: 'settings', message: 'The settings file could not be written.' } },
          { backend: true },
        ],
      },
    );
    await page.goto('/');
    await themeMenu(page).selectOption('dark');
    const banner = page.getByTestId('error-banner');
    await expect(banner).toContainText('The settings file could not be written.');
    await expect
      .poll(() => shown(page), 'the choice applies even though it is not saved yet')
      .toEqual(looks('dark'));
    await banner.getByTestId('retry-button').click();
    await expect(banner).toHaveCount(0);
    expect(await savedThemes(page)).toEqual(['dark', 'dark']);
  });

  test('axe: the dark palette chosen against a light OS', async ({ page }) => {
    await mockTauri(page);
    await page.goto('/');
    await themeMenu(page).selectOption('dark');
    await expect.poll(() => shown(page)).toEqual(looks('dark'));
    await expect(page.getByTestId('invoice-row').first()).toBeVisible();
    await expectAccessible(page, 'Dark chosen, light OS');
  });
});

test.describe('with the OS in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('System follows the OS while the app runs; Light stays light whatever the OS does', async ({
    page,
  }) => {
    await mockTauri(page);
    await page.goto('/');
    await expect(themeMenu(page)).toHaveValue('system');
    await expect.poll(() => shown(page)).toEqual(looks('dark'));
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => shown(page), 'the OS switched to light').toEqual(looks('light'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => shown(page), 'and back to dark').toEqual(looks('dark'));

    await themeMenu(page).selectOption('light');
    await expect.poll(() => shown(page)).toEqual(looks('light'));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect
      .poll(() => shown(page), 'a chosen theme ignores the OS switching')
      .toEqual(looks('light'));
    await expect.poll(() => savedThemes(page)).toEqual(['light']);
  });

  test('axe: the light palette chosen against a dark OS', async ({ page }) => {
    await mockTauri(page);
    await page.goto('/');
    await themeMenu(page).selectOption('light');
    await expect.poll(() => shown(page)).toEqual(looks('light'));
    await expect(page.getByTestId('invoice-row').first()).toBeVisible();
    await expectAccessible(page, 'Light chosen, dark OS');
  });
});

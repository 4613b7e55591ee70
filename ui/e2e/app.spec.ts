import { expect, problems, test } from './fixtures';
import { ipcCalls, mockTauri } from './tauri-mock';

test('the header shows the version and the Demo label from app_info, and no connection name', async ({
  page,
}) => {
  await mockTauri(page, { version: '9.8.7', demo: true });
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing Desk');
  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7');
  await expect(page.getByTestId('demo-badge'), 'demo data is labelled as such').toHaveText('Demo');
  await expect(
    page.getByTestId('connection-name'),
    'no connection is named in demo mode',
  ).toHaveCount(0);
  await expect(
    page.getByTestId('add-connection'),
    'demo mode offers a real connection',
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Demo organizations' })).toBeVisible();
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  const commands = (await ipcCalls(page)).map((call) => call.cmd);
  expect(commands.slice(0, 2), 'start-up asks Rust what to show first').toEqual([
    'app_info',
    'settings_get',
  ]);
});

test('with a real connection there is no Demo label and the connection is named', async ({
  page,
}) => {
  await mockTauri(page, { demo: false, connection: 'Production' });
  await page.goto('/');

  await expect(page.getByTestId('connection-name')).toHaveText('Production');
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
  await expect(page.getByTestId('add-connection'), 'only demo mode shows the button').toHaveCount(
    0,
  );
});

test("a start-up error shows Rust's message in an alert, and Retry asks again", async ({
  page,
}) => {
  await mockTauri(
    page,
    {},
    {
      app_info: [
        { err: { code: 'internal', message: 'Billing Desk could not read its version.' } },
        { backend: true },
      ],
    },
  );
  await page.goto('/');

  const alert = page.getByTestId('error-banner');
  await expect(alert).toContainText('Billing Desk could not read its version.');
  await expect(alert).toHaveAttribute('data-code', 'internal');
  await alert.getByTestId('retry-button').click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7');
  expect((await ipcCalls(page)).filter((call) => call.cmd === 'app_info').length).toBe(2);
});

test("a refusal by Tauri itself shows a sentence for the user, not Tauri's text", async ({
  page,
}) => {
  await mockTauri(
    page,
    {},
    {
      app_info: [
        { err: 'app_info not allowed. Permissions associated with this command: allow-app-info' },
      ],
    },
  );
  await page.goto('/');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not complete this request');
  await expect(alert).not.toContainText('Permissions');
});

test('a settings warning from Rust is shown', async ({ page }) => {
  await mockTauri(page, {
    settingsWarning: 'Your settings file was damaged; a copy was saved as settings.toml.bak.',
  });
  await page.goto('/');
  await expect(page.getByTestId('settings-warning')).toContainText('settings.toml.bak');
});

test('a crash of the previous run is reported once, with its message, until dismissed', async ({
  page,
}) => {
  await mockTauri(page, {
    lastCrash: {
      at: '2026-11-03T14:02:00Z',
      program: 'billing-desk',
      version: '9.8.7',
      message: 'index out of bounds <b>x</b>',
      location: 'src/x.rs:7',
      thread: 'main',
    },
  });
  await page.goto('/');
  const notice = page.getByTestId('crash-report');
  await expect(notice).toContainText('stopped unexpectedly');
  await expect(notice).toContainText('version 9.8.7');
  await expect(page.getByTestId('crash-report-message')).toHaveText(
    'index out of bounds <b>x</b> (src/x.rs:7)',
  );
  await page.getByTestId('crash-report-dismiss').click();
  await expect(notice).toHaveCount(0);
});

test('without a crash report there is no crash notice', async ({ page }) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('app-version')).toBeVisible();
  await expect(page.getByTestId('crash-report')).toHaveCount(0);
});

test('the CSP of tauri.conf.json is enforced here, so a violation would fail these tests', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7');

  // An inline script, as an HTML injection would add: the policy must block it.
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran, 'script-src has no unsafe-inline').toBe(false);
  await expect
    .poll(() => problems(page).join('\n'))
    .toContain('CSP: script-src-elem blocked inline');
  // Provoked on purpose: this test passes when the violation was reported.
  problems(page).length = 0;
});

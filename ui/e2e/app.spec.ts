import { expect, problems, test } from './fixtures';
import { ipcCalls, mockTauri } from './tauri-mock';

test('the header shows the version and the Demo label from app_info', async ({ page }) => {
  await mockTauri(page, { app_info: [{ ok: { version: '9.8.7', demo: true } }] });
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing Desk');
  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7');
  await expect(page.getByText('Demo', { exact: true }), 'demo data is labelled as such').toBeVisible();
  await expect(page.getByTestId('status')).toContainText('Demo data');
  expect(await ipcCalls(page), 'the UI asked Rust once, through ipc.ts').toEqual([{ cmd: 'app_info', args: {} }]);
});

test('with a real connection there is no Demo label', async ({ page }) => {
  await mockTauri(page, { app_info: [{ ok: { version: '9.8.7', demo: false } }] });
  await page.goto('/');

  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7');
  await expect(page.getByText('Demo', { exact: true })).toHaveCount(0);
});

test("a command error shows Rust's message in an alert, and Retry asks again", async ({ page }) => {
  await mockTauri(page, {
    app_info: [
      { err: { code: 'internal', message: 'Billing Desk could not read its version.' } },
      { ok: { version: '9.8.7', demo: true } },
    ],
  });
  await page.goto('/');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Billing Desk could not read its version.');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7');
  expect((await ipcCalls(page)).map((call) => call.cmd)).toEqual(['app_info', 'app_info']);
});

test("a refusal by Tauri itself shows a sentence for the user, not Tauri's text", async ({ page }) => {
  await mockTauri(page, {
    app_info: [{ err: 'app_info not allowed. Permissions associated with this command: allow-app-info' }],
  });
  await page.goto('/');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not complete this request');
  await expect(alert).not.toContainText('Permissions');
});

test('the CSP of tauri.conf.json is enforced here, so a violation would fail these tests', async ({ page }) => {
  await mockTauri(page, { app_info: [{ ok: { version: '9.8.7', demo: true } }] });
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
  await expect.poll(() => problems(page).join('\n')).toContain('CSP: script-src-elem blocked inline');
  // Provoked on purpose: this test passes when the violation was reported.
  problems(page).length = 0;
});

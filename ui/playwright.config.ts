import { defineConfig } from '@playwright/test';

const port = 4173;

/**
 * The built UI (ui/dist, served by `vite preview` under the app's CSP) in Debian's Chromium,
 * with Tauri's IPC mocked. Playwright's own browser downloads are not used: set CHROMIUM_PATH
 * to use another Chromium than /usr/bin/chromium.
 */
export default defineConfig({
  testDir: 'e2e',
  reporter: 'list',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without these Chromium keeps trying to reach Google's services from a closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Always rebuild: a stale dist would test yesterday's UI.
    command: `npm run --silent build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

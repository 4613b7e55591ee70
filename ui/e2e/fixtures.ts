/**
 * A `page` that fails its test on any console error, uncaught exception or CSP violation:
 * the UI must run clean under the app's policy (vite.config.ts serves tauri.conf.json's CSP).
 */
import { test as base, expect, type Page } from '@playwright/test';

const problemsByPage = new WeakMap<Page, string[]>();

/** What went wrong on the page so far. A test that provokes a problem on purpose drains it. */
export function problems(page: Page): string[] {
  const list = problemsByPage.get(page);
  if (!list) throw new Error('problems() needs the page of the e2e/fixtures test');
  return list;
}

export const test = base.extend({
  page: async ({ page }, use) => {
    const list: string[] = [];
    problemsByPage.set(page, list);
    page.on('console', (message) => {
      if (message.type() === 'error') list.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => list.push(`uncaught: ${error.message}`));
    await page.exposeFunction('__reportCspViolation', (text: string) => list.push(`CSP: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const target = window as unknown as {
          __reportCspViolation: (text: string) => Promise<void>;
        };
        void target.__reportCspViolation(
          `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`,
        );
      });
    });
    await use(page);
    expect(list, 'the page ran without console errors, exceptions or CSP violations').toEqual([]);
  },
});

export { expect };

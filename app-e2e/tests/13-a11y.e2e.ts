/**
 * axe-core inside the real window (WebKitGTK), not only in Chromium: the WCAG 2.0, 2.1 and
 * 2.2 A and AA rules on the demo invoice view, the view with filters applied, and the
 * connection form. The engine is the one the Playwright suite uses (ui/node_modules/axe-core),
 * put into the page through WebDriver, so the app's CSP stays as it ships.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { paths } from '../src/paths';
import { AppUnderTest, clickTestId, renderedInvoiceIds } from '../src/scenario';

/** The same rule tags as ui/e2e/axe.ts. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const AXE_SOURCE = readFileSync(createRequire(join(paths.repo, 'ui', 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeOutcome {
  error?: string;
  passes: number;
  violations: string[];
}

const RUN_AXE = `const done = arguments[arguments.length - 1];
  window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
    .then((results) => done({
      passes: results.passes.length,
      violations: results.violations.map((v) => v.id + ' (' + (v.impact || 'no impact') + '): ' + v.help + ' — '
        + v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')),
    }))
    .catch((error) => done({ error: String(error), passes: 0, violations: [] }));`;

/** Every WCAG A and AA violation axe finds in the window as it is now. */
async function axeViolations(app: App): Promise<string[]> {
  const loaded = await app.session.execute<boolean>('return typeof window.axe === "object";');
  if (!loaded) await app.session.execute(`${AXE_SOURCE}\nreturn typeof window.axe === "object";`);
  const outcome = await app.session.executeAsync<AxeOutcome>(RUN_AXE, WCAG_TAGS);
  expect(outcome.error, 'axe ran in the window').toBeUndefined();
  expect(outcome.passes, 'axe ran its rules on this page').toBeGreaterThan(10);
  return outcome.violations;
}

describe('axe in the real window (WebKitGTK)', () => {
  const aut = new AppUnderTest('a11y');

  beforeAll(async () => {
    const app = await aut.launch();
    await app.waitFor('demo invoice rows', async () => (await renderedInvoiceIds(app)).length > 0);
  });

  it('the demo invoice view has no WCAG A or AA violation', async () => {
    expect(await axeViolations(aut.app)).toEqual([]);
  });

  it('nor with a status filter and "overdue only" applied', async () => {
    const app = aut.app;
    await clickTestId(app, 'filter-status-open');
    await clickTestId(app, 'filter-overdue');
    await app.waitForCss('[data-testid="filter-status-open"][aria-pressed="true"]');
    await app.waitForCss('[data-testid="filter-overdue"]:checked');
    expect(await axeViolations(app)).toEqual([]);
  });

  it('finds a violation planted in the page, so an empty list above means something', async () => {
    const app = aut.app;
    await app.session.execute(
      `const b = document.createElement('button'); b.id = 'bd-a11y-canary'; document.body.appendChild(b); return true;`,
    );
    try {
      const found = await axeViolations(app);
      expect(found.some((line) => line.startsWith('button-name') && line.includes('#bd-a11y-canary'))).toBe(true);
    } finally {
      await app.session.execute(`document.getElementById('bd-a11y-canary')?.remove(); return true;`);
    }
  });

  it('nor the connection form', async () => {
    const app = aut.app;
    await app.waitFor('the connection form', async () => {
      if ((await app.allByTestId('connection-form')).length) return true;
      const buttons = await app.allByTestId('add-connection');
      if (buttons[0]) await buttons[0].click();
      return false;
    });
    expect(await axeViolations(app)).toEqual([]);
  });
});

/**
 * Helpers shared by the scenario files: the app's lifecycle around a `describe`, the
 * end-of-scenario CSP check, the keyring as another client sees it, and reads of the window.
 */
import { execFile } from 'node:child_process';
import { afterAll, afterEach, expect } from 'vitest';
import { lstatSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AppDirs, makeAppDirs } from './app';

/**
 * A handle on the app of one scenario group. `launch` (re)starts it, `close` ends it. The
 * group's `afterAll` closes the app, then runs the cleanups (in reverse order of
 * registration), then removes the app's folders: the app must be gone before its folders are.
 * A failed test leaves a screenshot and the page's HTML in target/app-e2e/.
 */
export class AppUnderTest {
  private current: App | undefined;
  private launches = 0;
  private readonly cleanups: (() => Promise<void>)[] = [];

  constructor(
    readonly label: string,
    readonly dirs: AppDirs = makeAppDirs(label),
  ) {
    afterEach(async (context) => {
      if (context.task.result?.state === 'fail' && this.current) {
        await this.current.saveArtifacts(context.task.name);
      }
    });
    afterAll(async () => {
      await this.close();
      for (const cleanup of this.cleanups.reverse()) await cleanup();
      rmSync(this.dirs.root, { recursive: true, force: true });
    });
  }

  /** Runs `cleanup` after the app has been closed at the end of the group. */
  onCleanup(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  get app(): App {
    if (!this.current) throw new Error(`the ${this.label} app is not running (an earlier step failed to start it)`);
    return this.current;
  }

  async launch(env: Record<string, string> = {}): Promise<App> {
    await this.close();
    this.launches += 1;
    this.current = await App.launch(`${this.label}-${this.launches}`, this.dirs, env);
    return this.current;
  }

  async close(): Promise<void> {
    const app = this.current;
    this.current = undefined;
    await app?.close();
  }
}

/** The scenario's last check: the page reported no CSP violation and was never reloaded. */
export async function expectNoCspViolations(app: App): Promise<void> {
  const violations = await app.cspViolations();
  expect(violations, 'the CSP listener installed at launch is still there (the page was not reloaded)').not.toBeNull();
  expect(violations, 'the bundled UI runs under its CSP without a single violation').toEqual([]);
}

/** What `secret-tool` (libsecret, another Secret Service client) finds for this connection. */
export function keyringLookup(account: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', ['lookup', 'service', 'billing-desk', 'username', account], (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('secret-tool is missing (apt-get install libsecret-tools)'));
      } else {
        // Exit status 1 with no output: no such item.
        resolve(error ? null : stdout);
      }
    });
  });
}

/** The rendered rows in table order (a virtualized table may keep DOM order apart from row order). */
const ROWS_IN_ORDER = `return Array.from(document.querySelectorAll('[data-testid="invoice-row"]'))
  .map((row, i) => ({ row, at: Number(row.getAttribute('aria-rowindex') ?? i) }))
  .sort((a, b) => a.at - b.at)
  .map(({ row }) => row.getAttribute(arguments[0]));`;

/** The invoice ids of the rendered rows, top to bottom. */
export async function renderedInvoiceIds(app: App): Promise<string[]> {
  return app.session.execute<string[]>(ROWS_IN_ORDER, 'data-invoice-id');
}

/** The `data-overdue` values of the rendered rows. */
export async function renderedOverdueFlags(app: App): Promise<(string | null)[]> {
  return app.session.execute<(string | null)[]>(ROWS_IN_ORDER, 'data-overdue');
}

/** Waits until `matched-count` shows `expected`, and returns it. */
export async function waitForMatched(app: App, expected: number, why: string): Promise<number> {
  let last: number | undefined;
  try {
    return await app.waitFor(`matched-count to show ${expected} (${why})`, async () => {
      last = await app.matchedCount();
      return last === expected ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)}; it shows ${last}`, { cause: error });
  }
}

/** Clicks the element with this test id once it is displayed. */
/** Every URL the app handed to the opener so far (the test build's `BDESK_TEST_OPENER_LOG`). */
export function openedUrls(dirs: AppDirs): string[] {
  try {
    return readFileSync(dirs.openerLog, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export async function clickTestId(app: App, id: string): Promise<void> {
  await (await app.waitForTestId(id)).click();
}

/** Replaces the value of a text input (real key events). */
export async function fill(app: App, id: string, text: string): Promise<void> {
  const input = await app.waitForTestId(id);
  await input.clear();
  if (text) await input.type(text);
}

/**
 * Opens the export menu. The contract names the menu `export-menu`; the UI renders an
 * `export-button` that opens a popover with that id, so either is accepted.
 */
export async function openExportMenu(app: App): Promise<void> {
  if ((await app.allByTestId('export-csv')).length) return;
  const buttons = await app.allByTestId('export-button');
  await (buttons[0] ?? (await app.waitForTestId('export-menu'))).click();
  await app.waitForTestId('export-csv');
}

/** A connection as the form takes it. */
export interface ConnectionInput {
  name: string;
  baseUrl: string;
  token: string;
  orgs: readonly string[];
}

/**
 * Adds a connection through the form (opening it from demo mode when needed) and waits until
 * the desk names it. Returns once the window shows the new connection.
 */
/**
 * Ticks the connection form's "Allow plain http" for a stub's `http://127.0.0.1` address: the
 * user's explicit opt-in, without which Rust refuses the address.
 */
export async function allowPlainHttp(app: App, baseUrl: string): Promise<void> {
  if (baseUrl.startsWith('http:')) await clickTestId(app, 'conn-allow-plain-http');
}

/**
 * Puts `orgs` in the connection form's organization box as a paste would: thousands of IDs
 * are pasted, not typed key by key, so the value is set and the input event a paste sends is
 * fired.
 */
export async function pasteOrgIds(app: App, orgs: readonly string[]): Promise<void> {
  await app.session.execute(
    `const area = document.querySelector('[data-testid="conn-org-ids"]');
     area.value = arguments[0];
     area.dispatchEvent(new Event('input', { bubbles: true }));
     return true;`,
    orgs.join('\n'),
  );
}

export async function addConnection(app: App, connection: ConnectionInput, options: { test?: boolean; pasteOrgs?: boolean } = {}): Promise<void> {
  await app.waitFor('the connection form or the add-connection button', async () => {
    if ((await app.allByTestId('connection-form')).length) return true;
    const buttons = await app.allByTestId('add-connection');
    if (buttons[0]) {
      await buttons[0].click();
      return (await app.allByTestId('connection-form')).length > 0;
    }
    return false;
  });
  await fill(app, 'conn-name', connection.name);
  await fill(app, 'conn-base-url', connection.baseUrl);
  await allowPlainHttp(app, connection.baseUrl);
  await fill(app, 'conn-token', connection.token);
  if (options.pasteOrgs) {
    await pasteOrgIds(app, connection.orgs);
  } else {
    await fill(app, 'conn-org-ids', connection.orgs.join(', '));
  }
  if (options.test) {
    await clickTestId(app, 'conn-test');
    await app.waitFor('a connection test result', async () => {
      const text = await (await app.byTestId('conn-test-result')).text();
      return text.trim() ? text : undefined;
    });
  }
  await clickTestId(app, 'conn-save');
  // The header may still name the previous connection until the desk has restarted.
  await app.waitFor(`the header to name ${connection.name}`, async () => {
    const names = await app.allByTestId('connection-name');
    return names[0] !== undefined && (await names[0].text()).includes(connection.name);
  });
}

/**
 * The invoice ids of every row of the table, not only the rendered ones: the virtualized
 * table is scrolled through (waiting at each step until no placeholder row is in view), then
 * back to the top. Null when there is no table.
 */
const ALL_ROW_IDS = `
  const done = arguments[arguments.length - 1];
  const table = document.querySelector('[data-testid="invoice-table"]');
  if (!table) return done(null);
  const seen = new Set();
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const settle = async () => {
    for (let i = 0; i < 300 && document.querySelector('.row-placeholder'); i++) await frame();
    await frame();
  };
  (async () => {
    const step = Math.max(1, table.clientHeight - 72);
    for (let top = 0; ; top += step) {
      table.scrollTop = top;
      await settle();
      for (const row of document.querySelectorAll('[data-testid="invoice-row"]')) seen.add(row.getAttribute('data-invoice-id'));
      if (table.scrollTop + table.clientHeight >= table.scrollHeight) break;
    }
    table.scrollTop = 0;
    await settle();
    return [...seen];
  })().then(done, (error) => done('failed: ' + error));`;

/** The invoice ids of all rows of the table (scrolling through it), in no particular order. */
export async function allRowIds(app: App): Promise<string[]> {
  const ids = await app.session.executeAsync<string[] | string | null>(ALL_ROW_IDS);
  if (typeof ids === 'string') throw new Error(`reading the table's rows ${ids}`);
  return ids ?? [];
}

/**
 * Waits until the table's rows are exactly `expected` (as a set; rows past the viewport are
 * read by scrolling) and returns the rendered ones in order.
 */
export async function waitForRows(app: App, expected: readonly string[], why: string): Promise<string[]> {
  const want = [...expected].sort().join(' ');
  let last: string[] = [];
  try {
    return await app.waitFor(`rows ${why}`, async () => {
      const rendered = (await renderedInvoiceIds(app)).map(String);
      last = rendered.length < expected.length ? await allRowIds(app) : rendered;
      return [...last].sort().join(' ') === want ? rendered : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)}; expected ${want || '(none)'}, shown ${[...last].sort().join(' ') || '(none)'}`, {
      cause: error,
    });
  }
}

/** Every regular file under `dir` (recursively), with its bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return lstatSync(path).isFile();
      } catch {
        return false;
      }
    })
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

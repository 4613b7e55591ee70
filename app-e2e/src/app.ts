/**
 * The real Billing Desk window under test: one tauri-driver per launch (the app inherits its
 * environment, so each launch gets its own config, cache and data folders and test hooks),
 * one WebDriver session, and a clean shutdown that waits until the app and its web processes
 * are gone (single-instance would otherwise hand the next launch over to this one).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsDir, paths } from './paths';
import { descendants, freePort, sleep, spawnGroup, stopGroup, waitGone } from './processes';
import { type Element, Session, WebDriverError } from './webdriver';

/** The folders and files one app "installation" uses; reuse them to restart the same app. */
export interface AppDirs {
  root: string;
  config: string;
  cache: string;
  data: string;
  /** BDESK_TEST_SAVE_DIR: exports land here instead of a native save dialog. */
  save: string;
  /** BDESK_TEST_OPENER_LOG: every URL the app was asked to open, one per line. */
  openerLog: string;
}

export function makeAppDirs(label: string): AppDirs {
  const root = mkdtempSync(join(process.env.BDESK_E2E_TMP ?? tmpdir(), `bdesk-e2e-${label}-`));
  const dirs = {
    root,
    config: join(root, 'config'),
    cache: join(root, 'cache'),
    data: join(root, 'data'),
    save: join(root, 'save'),
    openerLog: join(root, 'opened-urls.txt'),
  };
  for (const dir of [dirs.config, dirs.cache, dirs.data, dirs.save]) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** The environment of one app "installation": its folders and test hooks, plus `env`. */
export function appEnv(dirs: AppDirs, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BDESK_CONFIG_DIR: dirs.config,
    BDESK_CACHE_DIR: dirs.cache,
    BDESK_DATA_DIR: dirs.data,
    BDESK_TEST_OPENER_LOG: dirs.openerLog,
    BDESK_TEST_SAVE_DIR: dirs.save,
    // Native confirmations (a new API address, a link to a new host) are outside the page
    // WebDriver drives; the debug build's hook answers them (refusal is tested in
    // src-tauri/tests).
    BDESK_TEST_CONFIRM: 'accept',
    // Window state and WebKit's own storage stay inside this installation too.
    XDG_CONFIG_HOME: join(dirs.root, 'xdg-config'),
    XDG_CACHE_HOME: join(dirs.root, 'xdg-cache'),
    RUST_LOG: process.env.RUST_LOG ?? 'info',
    // The log goes to a file that tests read: plain text, also when the suite runs in a terminal.
    NO_COLOR: '1',
    ...env,
  };
}

/** Records Content-Security-Policy violations of the page into `window.__bdE2eCsp`. */
const INSTALL_CSP_LISTENER = `
  if (!Array.isArray(window.__bdE2eCsp)) {
    const seen = [];
    Object.defineProperty(window, '__bdE2eCsp', { value: seen, configurable: false });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(event.violatedDirective + ' blocked ' + (event.blockedURI || '(inline)') + ' ' + (event.sample || ''));
    });
  }
  return true;`;

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

export class App {
  private constructor(
    readonly label: string,
    readonly session: Session,
    private readonly driver: ChildProcess,
    readonly startedAt: number,
  ) {}

  /**
   * Starts tauri-driver with the app's environment and opens the window. `env` adds to (or
   * overrides) the test hooks derived from `dirs`.
   */
  static async launch(label: string, dirs: AppDirs, env: Record<string, string> = {}): Promise<App> {
    const port = await freePort();
    const nativePort = await freePort();
    const driverEnv = appEnv(dirs, env);
    const log = join(artifactsDir(), `${label}.driver-and-app.log`);
    const startedAt = performance.now();
    const driver = spawnGroup(
      paths.tauriDriver,
      ['--port', String(port), '--native-port', String(nativePort)],
      driverEnv,
      log,
    );
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForDriver(base, driver);
      const session = await Session.create(base, {
        browserName: 'wry',
        'tauri:options': { application: paths.app },
      });
      const app = new App(label, session, driver, startedAt);
      await session.execute(INSTALL_CSP_LISTENER);
      return app;
    } catch (error) {
      await stopTree(driver);
      throw new Error(`could not open the app window (log: ${log}): ${String(error)}`, { cause: error });
    }
  }

  /** Milliseconds since {@link launch} began. */
  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** The pids of the app and its web processes (descendants of tauri-driver). */
  processes(): { pid: number; comm: string }[] {
    return this.driver.pid === undefined ? [] : descendants(this.driver.pid);
  }

  byTestId(id: string): Promise<Element> {
    return this.session.find(`[data-testid="${id}"]`);
  }

  allByTestId(id: string): Promise<Element[]> {
    return this.session.findAll(`[data-testid="${id}"]`);
  }

  /** Polls `probe` until it returns a value other than undefined/false; throws `what` on timeout. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
    const { timeoutMs = 15_000, intervalMs = 100 } = options;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined && value !== false) return value;
        lastError = undefined;
      } catch (error) {
        // "no such element" and friends while the UI is still rendering.
        if (!(error instanceof WebDriverError)) throw error;
        lastError = error;
      }
      if (Date.now() > deadline) {
        const detail = lastError ? ` (last error: ${String(lastError)})` : '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
      }
      await sleep(intervalMs);
    }
  }

  /** Waits until an element with this test id exists and is displayed, and returns it. */
  waitForTestId(id: string, options?: WaitOptions): Promise<Element> {
    return this.waitForCss(`[data-testid="${id}"]`, options);
  }

  /** Waits until an element matching `css` exists and is displayed, and returns it. */
  waitForCss(css: string, options?: WaitOptions): Promise<Element> {
    return this.waitFor(
      `${css} to be displayed`,
      async () => {
        const element = await this.session.find(css);
        return (await element.displayed()) ? element : undefined;
      },
      options,
    );
  }

  /** The number shown in `matched-count`. */
  async matchedCount(): Promise<number> {
    const text = (await (await this.byTestId('matched-count')).text()).replace(/[^\d]/g, '');
    if (!text) throw new Error('matched-count shows no number');
    return Number(text);
  }

  /** The CSP violations recorded since launch, or null when the page was reloaded (listener lost). */
  async cspViolations(): Promise<string[] | null> {
    return this.session.execute<string[] | null>('return Array.isArray(window.__bdE2eCsp) ? window.__bdE2eCsp.slice() : null;');
  }

  /** Saves a screenshot and the page's text to the artifacts folder (for a failed test). */
  async saveArtifacts(name: string): Promise<void> {
    const base = join(artifactsDir(), `${this.label}-${name.replace(/[^\w.-]+/g, '_')}`);
    try {
      writeFileSync(`${base}.png`, await this.session.screenshot());
      const html = await this.session.execute<string>('return document.documentElement.outerHTML;');
      writeFileSync(`${base}.html`, html);
    } catch (error) {
      writeFileSync(`${base}.error.txt`, String(error));
    }
  }

  /** Ends the session (the driver closes the window) and waits until every process is gone. */
  async close(): Promise<void> {
    try {
      await Promise.race([this.session.delete(), sleep(10_000)]);
    } catch {
      // The app may already be gone (a crash is reported by the failing test itself).
    }
    await stopTree(this.driver);
  }
}

async function waitForDriver(base: string, driver: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
    try {
      await fetch(`${base}/status`);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('tauri-driver did not listen within 15 s');
      await sleep(100);
    }
  }
}

/**
 * Stops tauri-driver and everything it started (its process group), and waits until they are
 * all gone: the next launch must not find this app still holding the single-instance name.
 */
async function stopTree(driver: ChildProcess): Promise<void> {
  if (driver.pid === undefined) return;
  // The app closes its window when the session ends; give it a moment before signalling.
  // Only the app and its web processes: the drivers stay up until signalled, and waiting for
  // them would cost the whole grace time at every close.
  await waitGone(
    descendants(driver.pid)
      .filter((p) => p.comm !== 'WebKitWebDriver' && p.comm !== 'tauri-driver')
      .map((p) => p.pid),
    3000,
  );
  await stopGroup(driver.pid);
}

/**
 * Stands in for the Rust side in the browser tests. The page gets the real
 * `@tauri-apps/api/mocks` module (its source, injected before the app's scripts), set up to
 * answer each command from a scripted list of responses and to record every call.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { CommandError } from '../src/bindings/CommandError';

/** One answer of a command: a value, or a `{code, message}` rejection like Rust's. */
export type Reply = { ok: unknown } | { err: CommandError | string };

/** Per command, the answers in call order; the last one repeats. */
export type Script = Record<string, Reply[]>;

export type IpcCall = { cmd: string; args: unknown };

const mocksSource = (() => {
  const path = createRequire(import.meta.url).resolve('@tauri-apps/api/mocks');
  const source = readFileSync(path.replace(/\.cjs$/, '.js'), 'utf8');
  const withoutExports = source.replace(/^export \{[^}]*\};?\s*$/m, '');
  if (withoutExports === source || !source.includes('function mockIPC(')) {
    throw new Error(`@tauri-apps/api/mocks changed shape (${path}); update e2e/tauri-mock.ts`);
  }
  return withoutExports;
})();

// Runs in the page, so it may only use what mocksSource defines and its argument.
function install(script: Script, mockIPC: typeof import('@tauri-apps/api/mocks').mockIPC) {
  const calls: IpcCall[] = [];
  const served: Record<string, number> = {};
  Object.assign(window, { __ipcCalls: calls });
  mockIPC(
    (cmd: string, args: unknown) => {
      calls.push({ cmd, args });
      const replies = script[cmd];
      if (!replies || replies.length === 0) {
        // What Tauri answers for a command it does not know.
        throw `Command ${cmd} not found`;
      }
      const index = Math.min(served[cmd] ?? 0, replies.length - 1);
      served[cmd] = index + 1;
      const reply = replies[index]!;
      if ('err' in reply) throw reply.err;
      return reply.ok;
    },
    { shouldMockEvents: true },
  );
}

/** Installs the mock before any script of the page runs. */
export async function mockTauri(page: Page, script: Script): Promise<void> {
  await page.addInitScript(`${mocksSource}\n;(${install.toString()})(${JSON.stringify(script)}, mockIPC);`);
}

/** The commands the page called so far, in order. */
export function ipcCalls(page: Page): Promise<IpcCall[]> {
  return page.evaluate(() => (window as unknown as { __ipcCalls: IpcCall[] }).__ipcCalls);
}

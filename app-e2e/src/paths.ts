/**
 * Where the binaries and the run's artifacts are. scripts/app-e2e.sh sets the variables; the
 * defaults are the repository's debug build, so `npx vitest run` also works by hand (inside
 * Xvfb and a keyring session).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const paths = {
  repo,
  app: process.env.BDESK_E2E_APP ?? join(repo, 'target/debug/billing-desk'),
  stub: process.env.BDESK_E2E_STUB ?? join(repo, 'target/debug/billing-stub'),
  bdesk: process.env.BDESK_E2E_BDESK ?? join(repo, 'target/debug/bdesk'),
  tauriDriver: process.env.BDESK_E2E_TAURI_DRIVER ?? 'tauri-driver',
};

/** Logs, screenshots and page dumps of this run (kept after the run, for a failure's post-mortem). */
export function artifactsDir(): string {
  const dir = process.env.BDESK_E2E_ARTIFACTS ?? join(repo, 'target/app-e2e');
  mkdirSync(dir, { recursive: true });
  return dir;
}

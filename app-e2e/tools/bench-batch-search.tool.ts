/**
 * A search typed while a large batch runs (scripts/bench-search.sh): the real window, one
 * connection with the stub's `huge-100000` organization and 999 organizations answering after
 * 400 ms each (as app-e2e/tests/07-load), so the batch goes on for most of a minute with rows
 * arriving all the time. Once the 100k organization is on screen, each round types a search
 * that matches nothing, key by key through WebDriver, and the page records
 * - the time of the last key press (its `keydown` event), and
 * - the frame after the table first shows the search's answer (a `requestAnimationFrame`
 *   callback queued when the count changed to 0),
 * so the figure is what the user waits for: last key press to the frame with the result. The
 * search is then cleared and the next round waits for rows again. Rounds stop when the batch
 * ends; only rounds that ran entirely during the batch count.
 * Figures only, no assertions on time.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { AppUnderTest, addConnection, fill } from '../src/scenario';
import { artifactsDir } from '../src/paths';
import { sleep } from '../src/processes';
import { startStub } from '../src/stub';

const ROUNDS = Number(process.env.BDESK_BENCH_ROUNDS ?? '15');
/** What the machine was doing beside the app, for the summary (set by scripts/bench-search.sh). */
const LOAD = process.env.BDESK_BENCH_LOAD ?? 'quiet';
const LABEL = process.env.BDESK_BENCH_LABEL ?? process.env.BDESK_E2E_APP ?? 'target/debug/billing-desk';
const TOKEN = `bench-search-${process.pid}`;
const HUGE = 'huge-100000';
const ORGS = [HUGE, ...Array.from({ length: 999 }, (_, i) => `slow-headers-400~${String(i + 1).padStart(4, '0')}`)];

/** Watches the search box's key presses and the frame that first shows `arguments[0]` as the count. */
const WATCH = `const expected = arguments[0];
  const input = document.querySelector('[data-testid="search-input"]');
  const count = document.querySelector('[data-testid="matched-count"]');
  const seen = { lastKey: null, shown: null };
  window.__bdSearch = seen;
  input.addEventListener('keydown', () => { if (seen.shown === null) seen.lastKey = performance.now(); });
  const observer = new MutationObserver(() => {
    if (seen.shown !== null || seen.lastKey === null || count.textContent !== expected) return;
    observer.disconnect();
    requestAnimationFrame(() => { seen.shown = performance.now(); });
  });
  observer.observe(count, { childList: true, characterData: true, subtree: true });
  return true;`;

const READ = `const p = document.querySelector('[data-testid="fetch-progress"]');
  return { search: window.__bdSearch || null, done: p ? Number(p.getAttribute('value') || 0) : null,
    matched: Number(document.querySelector('[data-testid="matched-count"]')?.textContent ?? -1) };`;

type Read = { search: { lastKey: number | null; shown: number | null } | null; done: number | null; matched: number };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const aut = new AppUnderTest('bench-search');

it('times searches typed during a batch of 1,000 organizations', async () => {
  const stub = await startStub(TOKEN);
  aut.onCleanup(async () => stub.stop());
  const app = await aut.launch();
  await addConnection(app, { name: 'Bench search', baseUrl: stub.baseUrl, token: TOKEN, orgs: ORGS }, { pasteOrgs: true });
  await app.waitFor(
    'the 100k organization on screen while the batch runs',
    async () => {
      const now = await app.session.execute<Read>(READ);
      return now.done !== null && now.matched >= 100_000 ? true : undefined;
    },
    { timeoutMs: 120_000 },
  );

  const rounds: { latency: number; doneBefore: number; doneAfter: number; rows: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = await app.session.execute<Read>(READ);
    if (before.done === null) break;
    await app.session.execute(WATCH, '0');
    const input = await app.byTestId('search-input');
    await input.type(`zz-none-${round}`);
    let read: Read = before;
    await app.waitFor(
      'the search applied',
      async () => {
        read = await app.session.execute<Read>(READ);
        return read.search?.shown != null ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const { lastKey, shown } = read.search ?? {};
    // Only a round that ended before the batch did shows the batch's effect.
    if (read.done !== null && lastKey != null && shown != null) {
      rounds.push({ latency: shown - lastKey, doneBefore: before.done, doneAfter: read.done, rows: before.matched });
    }
    await fill(app, 'search-input', '');
    await app.waitFor('rows again after clearing the search', async () => ((await app.session.execute<Read>(READ)).matched > 0 ? true : undefined));
    await sleep(300);
  }

  const latencies = rounds.map((r) => r.latency);
  writeFileSync(join(artifactsDir(), `search-${LOAD}.json`), JSON.stringify(rounds, null, 2));
  const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
  const line =
    `| ${LABEL.padEnd(44)} | ${LOAD.padEnd(9)} | ${String(rounds.length).padStart(6)} | ` +
    `${fmt(percentile(latencies, 50)).padStart(7)} | ${fmt(percentile(latencies, 95)).padStart(7)} | ${fmt(Math.max(...latencies)).padStart(7)} |`;
  appendFileSync(join(artifactsDir(), '..', 'summary.txt'), `${line}\n`);
  console.info(`bench-search: ${line}`);
});

/**
 * Input during a large batch (scripts/bench-search.sh with BDESK_BENCH_THOUSAND=1): the real
 * window, one connection of 1,000 organizations of 1,000 invoices each (`huge-1000~N`), the
 * stub answering each request 20 ms late. Two batches: the first load at the app's default
 * concurrency (8), then, with the connection set to 16 requests at once on the Connections
 * screen, a refresh of all of them while the million rows are on screen. During each batch the
 * page records
 * - every interval between two frames (a `requestAnimationFrame` loop): an interval over
 *   100 ms is a time the window answered no input at all, and
 * - for each key typed into the search box through WebDriver, its `keydown` to the frame after
 *   the box took it (the frame after its `input` event): what the user sees answer a key.
 * Keys go in words of four (one WebDriver call, as a person types); after each word the
 * typing pauses until the search has been applied (its count shows 0: it matches nothing),
 * timed from the word's last `keydown` to the frame after the count changed; then the box is
 * cleared, so queries run over the growing table as well. Figures only, no assertions on time.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import type { App } from '../src/app';
import { AppUnderTest, addConnection, clickTestId, fill } from '../src/scenario';
import { artifactsDir } from '../src/paths';
import { startStub } from '../src/stub';

const LABEL = process.env.BDESK_BENCH_LABEL ?? process.env.BDESK_E2E_APP ?? 'target/debug/billing-desk';
const TOKEN = `bench-input-${process.pid}`;
const ORG_COUNT = 1000;
const ORGS = Array.from({ length: ORG_COUNT }, (_, i) => `huge-1000~${String(i + 1).padStart(4, '0')}`);
const LATENCY_MS = 20;
const NAME = 'Bench input';

/** Starts the frame loop and the key watch; `window.__bdInput.stop` ends the loop. */
const PROBE = `const input = document.querySelector('[data-testid="search-input"]');
  const probe = { frames: [], keys: [], searches: [], stop: false };
  window.__bdInput = probe;
  let last = null;
  const loop = () => {
    const now = performance.now();
    if (last !== null) probe.frames.push(now - last);
    last = now;
    if (!probe.stop) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  let pressed = null;
  let searched = null;
  input.addEventListener('keydown', (event) => { pressed = event.timeStamp; searched = event.timeStamp; });
  const count = document.querySelector('[data-testid="matched-count"]');
  new MutationObserver(() => {
    if (probe.stop || searched === null || count.textContent !== '0') return;
    const at = searched;
    searched = null;
    requestAnimationFrame(() => probe.searches.push(performance.now() - at));
  }).observe(count, { childList: true, characterData: true, subtree: true });
  input.addEventListener('input', () => {
    const at = pressed;
    pressed = null;
    if (at !== null) requestAnimationFrame(() => probe.keys.push(performance.now() - at));
  });
  return true;`;

const READ = `const p = document.querySelector('[data-testid="fetch-progress"]');
  return { done: p ? Number(p.getAttribute('value') || 0) : null,
    matched: Number(document.querySelector('[data-testid="matched-count"]')?.textContent?.replace(/[^0-9]/g, '') || -1) };`;

type Read = { done: number | null; matched: number };
type Probe = { frames: number[]; keys: number[]; searches: number[] };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

type Batch = { name: string; ms: number; typed: number; probe: Probe };

/** Types into the search box until the batch that is running ends; the page's records of it. */
async function duringBatch(app: App, name: string, started: number): Promise<Batch> {
  await app.session.execute(PROBE);
  let typed = 0;
  let rounds = 0;
  let read = await app.session.execute<Read>(READ);
  const input = await app.byTestId('search-input');
  while (read.done !== null) {
    // Four keys in one go, as a person types a word, then a pause until the search has run
    // (it matches nothing), then a clear, and rows again before the next word.
    await input.type('zzzz');
    typed += 4;
    rounds += 1;
    await app.waitFor(
      'the search applied',
      async () => ((await app.session.execute<number>('return window.__bdInput.searches.length;')) >= rounds ? true : undefined),
      { timeoutMs: 10_000 },
    );
    await fill(app, 'search-input', '');
    read = await app.waitFor('rows again after clearing the search', async () => {
      const now = await app.session.execute<Read>(READ);
      return now.matched > 0 ? now : undefined;
    });
  }
  const ms = Date.now() - started;
  const probe = await app.session.execute<Probe>('window.__bdInput.stop = true; return window.__bdInput;');
  await fill(app, 'search-input', '');
  await app.waitFor('every invoice once the batch ended', async () => {
    const now = await app.session.execute<Read>(READ);
    return now.matched >= ORG_COUNT * 1000 ? true : undefined;
  }, { timeoutMs: 60_000 });
  return { name, ms, typed, probe };
}

/** The batch's row of the summary. */
function lines(batch: Batch): string[] {
  const { probe } = batch;
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
  const over = (limit: number) => probe.frames.filter((f) => f > limit).length;
  return [
    `| ${LABEL}: ${batch.name}, ${ms(batch.ms)} until it ended |`,
    `|   keys typed during it: keydown → frame with the key, p50 / p95 / max (${probe.keys.length}) | ${ms(percentile(probe.keys, 50))} / ${ms(percentile(probe.keys, 95))} / ${ms(Math.max(...probe.keys))} |`,
    `|   searches typed during it: last keydown → frame with the answer (80 ms typing pause included), p50 / p95 / max (${probe.searches.length}) | ${ms(percentile(probe.searches, 50))} / ${ms(percentile(probe.searches, 95))} / ${ms(Math.max(...probe.searches))} |`,
    `|   frame intervals during it, p50 / p95 / max (${probe.frames.length}); over 50 / 100 ms | ${ms(percentile(probe.frames, 50))} / ${ms(percentile(probe.frames, 95))} / ${ms(Math.max(...probe.frames))}; ${over(50)} / ${over(100)} |`,
  ];
}

const aut = new AppUnderTest('bench-input');

it('times key presses and frames during batches of 1,000 organizations of 1,000 invoices', async () => {
  const stub = await startStub(TOKEN, 0, LATENCY_MS);
  aut.onCleanup(async () => stub.stop());
  const app = await aut.launch();
  const saved = Date.now();
  await addConnection(app, { name: NAME, baseUrl: stub.baseUrl, token: TOKEN, orgs: ORGS }, { pasteOrgs: true });
  await app.waitFor(
    'rows on screen while the batch runs',
    async () => {
      const now = await app.session.execute<Read>(READ);
      return now.done !== null && now.matched > 0 ? true : undefined;
    },
    { timeoutMs: 120_000 },
  );
  const load = await duringBatch(app, 'first load, 8 at once (from saving the connection)', saved);

  await clickTestId(app, 'connections-button');
  await app.waitForTestId('connections-screen');
  const edit = await app.waitFor('the Edit button of the connection', async () =>
    (await app.session.findAll(`[data-testid="connection-row"][data-name="${NAME}"] [data-testid="connection-edit"]`))[0],
  );
  await edit.click();
  await fill(app, 'connection-edit-concurrency', '16');
  await clickTestId(app, 'connection-edit-save');
  await app.waitFor('the edit form closed', async () => ((await app.allByTestId('connection-edit-form')).length === 0 ? true : undefined));
  await clickTestId(app, 'connections-close');
  await app.waitFor('every invoice on screen again', async () => {
    const now = await app.session.execute<Read>(READ);
    return now.done === null && now.matched >= ORG_COUNT * 1000 ? true : undefined;
  }, { timeoutMs: 60_000 });
  const clicked = Date.now();
  await clickTestId(app, 'refresh-button');
  await app.waitFor('the refresh running', async () => ((await app.session.execute<Read>(READ)).done !== null ? true : undefined), { timeoutMs: 30_000 });
  const refresh = await duringBatch(app, 'refresh of all, 16 at once, a million rows on screen (from the click)', clicked);

  writeFileSync(join(artifactsDir(), 'batch-input.json'), JSON.stringify({ load, refresh }, null, 2));
  const summary = [...lines(load), ...lines(refresh)].join('\n');
  appendFileSync(join(artifactsDir(), '..', 'summary.txt'), `${summary}\n`);
  console.info(`bench-input:\n${summary}`);
});

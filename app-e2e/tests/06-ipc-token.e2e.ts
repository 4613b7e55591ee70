/**
 * The API token goes into the app once (connection test, connection add, a new token from
 * the error banner) and never comes back out: a whole session is recorded at the web view's
 * IPC boundary (every command answer and error, every event payload, every raw answer of the
 * custom protocol; see src/ipc-recorder.ts) and none of it holds the token, its base64 form
 * or "Bearer". Nor does any file the app wrote under its folders, nor its log (at debug level).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from '../src/paths';
import { type Received, installIpcRecorder, readIpcRecord } from '../src/ipc-recorder';
import {
  AppUnderTest,
  addConnection,
  clickTestId,
  expectNoCspViolations,
  fill,
  filesUnder,
  keyringLookup,
  openExportMenu,
  openedUrls,
  waitForMatched,
} from '../src/scenario';
import { type Stub, startStub } from '../src/stub';

const CONNECTION = 'E2E IPC';
const GOOD_ORG = 'ipc-e2e';
/** A stub scenario that refuses every token: the banner offers to enter a new one. */
const REFUSING_ORG = 'err-401';
const TOKEN = `e2e-ipc-${randomBytes(12).toString('hex')}`;

/** The forms of the token that must not leave Rust. */
const FORBIDDEN: { what: string; text: string }[] = [
  { what: 'the token', text: TOKEN },
  { what: 'the token in base64', text: Buffer.from(TOKEN).toString('base64').replace(/=+$/, '') },
  { what: 'the token in base64url', text: Buffer.from(TOKEN).toString('base64url') },
  { what: 'the Authorization header in base64', text: Buffer.from(`Bearer ${TOKEN}`).toString('base64').replace(/=+$/, '') },
  { what: '"Bearer"', text: 'Bearer' },
];

/** The forbidden texts found in `text`. */
function leaks(text: string): string[] {
  return FORBIDDEN.filter(({ text: needle }) => text.includes(needle)).map(({ what }) => what);
}

describe('the token never comes back out of Rust: IPC answers, events, files, logs', () => {
  const aut = new AppUnderTest('ipc-token');
  let stub: Stub | undefined;

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(async () => stub?.stop());
    // Debug logs of the app: a token logged at any level would show up in the log check.
    const app = await aut.launch({ RUST_LOG: 'debug' });
    await installIpcRecorder(app);
  });

  it('goes through a whole session: test, add, fetch, queries, payment methods, export, PDFs, open, a refused token, a new token, a dead server', async () => {
    const app = aut.app;
    if (!stub) throw new Error('no stub');
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: [GOOD_ORG, REFUSING_ORG] }, { test: true });
    expect(await keyringLookup(CONNECTION), 'the token reached the keyring').toBe(TOKEN);
    const goodCount = (await stub.details(GOOD_ORG)).invoices.length;

    await clickTestId(app, `org-item-${GOOD_ORG}`);
    await waitForMatched(app, goodCount, `the invoices of ${GOOD_ORG}`);
    await clickTestId(app, 'filter-status-open');
    await app.waitFor('the open-only view', async () => (await app.matchedCount()) < goodCount);
    await clickTestId(app, 'filter-status-open');
    await waitForMatched(app, goodCount, 'status filter off again');
    await clickTestId(app, 'sort-total');

    await clickTestId(app, 'tab-payment-methods');
    await app.waitFor('payment method rows', async () => (await app.allByTestId('payment-method-row')).length > 0);
    await clickTestId(app, 'tab-invoices');
    await waitForMatched(app, goodCount, 'back on the invoices');

    await openExportMenu(app);
    await clickTestId(app, 'export-json');
    await app.waitForTestId('export-result');
    // Choosing an export closes the menu: open it again for the PDFs (which close it too).
    await openExportMenu(app);
    await clickTestId(app, 'pdfs-download');
    await app.waitForTestId('pdfs-result', { timeoutMs: 60_000 });

    const open = await app.waitForCss('[data-testid="invoice-row"] [data-testid="open-hosted"]:not([disabled])');
    await app.session.execute("arguments[0].scrollIntoView({ block: 'center', inline: 'center' }); return true;", open);
    await open.click();
    await app.waitFor('the opener log', async () => openedUrls(aut.dirs).length > 0);

    // A refused token: the banner takes a new one (token_set), then the retry is refused again.
    await clickTestId(app, `org-item-${REFUSING_ORG}`);
    await app.waitForCss('[data-testid="error-banner"][data-code="unauthorized"]', { timeoutMs: 30_000 });
    await fill(app, 'token-input', TOKEN);
    const fetchesBefore = await countOf(app, 'fetch_orgs');
    await clickTestId(app, 'token-save');
    await app.waitFor('the retry after the new token', async () => (await countOf(app, 'fetch_orgs')) > fetchesBefore, {
      timeoutMs: 30_000,
    });
    await app.waitForCss('[data-testid="error-banner"][data-code="unauthorized"]', { timeoutMs: 30_000 });

    // A replaced token drops the answers fetched with the old one (memory and disk): the
    // good organization is fetched again with the new token, which writes the cache anew.
    await clickTestId(app, `org-item-${GOOD_ORG}`);
    const fetchesBeforeRefresh = await countOf(app, 'fetch_orgs');
    await clickTestId(app, 'refresh-button');
    await app.waitFor('the refresh with the new token', async () => (await countOf(app, 'fetch_orgs')) > fetchesBeforeRefresh, {
      timeoutMs: 30_000,
    });
    await app.waitForCss('[data-testid="invoice-row"]', { timeoutMs: 30_000 });

    // A dead server: the refresh fails with a network error.
    await stub.stop();
    stub = undefined;
    await clickTestId(app, 'refresh-button');
    await app.waitForCss('[data-testid="error-banner"][data-code="network"]', { timeoutMs: 45_000 });
  });

  it('recorded a meaningful share of the traffic (so the next check cannot pass on nothing)', async () => {
    const record = await readIpcRecord(aut.app);
    expect(record, 'the recorder is still installed (the page was not reloaded)').not.toBeNull();
    expect(record?.failures, 'the recorder itself failed nowhere').toEqual([]);
    const received = record?.received ?? [];
    const answered = new Set(received.filter((r) => r.kind === 'response').map((r) => r.name));
    for (const command of [
      'connection_test',
      'connection_add',
      'token_set',
      'fetch_orgs',
      'invoices_query',
      'payment_methods',
      'export_invoices',
      'pdfs_download',
      'invoice_open',
    ]) {
      expect(answered, `an answer of ${command} was recorded`).toContain(command);
    }
    expect(received.filter((r) => r.kind === 'response').length, 'dozens of command answers').toBeGreaterThanOrEqual(20);
    const events = new Set(received.filter((r) => r.kind === 'event').map((r) => r.name));
    expect(events, 'pdf-progress events were recorded').toContain('pdf-progress');
    expect(received.filter((r) => r.kind === 'raw').length, 'raw custom-protocol answers were recorded').toBeGreaterThanOrEqual(20);
    console.info(
      `IPC recorder: ${received.length} records: ` +
        ['response', 'error', 'event', 'raw', 'other'].map((kind) => `${received.filter((r) => r.kind === kind).length} ${kind}`).join(', ') +
        `; events: ${[...events].join(', ')}`,
    );
    expect(
      received.some((r) => r.name === 'connection_add' && r.kind === 'response' && r.text.includes(CONNECTION)),
      'text Rust sent is recorded as sent (the settings answer of connection_add names the connection)',
    ).toBe(true);
    const withRows = received.filter((r) => r.name === 'invoices_query' && r.kind === 'response' && r.text.includes('"rows":[{'));
    expect(withRows.length, 'recorded invoices_query answers hold invoice rows').toBeGreaterThan(0);
  });

  it('no IPC answer, error or event payload holds the token, its base64 form or "Bearer"', async () => {
    const received: Received[] = (await readIpcRecord(aut.app))?.received ?? [];
    const leaked = received
      .map((r) => ({ at: `${r.kind} ${r.name}`, found: leaks(r.text) }))
      .filter((r) => r.found.length > 0);
    expect(leaked, 'nothing Rust sent to the web view carries the token').toEqual([]);
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });

  it('no file under the app\'s folders and no line of its log holds the token', async () => {
    // Closed first: the app writes its cache and settings on the way out too.
    await aut.close();
    const files = filesUnder(aut.dirs.root);
    expect(files.length, 'the app wrote files (settings, cache, exports, PDFs)').toBeGreaterThan(5);
    // The data folder may stay empty (PDFs went to the save folder): checked all the same.
    for (const folder of [aut.dirs.config, aut.dirs.cache]) {
      expect(files.some((file) => file.path.startsWith(folder)), `something was written under ${folder}`).toBe(true);
    }
    expect(
      files.some((file) => file.bytes.includes(CONNECTION)),
      'the files are read as written (the settings name the connection)',
    ).toBe(true);
    const found = files
      .map((file) => ({ path: file.path, found: leaks(file.bytes.toString('latin1')) }))
      .filter((file) => file.found.length > 0);
    expect(found, 'no file of the app holds the token').toEqual([]);

    const dailyLogs = files.filter((file) => file.path.startsWith(join(aut.dirs.config, 'logs')) && /billing-desk\.\d{4}-\d{2}-\d{2}\.log$/.test(file.path));
    expect(dailyLogs.length, 'the app wrote its daily log file, searched above like every file').toBe(1);
    expect(dailyLogs[0]!.bytes.toString('utf8'), 'at debug level, as asked').toMatch(/DEBUG/);

    const log = readFileSync(join(artifactsDir(), 'ipc-token-1.driver-and-app.log'), 'utf8');
    expect(log.length, 'the app logged (debug level)').toBeGreaterThan(1000);
    expect(log, 'the log is the app\'s own (its debug lines are there)').toMatch(/billing_(core|desk)/);
    const lines = log.split('\n').filter((line) => leaks(line).length > 0);
    expect(lines.map((line) => line.slice(0, 300)), 'no log line holds the token').toEqual([]);
  });

  it('no app log of this run holds "Bearer" or a token of the other scenarios', async () => {
    // The other groups' tokens all look like e2e-<group>-<pid>-<ms>.
    const otherTokens = /e2e-(?:token|errors|exports|faults)-\d+-\d+/;
    const logs = readdirSync(artifactsDir()).filter((name) => name.endsWith('.driver-and-app.log'));
    expect(logs, 'this group\'s log is among them').toContain('ipc-token-1.driver-and-app.log');
    const found: string[] = [];
    for (const name of logs) {
      for (const line of readFileSync(join(artifactsDir(), name), 'utf8').split('\n')) {
        if (line.includes('Bearer') || otherTokens.test(line) || line.includes(TOKEN)) found.push(`${name}: ${line.slice(0, 200)}`);
      }
    }
    expect(found, 'no app log line holds a token or an Authorization header').toEqual([]);
  });
});

/** How many answers of `command` were recorded. */
async function countOf(app: AppUnderTest['app'], command: string): Promise<number> {
  return ((await readIpcRecord(app))?.received ?? []).filter((r) => r.name === command && r.kind === 'response').length;
}

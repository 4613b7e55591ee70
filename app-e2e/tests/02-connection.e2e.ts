/**
 * A finance user's first real session, in the real window against the real stub and the real
 * Secret Service: add a connection (the token goes to the keyring), see the invoices, filter,
 * sort, open a hosted page, export a CSV, then restart and find the cached data and the token.
 * Expected values come from the stub's API read directly, not from the app.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AppUnderTest,
  allowPlainHttp,
  clickTestId,
  expectNoCspViolations,
  fill,
  keyringLookup,
  openExportMenu,
  openedUrls,
  renderedInvoiceIds,
  renderedOverdueFlags,
  waitForMatched,
} from '../src/scenario';
import { isOverdue } from '../src/rules';
import { type Stub, type WireInvoice, startStub } from '../src/stub';

const CONNECTION = 'E2E Finance';
const ORGS = ['acme-e2e', 'globex-e2e'] as const;
const TOKEN = `e2e-token-${process.pid}-${Date.now()}`;

describe('a real connection: add, browse, filter, sort, open, export, restart', () => {
  const aut = new AppUnderTest('connection');
  const dirs = aut.dirs;
  let stub: Stub;
  let stubPort: number;
  /** Invoices per org as the API sends them. */
  const byOrg = new Map<string, WireInvoice[]>();
  const all = (): WireInvoice[] => ORGS.flatMap((org) => byOrg.get(org) ?? []);
  const invoiceById = (id: string): WireInvoice => {
    const found = all().find((invoice) => invoice.id === id);
    if (!found) throw new Error(`the window shows invoice ${id}, which the API did not send`);
    return found;
  };

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    // The stub is replaced in the last test; stop whichever runs at the end.
    aut.onCleanup(() => stub.stop());
    stubPort = Number(new URL(stub.baseUrl).port);
    for (const org of ORGS) byOrg.set(org, (await stub.details(org)).invoices);
    await aut.launch();
  });

  it('adds a connection through the form; the token lands in the keyring, not in the settings', async () => {
    const app = aut.app;
    // First run shows the form at once; demo mode has a button that opens it.
    await app.waitFor('the connection form or the add-connection button', async () => {
      if ((await app.allByTestId('connection-form')).length) return true;
      const buttons = await app.allByTestId('add-connection');
      if (buttons[0]) {
        await buttons[0].click();
        return (await app.allByTestId('connection-form')).length > 0;
      }
      return false;
    });
    await fill(app, 'conn-name', CONNECTION);
    await fill(app, 'conn-base-url', stub.baseUrl);
    const tokenInput = await app.waitForTestId('conn-token');
    expect(await tokenInput.attribute('type'), 'the token is typed into a password field').toBe('password');
    await fill(app, 'conn-token', TOKEN);
    await fill(app, 'conn-org-ids', ORGS.join(', '));

    // The stub is plain http: Rust refuses it, before any request, until the user opts in.
    await clickTestId(app, 'conn-test');
    const refused = await app.waitFor('the plain http refusal', async () => {
      const text = await (await app.byTestId('conn-test-result')).text();
      return text.trim() ? text : undefined;
    });
    expect(refused).toContain('is plain http, so the API token would travel unencrypted');
    await allowPlainHttp(app, stub.baseUrl);

    await clickTestId(app, 'conn-test');
    const firstOrgCount = byOrg.get(ORGS[0])?.length ?? 0;
    const result = await app.waitFor('a connection test result', async () => {
      const text = await (await app.byTestId('conn-test-result')).text();
      return text.trim() ? text : undefined;
    });
    expect(result, `the test fetched ${ORGS[0]} once and reports its ${firstOrgCount} invoices`).toMatch(
      new RegExp(`\\b${firstOrgCount}\\b`),
    );

    await clickTestId(app, 'conn-save');
    const name = await app.waitForTestId('connection-name');
    expect(await name.text(), 'the header names the active connection').toContain(CONNECTION);
    expect(await app.allByTestId('demo-badge'), 'real data is no longer labelled Demo').toHaveLength(0);

    expect(await keyringLookup(CONNECTION), 'secret-tool finds the token under service billing-desk, account = name').toBe(
      TOKEN,
    );
    const settingsText = readDirText(dirs.config);
    expect(settingsText, 'the settings file names the connection').toContain(CONNECTION);
    expect(settingsText.includes(TOKEN), 'the token is never written to the settings').toBe(false);
  });

  it('shows the invoices of every saved organization, and of one', async () => {
    const app = aut.app;
    for (const org of ORGS) await app.waitForTestId(`org-item-${org}`);
    await clickTestId(app, 'org-all');
    await waitForMatched(app, all().length, 'All organizations = every invoice of both orgs');
    const ids = await app.waitFor('invoice rows', async () => {
      const rendered = await renderedInvoiceIds(app);
      return rendered.length ? rendered : undefined;
    });
    for (const id of ids) invoiceById(String(id));

    await clickTestId(app, `org-item-${ORGS[1]}`);
    await waitForMatched(app, byOrg.get(ORGS[1])?.length ?? -1, `only ${ORGS[1]}`);
    const own = new Set((byOrg.get(ORGS[1]) ?? []).map((invoice) => invoice.id));
    const shown = await app.waitFor(`rows of ${ORGS[1]} only`, async () => {
      const rendered = await renderedInvoiceIds(app);
      return rendered.length && rendered.every((id) => own.has(String(id))) ? rendered : undefined;
    });
    expect(shown.length, 'some rows are rendered').toBeGreaterThan(0);
    await clickTestId(app, 'org-all');
    await waitForMatched(app, all().length, 'back to all organizations');
  });

  it('lists the payment methods of an organization on their own tab', async () => {
    const app = aut.app;
    const expected = (await stub.details(ORGS[0])).paymentMethods.length;
    expect(expected, 'the demo org has payment methods').toBeGreaterThan(0);
    await clickTestId(app, `org-item-${ORGS[0]}`);
    await clickTestId(app, 'tab-payment-methods');
    await app.waitForTestId('payment-methods-table');
    await app.waitFor(`${expected} payment method rows`, async () => (await app.allByTestId('payment-method-row')).length === expected);
    await clickTestId(app, 'tab-invoices');
    await clickTestId(app, 'org-all');
    await waitForMatched(app, all().length, 'back on the invoices of all organizations');
  });

  it('search by invoice number narrows the list to the matching invoices', async () => {
    const app = aut.app;
    const target = all().find((invoice) => invoice.number);
    if (!target?.number) throw new Error('the demo data has no numbered invoice');
    const needle = target.number.toLowerCase();
    const expected = all().filter(
      (invoice) => invoice.number?.toLowerCase().includes(needle) || invoice.id.toLowerCase().includes(needle),
    );
    await fill(app, 'search-input', target.number);
    await waitForMatched(app, expected.length, `search "${target.number}"`);
    const ids = await app.waitFor('the matching rows', async () => {
      const rendered = await renderedInvoiceIds(app);
      return rendered.length === expected.length ? rendered : undefined;
    });
    expect(new Set(ids), 'exactly the invoices whose number or id contains the text').toEqual(
      new Set(expected.map((invoice) => invoice.id)),
    );
    await fill(app, 'search-input', '');
    await waitForMatched(app, all().length, 'clearing the search shows everything again');
  });

  it('"overdue only" shows exactly the overdue invoices, marked as such', async () => {
    const app = aut.app;
    const expected = all().filter((invoice) => isOverdue(invoice, Date.now()));
    expect(expected.length, 'the demo data has overdue invoices (else this test proves nothing)').toBeGreaterThan(0);
    expect(expected.length, 'and invoices that are not overdue').toBeLessThan(all().length);
    await clickTestId(app, 'filter-overdue');
    await waitForMatched(app, expected.length, 'overdue only');
    const flags = await app.waitFor('only overdue rows', async () => {
      const rendered = await renderedOverdueFlags(app);
      return rendered.length && rendered.every((flag) => flag === 'true') ? rendered : undefined;
    });
    expect(flags.length, 'overdue rows are rendered').toBeGreaterThan(0);
    const ids = await renderedInvoiceIds(app);
    const overdueIds = new Set(expected.map((invoice) => invoice.id));
    expect(
      ids.filter((id) => !overdueIds.has(String(id))),
      'no row that the API data says is not overdue',
    ).toEqual([]);
  });

  it('sorting by total groups the rows by currency, each ascending, then descending', async () => {
    const app = aut.app;
    const shown = async (): Promise<WireInvoice[]> =>
      (await renderedInvoiceIds(app)).map((id) => invoiceById(String(id))).filter((invoice) => invoice.total !== null);
    const code = (invoice: WireInvoice) => (invoice.currency ?? '').toUpperCase();
    /** One run per currency, codes A to Z, and totals in `direction` within each run. */
    const inOrder = (invoices: WireInvoice[], direction: 1 | -1) =>
      invoices.every((invoice, i) => {
        const before = invoices[i - 1];
        if (!before) return true;
        if (code(before) !== code(invoice)) return code(before) < code(invoice);
        return direction * ((invoice.total ?? 0) - (before.total ?? 0)) >= 0;
      });

    await clickTestId(app, 'sort-total');
    const ascending = await app.waitFor('rows by currency, totals ascending', async () => {
      const invoices = await shown();
      return invoices.length > 1 && inOrder(invoices, 1) ? invoices : undefined;
    });
    await clickTestId(app, 'sort-total');
    const descending = await app.waitFor('rows by currency, totals descending', async () => {
      const invoices = await shown();
      return invoices.length > 1 && inOrder(invoices, -1) && !inOrder(invoices, 1) ? invoices : undefined;
    });
    expect(code(descending[0]!), 'descending reverses the totals, not the order of the currencies').toBe(code(ascending[0]!));
    const seenFirst = ascending.filter((invoice) => code(invoice) === code(descending[0]!)).map((invoice) => invoice.total ?? 0);
    expect(descending[0]!.total, 'the largest total of the first currency comes first').toBeGreaterThanOrEqual(Math.max(...seenFirst));
  });

  it('"open hosted page" hands the exact hosted URL from the API to the opener', async () => {
    const app = aut.app;
    const row = await app.waitForTestId('invoice-row');
    const id = String(await row.attribute('data-invoice-id'));
    const expectedUrl = invoiceById(id).hostedInvoiceUrl;
    expect(expectedUrl, `invoice ${id} has a hosted page in the API data`).toBeTruthy();
    await (await row.find('[data-testid="open-hosted"]')).click();
    const opened = await app.waitFor('the opener log to receive a URL', async () => {
      const lines = openedUrls(dirs);
      return lines.length ? lines : undefined;
    });
    expect(opened, 'exactly one URL, the hosted page of the clicked invoice, byte for byte').toEqual([expectedUrl]);
  });

  it('exports the current view (overdue only) as CSV: BOM, CRLF, header, one record per matched invoice', async () => {
    const app = aut.app;
    const matched = await app.matchedCount();
    await openExportMenu(app);
    await clickTestId(app, 'export-csv');
    await app.waitFor('the export result', async () => {
      const text = await (await app.byTestId('export-result')).text();
      return text.trim() ? text : undefined;
    });
    const bytes = readFileSync(join(dirs.save, 'billing-desk-export.csv'));
    expect([...bytes.subarray(0, 3)], 'a UTF-8 byte-order mark, for Excel').toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n'), 'the last record ends with CRLF').toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n'), 'no bare LF (every line break is CRLF; no field here has one)').toBe(
      false,
    );
    const lines = text.slice(0, -2).split('\r\n');
    const header = (lines[0] ?? '').split(',');
    for (const column of ['number', 'id', 'status', 'currency', 'total', 'overdue']) {
      expect(header, `the header has the ${column} column`).toContain(column);
    }
    const records = lines.slice(1);
    expect(records.length, 'one record per matched invoice (the whole view, not the rendered page)').toBe(matched);
    const idColumn = header.indexOf('id');
    const overdueColumn = header.indexOf('overdue');
    const now = Date.now();
    for (const record of records) {
      const fields = record.split(',');
      const id = fields[idColumn] ?? '';
      expect(isOverdue(invoiceById(id), now), `${id} is overdue in the API data`).toBe(true);
      expect(fields[overdueColumn], `${id} is marked overdue in the file`).toBe('true');
    }
    // The export is in the connection's history, which `bdesk history` reads too.
    const log = readFileSync(join(dirs.data, 'history', CONNECTION, 'history.jsonl'), 'utf8').trim().split('\n');
    const entry = JSON.parse(log.at(-1) ?? '{}') as { rows: number; sha256: string; connection: string };
    expect(entry.connection).toBe(CONNECTION);
    expect(entry.rows, 'the history records the rows written').toBe(matched);
    expect(entry.sha256, 'and the file\'s SHA-256').toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await (await app.byTestId('export-result')).text()).toContain(`export ${log.length} of the history`);
  });

  it('raised no CSP violation in the first session', async () => {
    await expectNoCspViolations(aut.app);
  });

  it('after a restart with the server down, shows the cached invoices at once with a stale banner; the token is still in the keyring', async () => {
    const before = all().length;
    await aut.close();
    await stub.stop();
    const app = await aut.launch();
    await app.waitForTestId('stale-banner', { timeoutMs: 30_000 });
    const name = await app.waitForTestId('connection-name');
    expect(await name.text(), 'the saved connection is active again').toContain(CONNECTION);
    await clickTestId(app, 'org-all');
    await waitForMatched(app, before, 'every cached invoice of both orgs');
    const ids = await renderedInvoiceIds(app);
    expect(ids.length, 'cached rows are rendered').toBeGreaterThan(0);
    for (const id of ids) invoiceById(String(id));
    expect(await keyringLookup(CONNECTION), 'the token survived the restart in the keyring').toBe(TOKEN);
    // The app refreshes in the background at start-up. Let that refresh fail for every org
    // before the server comes back: a Refresh clicked while it still runs would join it and
    // report its failure, which is not what the next test is about.
    for (const org of ORGS) {
      await app.waitForCss(`[data-testid="org-item-${org}"].org-failed`, { timeoutMs: 30_000 });
    }
    expect(await app.allByTestId('invoice-row'), 'the cached rows stay shown after the failed refresh').not.toHaveLength(0);
  });

  it('refreshes once the server is back: the stale banner goes away', async () => {
    const app = aut.app;
    stub = await startStub(TOKEN, stubPort);
    await clickTestId(app, 'refresh-button');
    await app.waitFor(
      'the stale banner to disappear',
      async () => (await app.allByTestId('stale-banner')).length === 0,
      { timeoutMs: 30_000 },
    );
    expect(await app.allByTestId('error-banner'), 'no error after a successful refresh').toHaveLength(0);
    await waitForMatched(app, all().length, 'fresh data of both orgs');
    await expectNoCspViolations(app);
  });
});

/** Every file under `dir`, concatenated as text (the settings store's exact layout is not ours). */
function readDirText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

/**
 * The top tasks with the keyboard alone, in the real window: no mouse, no element click, no
 * typing into an element by reference and no script that changes the page. Every action is a
 * key press sent to whatever has the focus (WebDriver's key actions); the page is only read,
 * to check where the focus is after each key and what the keys did. A failure names the step
 * whose key landed somewhere unexpected.
 *
 * The tasks: add a connection (palette "Add connection", then the form), load its organizations, turn on "overdue
 * only", sort by total from the grid's header, open the focused invoice's hosted page, export
 * the view as CSV and download the view's PDFs. Expected values come from the stub's API.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { isOverdue } from '../src/rules';
import {
  AppUnderTest,
  expectNoCspViolations,
  keyringLookup,
  openedUrls,
  renderedInvoiceIds,
  renderedOverdueFlags,
  waitForMatched,
} from '../src/scenario';
import { type Stub, type WireInvoice, startStub } from '../src/stub';
import { KEY } from '../src/webdriver';

const CONNECTION = 'E2E Keyboard';
/** The organizations of 02-connection: both have overdue invoices, every one with a PDF. */
const ORGS = ['acme-e2e', 'globex-e2e'] as const;
const TOKEN = `e2e-keyboard-${process.pid}-${Date.now()}`;

/** What has the focus: enough to tell every stop of this walk apart. */
interface Focus {
  testid: string | null;
  tag: string;
  role: string | null;
  /** The invoice of the grid row the focus is in, if any. */
  invoice: string | null;
  /** `aria-rowindex` of that row (1 = the header row). */
  rowIndex: number | null;
  inGrid: boolean;
  text: string;
}

const FOCUSED = `const element = document.activeElement;
  const row = element ? element.closest('[role=row]') : null;
  return element === null ? null : {
    testid: element.getAttribute('data-testid'),
    tag: element.tagName.toLowerCase(),
    role: element.getAttribute('role'),
    invoice: row ? row.getAttribute('data-invoice-id') : null,
    rowIndex: row ? Number(row.getAttribute('aria-rowindex')) : null,
    inGrid: element.closest('[role=grid]') !== null,
    text: (element.textContent || '').trim().slice(0, 60),
  };`;

async function focused(app: App): Promise<Focus> {
  const focus = await app.session.execute<Focus | null>(FOCUSED);
  return focus ?? { testid: null, tag: 'nothing', role: null, invoice: null, rowIndex: null, inGrid: false, text: '' };
}

const describeFocus = (focus: Focus): string =>
  `${focus.tag}${focus.role ? `[${focus.role}]` : ''}${focus.testid ? `#${focus.testid}` : ''}${focus.invoice ? ` in row of ${focus.invoice}` : ''}${focus.text ? ` "${focus.text}"` : ''}`;

/** Presses Tab once and checks that the focus is now on `testid`. */
async function tabTo(app: App, testid: string, step: string): Promise<void> {
  await app.session.keys([KEY.tab]);
  const focus = await focused(app);
  expect(focus.testid, `${step}: Tab moves the focus to ${testid}, not to ${describeFocus(focus)}`).toBe(testid);
}

/**
 * Presses Tab until `reached` says the focus arrived (at most `max` presses); returns the
 * stops passed on the way, so a failure lists where the Tab key went.
 */
async function tabUntil(app: App, what: string, reached: (focus: Focus) => boolean, max: number): Promise<Focus> {
  const path: string[] = [];
  for (let presses = 1; presses <= max; presses++) {
    await app.session.keys([KEY.tab]);
    const focus = await focused(app);
    if (reached(focus)) return focus;
    path.push(describeFocus(focus));
  }
  throw new Error(`${max} presses of Tab never reached ${what}; the focus went to: ${path.join(' → ')}`);
}

/** Waits until the focus is on `testid` (a re-render may move it a moment after a key). */
async function waitForFocus(app: App, testid: string, why: string): Promise<Focus> {
  let last: Focus | undefined;
  try {
    return await app.waitFor(`the focus on ${testid} (${why})`, async () => {
      last = await focused(app);
      return last.testid === testid ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)}; it is on ${last ? describeFocus(last) : 'nothing'}`, { cause: error });
  }
}

/**
 * Ctrl+K, types `words`, checks that the palette's highlighted command is `label`, and runs
 * it with Enter. The palette closes.
 */
async function runCommand(app: App, words: string, label: string): Promise<void> {
  await app.session.keys([KEY.control, 'k']);
  await waitForFocus(app, 'command-palette-input', 'Ctrl+K opens the palette in its combobox');
  await app.session.keys(words);
  const active = await app.waitFor(`the palette to highlight "${label}" for "${words}"`, async () => {
    const options = await app.session.findAll('[data-testid="command-palette-option"][aria-selected="true"]');
    const text = options[0] ? (await options[0].text()).trim() : '';
    return text === label ? text : undefined;
  });
  expect(active).toBe(label);
  await app.session.keys([KEY.enter]);
  await app.waitFor('the palette to close after Enter', async () => (await app.allByTestId('command-palette')).length === 0);
}

/** The `aria-sort` of the header cell holding the sort button `testid`. */
async function ariaSort(app: App, testid: string): Promise<string | null> {
  return app.session.execute<string | null>(
    `const button = document.querySelector('[data-testid="' + arguments[0] + '"]');
     const header = button ? button.closest('[role=columnheader]') : null;
     return header ? header.getAttribute('aria-sort') : null;`,
    testid,
  );
}

describe('keyboard only: add a connection, load, filter, sort, open, export, download PDFs', () => {
  const aut = new AppUnderTest('keyboard');
  const dirs = aut.dirs;
  let stub: Stub;
  const byOrg = new Map<string, WireInvoice[]>();
  const all = (): WireInvoice[] => ORGS.flatMap((org) => byOrg.get(org) ?? []);
  let overdue: WireInvoice[] = [];
  const invoiceById = (id: string): WireInvoice => {
    const found = all().find((invoice) => invoice.id === id);
    if (!found) throw new Error(`the window shows invoice ${id}, which the API did not send`);
    return found;
  };
  const code = (invoice: WireInvoice) => (invoice.currency ?? '').toUpperCase();
  /** One run per currency, codes A to Z, and totals in `direction` within each run (the app's money sort). */
  const sortedByTotal = (invoices: readonly WireInvoice[], direction: 1 | -1) =>
    invoices.every((invoice, i) => {
      const before = invoices[i - 1];
      if (!before) return true;
      if (code(before) !== code(invoice)) return code(before) < code(invoice);
      return direction * ((invoice.total ?? 0) - (before.total ?? 0)) >= 0;
    });
  /** The rendered rows of the grid after the sort, top to bottom: the CSV starts with them. */
  let sortedIds: string[] = [];

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    for (const org of ORGS) byOrg.set(org, (await stub.details(org)).invoices);
    overdue = all().filter((invoice) => isOverdue(invoice, Date.now()));
    await aut.launch();
  });

  it('adds a connection: palette "Add connection", then Tab, typing, Space and Enter; the token lands in the keyring', async () => {
    const app = aut.app;
    // A fresh installation opens on the demo data; the palette offers "Add connection".
    await app.waitFor('demo invoice rows', async () => (await renderedInvoiceIds(app)).length > 0, { timeoutMs: 30_000 });
    await runCommand(app, 'add conn', 'Add connection');
    await app.waitForTestId('connection-form');
    // The form replaces the desk the palette was over: the focus goes to its first field.
    const name = await waitForFocus(app, 'conn-name', 'the form opened by "Add connection" takes the focus');
    expect(name.tag).toBe('input');
    await app.session.keys(CONNECTION);
    await tabTo(app, 'conn-base-url', 'after the name');
    await app.session.keys(stub.baseUrl);
    // The opt-in appears once the address is plain http, right after the address field.
    await tabTo(app, 'conn-allow-plain-http', 'after the plain http address');
    await app.session.keys([KEY.space]);
    expect(
      await app.session.execute<boolean>('return document.querySelector(\'[data-testid="conn-allow-plain-http"]\').checked;'),
      'Space ticks "Allow plain http"',
    ).toBe(true);
    await tabTo(app, 'conn-token', 'after the plain http opt-in');
    await app.session.keys(TOKEN);
    await tabTo(app, 'conn-org-ids', 'after the token');
    await app.session.keys(ORGS.join(', '));
    await tabTo(app, 'conn-test', 'after the organization IDs');
    await tabTo(app, 'conn-save', 'after Test connection');
    expect(
      await app.session.execute<boolean>('return document.querySelector(\'[data-testid="conn-save"]\').disabled;'),
      'Save is enabled: every field was typed',
    ).toBe(false);
    await app.session.keys([KEY.enter]);

    await app.waitFor(`the header to name ${CONNECTION}`, async () => {
      const names = await app.allByTestId('connection-name');
      return names[0] !== undefined && (await names[0].text()).includes(CONNECTION);
    });
    expect(await app.allByTestId('demo-badge'), 'real data, not the demo').toHaveLength(0);
    expect(await keyringLookup(CONNECTION), 'secret-tool finds the token under service billing-desk, account = name').toBe(TOKEN);
  });

  it('loads the organizations: one through the palette, then all of them again', async () => {
    const app = aut.app;
    for (const org of ORGS) await app.waitForTestId(`org-item-${org}`);
    await waitForMatched(app, all().length, 'every invoice of both organizations once they are loaded');
    // The fetch at start-up must be over: the palette lists Refresh as runnable then.
    await app.waitFor('the first fetch to end', async () => (await (await app.byTestId('refresh-button')).property('disabled')) === false, {
      timeoutMs: 30_000,
    });

    await runCommand(app, ORGS[1], `Organization: ${ORGS[1]}`);
    await waitForMatched(app, byOrg.get(ORGS[1])?.length ?? -1, `only ${ORGS[1]}`);
    const own = new Set((byOrg.get(ORGS[1]) ?? []).map((invoice) => invoice.id));
    await app.waitFor(`rows of ${ORGS[1]} only`, async () => {
      const rendered = await renderedInvoiceIds(app);
      return rendered.length > 0 && rendered.every((id) => own.has(String(id)));
    });

    await runCommand(app, 'all org', 'Organization: All organizations');
    await waitForMatched(app, all().length, 'back to all organizations');
  });

  it('turns on "overdue only" from the palette', async () => {
    const app = aut.app;
    expect(overdue.length, 'the data has overdue invoices').toBeGreaterThan(1);
    expect(overdue.length, 'and invoices that are not').toBeLessThan(all().length);
    await runCommand(app, 'overdue', 'Overdue only: turn on');
    await waitForMatched(app, overdue.length, 'overdue only');
    expect(
      await app.session.execute<boolean>('return document.querySelector(\'[data-testid="filter-overdue"]\').checked;'),
      'the filter bar shows it on',
    ).toBe(true);
    const want = new Set(overdue.map((invoice) => invoice.id));
    // The grid renders the rows in view: those must all be overdue ones (the CSV below has them all).
    const ids = await app.waitFor('only overdue rows', async () => {
      const flags = await renderedOverdueFlags(app);
      const rendered = (await renderedInvoiceIds(app)).map(String);
      return rendered.length > 1 && flags.every((flag) => flag === 'true') && rendered.every((id) => want.has(id)) ? rendered : undefined;
    });
    expect(ids.length, 'overdue rows are rendered').toBeGreaterThan(1);
  });

  it('sorts by total from the grid header: Tab into the grid, ArrowUp, ArrowRight to Total, Enter', async () => {
    const app = aut.app;
    // Ctrl+F puts the focus in the search box; the grid is a few Tabs further.
    await app.session.keys([KEY.control, 'f']);
    await waitForFocus(app, 'search-input', 'Ctrl+F');
    const cell = await tabUntil(app, 'the invoice grid', (focus) => focus.inGrid, 30);
    const firstRow = (await renderedInvoiceIds(app)).map(String)[0];
    expect(cell, 'Tab enters the grid on the first cell of the first invoice').toMatchObject({
      role: 'gridcell',
      rowIndex: 2,
      invoice: firstRow,
    });

    await app.session.keys([KEY.up]);
    let focus = await focused(app);
    expect(focus.rowIndex, `ArrowUp from the first row goes to the header row, not ${describeFocus(focus)}`).toBe(1);
    expect(focus.testid ?? '', 'onto a sort button').toMatch(/^sort-/);
    const visited = [focus.testid];
    while (focus.testid !== 'sort-total') {
      await app.session.keys([KEY.right]);
      const next = await focused(app);
      expect(next.testid, `ArrowRight moves to the next header after ${visited.join(', ')}`).not.toBe(focus.testid);
      expect(next.testid ?? '', `ArrowRight stays in the header, not on ${describeFocus(next)}`).toMatch(/^sort-|^$/);
      focus = next;
      visited.push(focus.testid);
      expect(visited.length, 'Total is among the first headers').toBeLessThan(12);
    }
    expect(await ariaSort(app, 'sort-total'), 'not sorted by total yet').toBe('none');

    const shown = async () => (await renderedInvoiceIds(app)).map((id) => invoiceById(String(id)));
    await app.session.keys([KEY.enter]);
    await app.waitFor('aria-sort ascending on Total', async () => (await ariaSort(app, 'sort-total')) === 'ascending');
    const ascending = await app.waitFor('rows by currency, totals ascending', async () => {
      const invoices = await shown();
      return invoices.length > 1 && sortedByTotal(invoices, 1) ? invoices : undefined;
    });
    expect((await focused(app)).testid, 'the focus stays on the Total header through the sort').toBe('sort-total');

    await app.session.keys([KEY.enter]);
    await app.waitFor('aria-sort descending on Total', async () => (await ariaSort(app, 'sort-total')) === 'descending');
    const descending = await app.waitFor('rows by currency, totals descending', async () => {
      const invoices = await shown();
      return invoices.length > 1 && sortedByTotal(invoices, -1) && !sortedByTotal(invoices, 1) ? invoices : undefined;
    });
    expect(code(descending[0]!), 'descending reverses the totals within each currency').toBe(code(ascending[0]!));
    expect((await focused(app)).testid, 'the focus is still on the Total header').toBe('sort-total');
    sortedIds = descending.map((invoice) => invoice.id);
  });

  it('opens the focused invoice with Enter: the opener gets exactly its hosted URL', async () => {
    const app = aut.app;
    expect(sortedIds.length, 'the sort step left the order').toBeGreaterThan(1);
    await app.session.keys([KEY.down]);
    let focus = await focused(app);
    expect(focus, 'ArrowDown from the Total header: the Total cell of the first invoice').toMatchObject({
      role: 'gridcell',
      rowIndex: 2,
      invoice: sortedIds[0],
    });
    await app.session.keys([KEY.down]);
    focus = await focused(app);
    expect(focus, 'ArrowDown again: the second invoice of the sorted view').toMatchObject({ role: 'gridcell', rowIndex: 3, invoice: sortedIds[1] });

    const target = invoiceById(sortedIds[1]!);
    expect(target.hostedInvoiceUrl, `${target.id} has a hosted page in the API data`).toBeTruthy();
    expect(openedUrls(dirs), 'nothing was opened before').toEqual([]);
    await app.session.keys([KEY.enter]);
    const opened = await app.waitFor('the opener log to receive a URL', async () => {
      const lines = openedUrls(dirs);
      return lines.length ? lines : undefined;
    });
    expect(opened, 'exactly one URL: the hosted page of the focused invoice, byte for byte').toEqual([target.hostedInvoiceUrl]);
    expect((await focused(app)).invoice, 'the focus stays on that invoice').toBe(target.id);
  });

  it('exports the view as CSV from the palette: the overdue invoices in the sorted order; the focus comes back to the grid', async () => {
    const app = aut.app;
    const before = await focused(app);
    await runCommand(app, 'export csv', 'Export CSV');
    await app.waitFor('the export result', async () => {
      const lines = await app.allByTestId('export-result');
      const text = lines[0] ? await lines[0].text() : '';
      return text.trim() ? text : undefined;
    }, { timeoutMs: 30_000 });
    const after = await focused(app);
    expect(after, 'closing the palette gives the focus back to the grid cell it came from').toMatchObject({
      role: before.role,
      invoice: before.invoice,
      rowIndex: before.rowIndex,
    });

    const bytes = readFileSync(join(dirs.save, 'billing-desk-export.csv'));
    expect([...bytes.subarray(0, 3)], 'a UTF-8 byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').replace(/\r\n$/, '').split('\r\n');
    const header = (lines[0] ?? '').split(',');
    const idColumn = header.indexOf('id');
    const overdueColumn = header.indexOf('overdue');
    expect(idColumn, 'the header has an id column').toBeGreaterThanOrEqual(0);
    const records = lines.slice(1).map((line) => line.split(','));
    const ids = records.map((fields) => fields[idColumn] ?? '');
    expect(new Set(ids), 'one record per overdue invoice: the whole view, not the rendered rows').toEqual(new Set(overdue.map((invoice) => invoice.id)));
    expect(ids, 'no invoice twice').toHaveLength(overdue.length);
    expect(ids.slice(0, sortedIds.length), 'in the order the grid shows, from its first row').toEqual(sortedIds);
    expect(sortedByTotal(ids.map(invoiceById), -1), 'the whole file in the sort chosen: by currency, totals descending').toBe(true);
    for (const fields of records) expect(fields[overdueColumn], `${fields[idColumn]} is marked overdue`).toBe('true');
  });

  it('downloads the PDFs of the view from the palette: one real PDF per overdue invoice', async () => {
    const app = aut.app;
    const withPdf = overdue.filter((invoice) => invoice.invoicePdf);
    expect(withPdf.length, 'the overdue invoices have PDFs').toBeGreaterThan(0);
    await runCommand(app, 'download pdfs', 'Download PDFs of this view');
    const result = await app.waitFor('the PDF download result', async () => {
      const lines = await app.allByTestId('pdfs-result');
      return lines[0] ? lines[0].text() : undefined;
    }, { timeoutMs: 60_000 });
    expect(result, 'every PDF of the view downloaded, none failed').toMatch(new RegExp(`\\b${withPdf.length} downloaded\\b.*\\b0 failed\\b`));

    const dir = join(dirs.save, 'pdfs');
    const pdfs = readdirSync(dir).filter((name) => name.endsWith('.pdf'));
    expect(pdfs.length, 'one file per overdue invoice with a PDF (the view, not every invoice)').toBe(withPdf.length);
    for (const name of pdfs) {
      expect(readFileSync(join(dir, name)).subarray(0, 5).toString('latin1'), `${name} is a real PDF`).toBe('%PDF-');
    }
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { entries: { invoiceId: string }[] };
    expect(new Set(index.entries.map((entry) => entry.invoiceId)), 'the archive index lists exactly the overdue invoices').toEqual(
      new Set(withPdf.map((invoice) => invoice.id)),
    );
  });

  it('the token is still in the keyring, and the page raised no CSP violation', async () => {
    expect(await keyringLookup(CONNECTION)).toBe(TOKEN);
    await expectNoCspViolations(aut.app);
  });
});

/**
 * The view and what leaves the window: the created-date and currency filters (exact sets from
 * the API data), the JSON and XLSX exports of the view (read back, checked against the API),
 * the manifest, the bulk PDF download with its progress, and "copy link".
 * Exports go to BDESK_TEST_SAVE_DIR instead of a dialog; the app runs with TZ=UTC so the
 * date inputs' local days are UTC days.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { installIpcRecorder, readIpcRecord } from '../src/ipc-recorder';
import { createdWithin, exponentOf, isOverdue, utcDay } from '../src/rules';
import {
  AppUnderTest,
  addConnection,
  clickTestId,
  expectNoCspViolations,
  openExportMenu,
  waitForMatched,
  waitForRows,
} from '../src/scenario';
import { type Stub, type WireInvoice, startStub } from '../src/stub';
import { readXlsx } from '../src/xlsx';

const CONNECTION = 'E2E Exports';
const ORGS = ['initech-e2e', 'umbrella-e2e'] as const;
const TOKEN = `e2e-exports-${process.pid}-${Date.now()}`;
/** The currency filtered on; the demo data has EUR invoices created 50, 64 and 75 days ago. */
const CURRENCY = 'EUR';
/** A created-date window that keeps the 64-day-old EUR invoice and drops the other two. */
const FROM_DAYS_AGO = 70;
const TO_DAYS_AGO = 55;

/**
 * Types `day` ("YYYY-MM-DD", or "" to clear) into a date input the way a user does: WebKit's
 * date field reads the locale's short date ("09/16/2026" in en-US), so the day is typed in
 * that shape, then Tab commits it (the change event the UI listens to).
 */
async function setDate(app: App, id: string, day: string): Promise<void> {
  const input = await app.waitForTestId(id);
  await input.clear();
  if (day) {
    const typed = await app.session.execute<string>(
      `const [year, month, date] = arguments[0].split('-');
       const digits = { year, month, day: date };
       return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' })
         .formatToParts(new Date(Date.UTC(2000, 0, 1)))
         .map((part) => digits[part.type] ?? part.value)
         .join('');`,
      day,
    );
    await input.type(`${typed}\uE004`);
  }
  expect(await input.property('value'), `the ${id} input holds ${day || 'nothing'}`).toBe(day);
}

/** Picks the currency menu's option whose value is `value` ("" = All) by clicking it. */
async function pickCurrency(app: App, value: string): Promise<void> {
  const option = await app.waitFor(`the ${value || 'All'} currency option`, async () => {
    for (const candidate of await app.session.findAll('[data-testid="filter-currency"] option')) {
      if ((await candidate.property('value')) === value) return candidate;
    }
    return undefined;
  });
  await option.click();
  expect(await (await app.byTestId('filter-currency')).property('value'), 'the menu shows the pick').toBe(value);
}

/** Waits for the export line naming the file, after clicking `export-<format>`. */
async function exportView(app: App, format: 'json' | 'xlsx', previous: string): Promise<string> {
  await openExportMenu(app);
  await clickTestId(app, `export-${format}`);
  return app.waitFor(`the ${format} export result`, async () => {
    const lines = await app.allByTestId('export-result');
    const text = lines[0] ? await lines[0].text() : '';
    return text.includes(`.${format}`) && text !== previous ? text : undefined;
  });
}

/** Closes the export menu when it is open (it covers the right side of the table). */
async function closeExportMenu(app: App): Promise<void> {
  if ((await app.allByTestId('export-menu')).length) await clickTestId(app, 'export-button');
  await app.waitFor('the export menu to close', async () => (await app.allByTestId('export-menu')).length === 0);
}

describe('filters, exports, PDFs and copy link of the current view', () => {
  const aut = new AppUnderTest('exports');
  const dirs = aut.dirs;
  let stub: Stub;
  const byOrg = new Map<string, WireInvoice[]>();
  const all = (): WireInvoice[] => ORGS.flatMap((org) => byOrg.get(org) ?? []);
  const orgOf = new Map<string, string>();
  let lastExport = '';
  /** The invoice whose link "copy link" copied, and what should reach the clipboard. */
  const copied = { id: '', url: '', label: '' };
  /** The invoices of the filtered view of the first tests (currency and created dates). */
  let filtered: WireInvoice[] = [];

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    for (const org of ORGS) {
      const invoices = (await stub.details(org)).invoices;
      byOrg.set(org, invoices);
      for (const invoice of invoices) orgOf.set(invoice.id, org);
    }
    const app = await aut.launch({ TZ: 'UTC' });
    await installIpcRecorder(app);
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: ORGS });
    for (const org of ORGS) await app.waitForTestId(`org-item-${org}`);
    await clickTestId(app, 'org-all');
    await waitForMatched(app, all().length, 'every invoice of both orgs');
  });

  it('the currency filter shows exactly the invoices in that currency', async () => {
    const app = aut.app;
    const expected = all().filter((invoice) => invoice.currency?.toUpperCase() === CURRENCY);
    expect(expected.length, `the demo data has ${CURRENCY} invoices`).toBeGreaterThan(2);
    expect(expected.length, 'and invoices in other currencies').toBeLessThan(all().length);
    await pickCurrency(app, CURRENCY);
    await waitForMatched(app, expected.length, `currency ${CURRENCY}`);
    await waitForRows(app, expected.map((invoice) => invoice.id), `in ${CURRENCY} only`);
  });

  it('a created-date range on top narrows to the invoices created within it, both days included', async () => {
    const app = aut.app;
    const now = Date.now();
    const from = utcDay(now, FROM_DAYS_AGO);
    const to = utcDay(now, TO_DAYS_AGO);
    const inCurrency = all().filter((invoice) => invoice.currency?.toUpperCase() === CURRENCY);
    filtered = inCurrency.filter((invoice) => createdWithin(invoice, from, to));
    expect(filtered.length, `some ${CURRENCY} invoices were created from ${from} to ${to}`).toBeGreaterThan(0);
    expect(filtered.length, 'and some were not (else the range proves nothing)').toBeLessThan(inCurrency.length);
    await setDate(app, 'filter-created-from', from);
    await setDate(app, 'filter-created-to', to);
    await waitForMatched(app, filtered.length, `${CURRENCY}, created ${from} to ${to}`);
    await waitForRows(app, filtered.map((invoice) => invoice.id), `in ${CURRENCY} created ${from} to ${to}`);
  });

  it('exports the filtered view as JSON: one record per matched invoice, with the API values', async () => {
    const app = aut.app;
    lastExport = await exportView(app, 'json', lastExport);
    const file = JSON.parse(readFileSync(join(dirs.save, 'billing-desk-export.json'), 'utf8')) as {
      kind: string;
      organizations: string[];
      invoices: Record<string, unknown>[];
      totals: { currency: string | null; count: number }[];
    };
    expect(file.kind, 'an invoices export').toBe('invoices');
    expect(file.invoices.length, 'as many records as the window counts').toBe(await app.matchedCount());
    expect(new Set(file.organizations), 'both organizations of the view are named').toEqual(new Set(ORGS));
    expect(
      file.invoices.map((record) => record.id).sort(),
      'exactly the invoices of the filtered view, each once',
    ).toEqual(filtered.map((invoice) => invoice.id).sort());
    const now = Date.now();
    for (const record of file.invoices) {
      const wire = filtered.find((invoice) => invoice.id === record.id);
      if (!wire) throw new Error(`the JSON has ${String(record.id)}, which is not in the view`);
      expect(record.org, `${wire.id}: its organization`).toBe(orgOf.get(wire.id));
      expect(record.number, `${wire.id}: the number as sent`).toBe(wire.number);
      expect(record.status, `${wire.id}: the status as sent`).toBe(wire.status);
      expect(record.currency, `${wire.id}: the uppercase currency`).toBe(CURRENCY);
      expect(record.total, `${wire.id}: the total in minor units, as sent`).toBe(wire.total);
      expect(record.amountRemaining, `${wire.id}: the remaining amount in minor units`).toBe(wire.amountRemaining);
      expect(record.createdAt, `${wire.id}: the created date, tagged valid, same instant`).toMatchObject({ kind: 'valid' });
      const created = (record.createdAt as { value: string }).value;
      expect(Date.parse(created), `${wire.id}: same instant as the API's createdAt`).toBe(Date.parse(String(wire.createdAt)));
      expect(record.hostedInvoiceUrl, `${wire.id}: the hosted link as sent`).toBe(wire.hostedInvoiceUrl);
      expect(record.invoicePdf, `${wire.id}: the PDF link as sent`).toBe(wire.invoicePdf);
      expect(record.overdue, `${wire.id}: overdue by the core's rule`).toBe(isOverdue(wire, now));
    }
    expect(
      file.totals.reduce((sum, group) => sum + group.count, 0),
      'the totals cover the same invoices',
    ).toBe(filtered.length);
  });

  it('exports the whole view as XLSX with a manifest: header, one row per invoice, typed values, no formula', async () => {
    const app = aut.app;
    await pickCurrency(app, '');
    await setDate(app, 'filter-created-from', '');
    await setDate(app, 'filter-created-to', '');
    await waitForMatched(app, all().length, 'filters cleared: every invoice');
    await waitForRows(app, all().map((invoice) => invoice.id), 'of every invoice, read by scrolling the table');
    await openExportMenu(app);
    const manifestBox = await app.waitForTestId('export-manifest');
    if (!(await manifestBox.property('checked'))) await manifestBox.click();
    expect(await manifestBox.property('checked'), 'the manifest option is on').toBe(true);
    lastExport = await exportView(app, 'xlsx', lastExport);
    expect(lastExport, 'the result line names the manifest').toContain('manifest');

    const bytes = readFileSync(join(dirs.save, 'billing-desk-export.xlsx'));
    const book = readXlsx(bytes);
    expect(book.sheetNames[0], 'the invoices come first').toBe('Invoices');
    for (const [part, xml] of book.worksheetXml) {
      expect(/<f[\s>/]/.test(xml), `${part} holds no formula`).toBe(false);
    }
    const sheet = book.sheet('Invoices');
    expect(sheet.formulaCells, 'no cell of the invoices sheet is a formula').toEqual([]);
    const [header = [], ...rows] = sheet.rows;
    for (const column of ['org', 'number', 'id', 'status', 'currency', 'total', 'createdAt', 'overdue']) {
      expect(header, `the header has the ${column} column`).toContain(column);
    }
    expect(rows.length, 'one row per invoice of the view').toBe(all().length);
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((row) => row[col('id')]).sort(), 'every invoice once').toEqual(all().map((i) => i.id).sort());
    const now = Date.now();
    for (const row of rows) {
      const wire = all().find((invoice) => invoice.id === row[col('id')]);
      if (!wire) throw new Error(`the sheet has ${String(row[col('id')])}, which the API did not send`);
      expect(row[col('org')], `${wire.id}: its organization`).toBe(orgOf.get(wire.id));
      expect(row[col('status')], `${wire.id}: the status text`).toBe(wire.status);
      expect(row[col('currency')], `${wire.id}: the uppercase currency`).toBe(wire.currency?.toUpperCase());
      const exponent = exponentOf(wire.currency ?? '');
      expect(row[col('total')], `${wire.id}: the total is a number in major units`).toBeCloseTo(
        (wire.total ?? Number.NaN) / 10 ** exponent,
        exponent,
      );
      expect(row[col('overdue')], `${wire.id}: overdue is a boolean by the core's rule`).toBe(isOverdue(wire, now));
    }

    const manifestPath = join(dirs.save, 'billing-desk-export.xlsx.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    expect(manifest.format, 'the manifest describes the XLSX file').toBe('xlsx');
    expect(manifest.rowCount, 'its row count is the view').toBe(all().length);
    expect(manifest.bytes, 'its size is the file on disk').toBe(bytes.length);
    expect(manifest.sha256, 'its checksum is the file on disk').toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(new Set(manifest.organizations as string[]), 'it names both organizations').toEqual(new Set(ORGS));
    expect(JSON.stringify(manifest).includes(TOKEN), 'the token is not in the manifest').toBe(false);
  });

  it('downloads the PDFs of the view: a real PDF per invoice that has one; progress shows, then ends', async () => {
    const app = aut.app;
    const org = ORGS[0];
    const invoices = byOrg.get(org) ?? [];
    const withPdf = invoices.filter((invoice) => invoice.invoicePdf);
    expect(withPdf.length, 'the org has invoices with a PDF').toBeGreaterThan(0);
    expect(withPdf.length, 'and drafts without one').toBeLessThan(invoices.length);
    await clickTestId(app, `org-item-${org}`);
    await waitForMatched(app, invoices.length, `only ${org}`);
    // Progress can come and go between two polls: a MutationObserver notes every state.
    await app.session.execute(`
      const seen = [];
      Object.defineProperty(window, '__bdE2ePdfProgress', { value: seen, configurable: true });
      const note = () => {
        const bar = document.querySelector('[data-testid="pdfs-progress"]');
        if (bar) seen.push({ value: bar.value, max: bar.max, text: bar.parentElement ? bar.parentElement.textContent : '' });
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      return true;`);
    await openExportMenu(app);
    await clickTestId(app, 'pdfs-download');
    const result = await app.waitFor('the PDF download result', async () => {
      const lines = await app.allByTestId('pdfs-result');
      return lines[0] ? lines[0].text() : undefined;
    }, { timeoutMs: 60_000 });
    expect(result, 'every PDF downloaded, none failed').toMatch(new RegExp(`\\b${withPdf.length} downloaded\\b.*\\b0 failed\\b`));
    expect(await app.allByTestId('pdfs-progress'), 'the progress bar is gone at the end').toHaveLength(0);
    const seen = await app.session.execute<{ value: number; max: number; text: string }[]>('return window.__bdE2ePdfProgress;');
    expect(seen.length, 'the progress bar was shown while downloading').toBeGreaterThan(0);

    // Events and the command's answer travel separately: the last event may come just after.
    const last = await app.waitFor('a pdf-progress event with every invoice done', async () => {
      const progress = ((await readIpcRecord(app))?.received ?? [])
        .filter((r) => r.kind === 'event' && r.name === 'pdf-progress')
        .map((r) => (JSON.parse(r.text) as { payload: { done: number; total: number; failed: number } }).payload);
      const final = progress.find((p) => p.done === p.total);
      return final ?? undefined;
    });
    expect(last.failed, 'no invoice failed').toBe(0);
    expect(last.total, 'the run covered every invoice of the view (those without a PDF are skipped)').toBe(invoices.length);

    const dir = join(dirs.save, 'pdfs');
    const pdfs = readdirSync(dir).filter((name) => name.endsWith('.pdf'));
    expect(pdfs.length, 'one file per invoice with a PDF').toBe(withPdf.length);
    for (const name of pdfs) {
      expect(readFileSync(join(dir, name)).subarray(0, 5).toString('latin1'), `${name} is a real PDF`).toBe('%PDF-');
      expect(name.startsWith(`${org}_`), `${name} is named after its organization`).toBe(true);
    }
    expect(existsSync(join(dir, 'index.json')), 'the archive index lists them').toBe(true);
  });

  it('"copy link" asks the app for the link: exactly the hosted link the API sent', async () => {
    const app = aut.app;
    // The first rendered row whose invoice has a hosted page (drafts have none).
    const row = await app.waitFor('a row with a hosted link', async () => {
      for (const candidate of await app.allByTestId('invoice-row')) {
        const candidateId = await candidate.attribute('data-invoice-id');
        if (all().find((invoice) => invoice.id === candidateId)?.hostedInvoiceUrl) return candidate;
      }
      return undefined;
    });
    copied.id = String(await row.attribute('data-invoice-id'));
    const wire = all().find((invoice) => invoice.id === copied.id);
    copied.url = wire?.hostedInvoiceUrl ?? '';
    copied.label = wire?.number ?? copied.id;
    expect(copied.url, `invoice ${copied.id} has a hosted link`).toBeTruthy();
    await closeExportMenu(app);
    // The actions column can lie past the right edge of a 1280-pixel window: scroll to it.
    const button = await row.find('[data-testid="copy-link"]');
    await app.session.execute("arguments[0].scrollIntoView({ block: 'center', inline: 'center' }); return true;", button);
    await button.click();
    const links = await app.waitFor('the invoice_link answer', async () => {
      const found = ((await readIpcRecord(app))?.received ?? []).filter((r) => r.name === 'invoice_link');
      return found.length ? found : undefined;
    });
    expect(
      links.map((r) => ({ kind: r.kind, link: JSON.parse(r.text) as unknown })),
      'one answer, the exact hosted link of the clicked invoice',
    ).toEqual([{ kind: 'response', link: copied.url }]);
    // Whatever the clipboard did, the UI reports it (a notice or an error banner).
    await app.waitFor('the copy outcome', async () => {
      const notice = await (await app.byTestId('notice')).text();
      return notice.includes('copied') || (await app.allByTestId('error-banner')).length > 0;
    });
  });

  // WebKit refuses a clipboard write that is not part of the click (user activation does not
  // survive the IPC round trip that fetches the link): this checks the real clipboard.
  it('"copy link" puts that link on the clipboard and says so', async () => {
    const app = aut.app;
    const banners = await app.allByTestId('error-banner');
    expect(banners.length ? await banners[0]?.text() : '', 'no error banner after copying').toBe('');
    expect(await (await app.byTestId('notice')).text(), 'the notice names the invoice').toBe(
      `Link of invoice ${copied.label} copied.`,
    );
    // Read the system clipboard the way a user would: paste it (Ctrl+V) into the search box.
    const search = await app.waitForTestId('search-input');
    await search.clear();
    await search.click();
    await app.session.command('POST', '/actions', {
      actions: [
        {
          type: 'key',
          id: 'keyboard',
          actions: [
            { type: 'keyDown', value: '\uE009' },
            { type: 'keyDown', value: 'v' },
            { type: 'keyUp', value: 'v' },
            { type: 'keyUp', value: '\uE009' },
          ],
        },
      ],
    });
    const pasted = await search.property('value');
    await search.clear();
    expect(pasted, 'the clipboard holds the exact hosted link').toBe(copied.url);
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });
});

/**
 * The PDF archive in the real window: a row's Download saves exactly that invoice's PDF into
 * the connection's own archive folder with no question; once the server is gone (the live
 * link fails), "PDF" opens the archived copy and says so; "Archived" opens it directly; the
 * Export menu shows the folder. What the app opens is read from BDESK_TEST_OPENER_LOG.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { AppUnderTest, addConnection, clickTestId, expectNoCspViolations, openExportMenu, openedUrls, waitForMatched } from '../src/scenario';
import { type Stub, type WireInvoice, startStub } from '../src/stub';

const CONNECTION = 'E2E Archive';
const ORG = 'archive-e2e';
const TOKEN = `e2e-archive-${process.pid}-${Date.now()}`;

describe('the PDF archive: download a row, open the copy once the link fails', () => {
  const aut = new AppUnderTest('archive');
  const dirs = aut.dirs;
  let stub: Stub;
  let invoices: WireInvoice[] = [];
  /** The invoice whose PDF is archived. */
  let chosen: WireInvoice;
  /** The connection's archive folder: the default one under the data directory. */
  const folder = join(dirs.data, 'pdfs', 'connections', CONNECTION);
  /** `file://` URL of the folder, with a trailing slash, as Rust opens folders. */
  const folderUrl = `${pathToFileURL(folder).href}/`;

  const opened = (): string[] => openedUrls(dirs);

  /** Clicks `testId` in the row of the chosen invoice. */
  async function inChosenRow(app: App, testId: string): Promise<void> {
    const selector = `[data-testid="invoice-row"][data-invoice-id="${chosen.id}"] [data-testid="${testId}"]`;
    const button = await app.waitFor(`${testId} of ${chosen.id}`, async () => {
      const found = (await app.session.findAll(selector))[0];
      return found && (await found.property('disabled')) !== true ? found : undefined;
    });
    await button.click();
  }

  /** Waits for the notice line to contain `text`. */
  async function notice(app: App, text: string): Promise<string> {
    return app.waitFor(`the notice "${text}"`, async () => {
      const lines = await app.allByTestId('notice');
      const shown = lines[0] ? await lines[0].text() : '';
      return shown.includes(text) ? shown : undefined;
    });
  }

  /** Waits for the opener log to grow past `before` lines; the new line. */
  async function nextOpened(app: App, before: number): Promise<string> {
    return app.waitFor('the opener log to receive a URL', async () => opened()[before]);
  }

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    invoices = (await stub.details(ORG)).invoices;
    const withPdf = invoices.find((invoice) => invoice.invoicePdf && invoice.id);
    if (!withPdf) throw new Error(`${ORG} has no invoice with a PDF`);
    chosen = withPdf;
    const app = await aut.launch();
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: [ORG] });
    await app.waitForTestId(`org-item-${ORG}`);
    await waitForMatched(app, invoices.length, `every invoice of ${ORG}`);
  });

  it('Download saves exactly that invoice into the connection\'s folder, with no question', async () => {
    const app = aut.app;
    await inChosenRow(app, 'download-pdf');
    await notice(app, 'in the archive');
    const pdfs = readdirSync(folder).filter((name) => name.endsWith('.pdf'));
    expect(pdfs, 'one file: the clicked invoice').toHaveLength(1);
    expect(readFileSync(join(folder, pdfs[0]!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const index = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')) as { entries: { invoiceId: string }[] };
    expect(index.entries.map((entry) => entry.invoiceId)).toEqual([chosen.id]);
    expect(readdirSync(dirs.save), 'no folder was asked for: nothing went to the save hook').toEqual([]);
  });

  it('with the server gone, PDF opens the archived copy and says why', async () => {
    const app = aut.app;
    await stub.stop();
    const before = opened().length;
    await inChosenRow(app, 'open-pdf');
    const url = await nextOpened(app, before);
    expect(url.startsWith(folderUrl) && url.endsWith('.pdf'), `a file in the archive folder: ${url}`).toBe(true);
    await notice(app, 'opened the archived copy');
  });

  it('Archived opens the copy directly; the Export menu opens the folder', async () => {
    const app = aut.app;
    let before = opened().length;
    await inChosenRow(app, 'open-archived');
    const url = await nextOpened(app, before);
    expect(url.startsWith(folderUrl) && url.endsWith('.pdf'), url).toBe(true);

    before = opened().length;
    await openExportMenu(app);
    await clickTestId(app, 'archive-folder-open');
    expect(await nextOpened(app, before)).toBe(folderUrl);
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });
});

/**
 * An export with a failing organization, end to end: one organization of the connection
 * answers 404 (`err-404` of the stub), the other has 30,000 invoices. An export of the view
 * asks first and writes nothing until the user answers; "Export anyway" writes the other
 * organization's invoices with a manifest that lists the failed one and records the answer
 * the rows come from; a long XLSX export shows its progress, and Cancel leaves neither the
 * file nor a temp file. Exports go to BDESK_TEST_SAVE_DIR instead of a dialog.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { AppUnderTest, addConnection, clickTestId, expectNoCspViolations, openExportMenu, waitForMatched } from '../src/scenario';
import { type Stub, startStub } from '../src/stub';

const CONNECTION = 'E2E Export gaps';
const BIG = 'huge-30000~gaps';
const FAILING = 'err-404~gaps';
const TOKEN = `e2e-exports-gaps-${process.pid}-${Date.now()}`;

/** Files in the save folder, sorted (none before the first export). */
function saved(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Waits for the export outcome line and returns its text. */
async function exportOutcome(app: App, what: string, timeoutMs = 60_000): Promise<string> {
  return app.waitFor(
    what,
    async () => {
      const lines = await app.allByTestId('export-result');
      return lines[0] ? lines[0].text() : undefined;
    },
    { timeoutMs },
  );
}

describe('an export with a failing organization', () => {
  const aut = new AppUnderTest('export-gaps');
  const dirs = aut.dirs;
  let stub: Stub;
  let bigIds: string[] = [];

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    bigIds = (await stub.details(BIG)).invoices.map((invoice) => invoice.id);
    const app = await aut.launch();
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: [BIG, FAILING] });
    await clickTestId(app, 'org-all');
    await waitForMatched(app, bigIds.length, `the ${bigIds.length} invoices of ${BIG}`);
    await app.waitForCss('[data-testid="error-banner"][data-code="notFound"]', { timeoutMs: 30_000 });
  });

  it('asks about the failed organization before anything is written', async () => {
    const app = aut.app;
    await openExportMenu(app);
    const manifestBox = await app.waitForTestId('export-manifest');
    if (!(await manifestBox.property('checked'))) await manifestBox.click();
    await clickTestId(app, 'export-csv');
    expect(await app.allByTestId('export-menu'), 'the menu closed once the export started').toHaveLength(0);
    const question = await app.waitForTestId('export-question');
    expect(await question.text(), 'the question says one organization would be left out').toContain('1 would be left out');
    const listed = await app.allByTestId('export-question-org');
    expect(listed, 'only the failing organization is listed').toHaveLength(1);
    expect(await listed[0]?.attribute('data-org-id')).toBe(FAILING);
    expect(await listed[0]?.attribute('data-state')).toBe('failed');
    expect(await listed[0]?.text(), 'with why, and that it is left out').toMatch(/failed: .*left out of the export/);
    expect(saved(dirs.save), 'no file before the user answers').toEqual([]);
  });

  it('"Export anyway" writes the other organization and a manifest listing the failed one', async () => {
    const app = aut.app;
    await clickTestId(app, 'export-anyway');
    const outcome = await exportOutcome(app, 'the CSV export result');
    expect(outcome, 'the outcome says what is missing').toContain('Not up to date: 1 organization left out');
    expect(saved(dirs.save)).toEqual(['billing-desk-export.csv', 'billing-desk-export.csv.manifest.json']);

    const bytes = readFileSync(join(dirs.save, 'billing-desk-export.csv'));
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    const header = (lines[0] ?? '').split(',');
    const id = header.indexOf('id');
    expect(lines.length - 1, 'one record per invoice of the organization that answered').toBe(bigIds.length);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[id])), 'exactly its invoices').toEqual(new Set(bigIds));

    const manifest = JSON.parse(readFileSync(join(dirs.save, 'billing-desk-export.csv.manifest.json'), 'utf8')) as {
      organizations: string[];
      rowCount: number;
      sha256: string;
      failedOrganizations: { org: string; code: string; message: string }[];
      staleOrganizations: unknown[];
      sources: { org: string; fetchedAt: string; origin: string; rowCount: number }[];
    };
    expect(manifest.organizations, 'the file holds one organization').toEqual([BIG]);
    expect(manifest.rowCount).toBe(bigIds.length);
    expect(manifest.sha256, 'the checksum of the file on disk').toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(manifest.failedOrganizations.map(({ org, code }) => ({ org, code })), 'the failed organization, with the code the window showed').toEqual([
      { org: FAILING, code: 'notFound' },
    ]);
    expect(manifest.failedOrganizations[0]?.message, 'and its message').toContain(FAILING);
    expect(manifest.staleOrganizations, 'nothing from an older answer').toEqual([]);
    expect(manifest.sources.map(({ org, origin, rowCount }) => ({ org, origin, rowCount }))).toEqual([{ org: BIG, origin: 'live', rowCount: bigIds.length }]);
    const age = Date.now() - Date.parse(manifest.sources[0]?.fetchedAt ?? '');
    expect(age, 'fetchedAt is when this session fetched it').toBeLessThan(10 * 60_000);
    expect(JSON.stringify(manifest).includes(TOKEN), 'the token is not in the manifest').toBe(false);
  });

  it('a long XLSX export shows its progress; Cancel leaves neither the file nor a temp file', async () => {
    const app = aut.app;
    // Cancel is clicked from the page the moment the bar moves: a WebDriver round trip could
    // come after the last row of a fast machine.
    await app.session.execute(`
      const seen = [];
      Object.defineProperty(window, '__bdE2eExportProgress', { value: seen, configurable: true });
      const observer = new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="export-progress"]');
        const cancel = document.querySelector('[data-testid="export-cancel"]');
        if (!bar || !cancel || bar.value <= 0 || cancel.disabled) return;
        seen.push({ value: bar.value, max: bar.max });
        cancel.click();
        observer.disconnect();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      return true;`);
    await openExportMenu(app);
    await clickTestId(app, 'export-xlsx');
    await clickTestId(app, 'export-anyway');
    const outcome = await exportOutcome(app, 'the cancelled XLSX export');
    expect(outcome).toBe('Export cancelled: no file was written.');
    const seen = await app.session.execute<{ value: number; max: number }[]>('return window.__bdE2eExportProgress;');
    expect(seen[0]?.max, 'the bar counts towards every invoice of the view').toBe(bigIds.length);
    expect(seen[0]?.value, 'it moved before the cancel').toBeGreaterThan(0);
    expect(saved(dirs.save), 'no XLSX, no manifest of it, no temp file: only the earlier CSV').toEqual([
      'billing-desk-export.csv',
      'billing-desk-export.csv.manifest.json',
    ]);
    expect(await app.allByTestId('export-progress'), 'the bar is gone').toHaveLength(0);
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });
});

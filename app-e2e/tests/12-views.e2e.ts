/**
 * A saved view is one thing for the app and bdesk: a view saved with `bdesk view save` (with
 * an "as of" day, so both exports compute overdue facts at the same moment) shows in the
 * app's Views panel; applied and exported to CSV from the window, the file is byte for byte
 * what `bdesk export --view NAME` writes from the same stub. The JSON export is too, but for
 * its `generatedAt` (the moment each export ran), and so is every part of the XLSX but the
 * document properties, which hold its creation time.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { appEnv } from '../src/app';
import { paths } from '../src/paths';
import { AppUnderTest, addConnection, clickTestId, expectNoCspViolations, openExportMenu } from '../src/scenario';
import { type Stub, startStub } from '../src/stub';
import { unzip } from '../src/zip';

const run = promisify(execFile);
const CONNECTION = 'E2E Views';
const ORG = 'views-e2e';
const VIEW = 'Overdue as of November';
const TOKEN = `e2e-views-${process.pid}-${Date.now()}`;

describe('a saved view: saved by bdesk, applied in the window, the same export bytes', () => {
  const aut = new AppUnderTest('views');
  const dirs = aut.dirs;
  let stub: Stub;

  /** bdesk with the app's folders and the stub's token. */
  async function bdesk(args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run(paths.bdesk, args, { env: { ...appEnv(dirs), BDESK_TOKEN: TOKEN }, timeout: 60_000 });
  }

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    const app = await aut.launch();
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: [ORG] });
    await app.waitForTestId('invoice-row');
    await aut.close();
    await bdesk(['view', 'save', VIEW, '--connection', CONNECTION, '--org', ORG, '--status', 'open', '--as-of', '2026-11-30', '--sort', 'total:desc']);
  });

  it('the window lists the view bdesk saved, applies it and exports the same CSV bytes as bdesk', async () => {
    const app = await aut.launch();
    // The export asks about an organization shown from the cache: wait for the start-up
    // refresh to make it fresh.
    await app.waitForCss(`[data-testid="org-item-${ORG}"].org-fresh`, { timeoutMs: 30_000 });
    await app.waitForCss(`[data-testid="view-item"][data-name="${VIEW}"]`);
    await (await app.session.find(`[data-testid="view-item"][data-name="${VIEW}"]`)).click();
    const applied = await app.waitForTestId('view-applied');
    expect(await applied.text()).toContain(VIEW);
    await app.waitForTestId('invoice-row');
    await openExportMenu(app);
    await clickTestId(app, 'export-csv');
    await app.waitFor('the export result', async () => {
      const text = await (await app.byTestId('export-result')).text();
      return text.trim() ? text : undefined;
    });
    const fromWindow = readFileSync(join(dirs.save, 'billing-desk-export.csv'));
    const cliFile = join(dirs.root, 'cli.csv');
    await bdesk(['export', '--connection', CONNECTION, '--view', VIEW, '--format', 'csv', '--bom', '-o', cliFile]);
    const fromCli = readFileSync(cliFile);
    const lines = fromCli.toString('utf8').trim().split('\r\n');
    expect(lines.length, 'the view holds invoices').toBeGreaterThan(1);
    expect(fromWindow.equals(fromCli), `the same bytes:\n${fromWindow.toString('utf8')}\n---\n${fromCli.toString('utf8')}`).toBe(true);
  });

  it('and the same JSON, but for the time each export was made', async () => {
    const app = aut.app;
    await openExportMenu(app);
    await clickTestId(app, 'export-json');
    await app.waitFor('the JSON export result', async () => {
      const text = await (await app.byTestId('export-result')).text();
      return text.includes('.json') ? text : undefined;
    });
    const cliFile = join(dirs.root, 'cli.json');
    await bdesk(['export', '--connection', CONNECTION, '--view', VIEW, '--format', 'json', '-o', cliFile]);
    const stamp = /"generatedAt": "[^"]+"/;
    const fromWindow = readFileSync(join(dirs.save, 'billing-desk-export.json'), 'utf8');
    const fromCli = readFileSync(cliFile, 'utf8');
    expect(fromCli, 'bdesk stamps its export').toMatch(stamp);
    expect(fromWindow, 'the window stamps its export').toMatch(stamp);
    const parsed = JSON.parse(fromCli) as { asOf?: string; invoices: unknown[] };
    expect(parsed.asOf, 'the view\'s "as of" time').toMatch(/^2026-11-30T/);
    expect(parsed.invoices.length, 'the view holds invoices').toBeGreaterThan(0);
    const unstamped = (text: string) => text.replace(stamp, '"generatedAt": "…"');
    expect(unstamped(fromWindow)).toBe(unstamped(fromCli));
  });

  it('and the same XLSX, part for part, but for its creation time', async () => {
    const app = aut.app;
    await openExportMenu(app);
    await clickTestId(app, 'export-xlsx');
    await app.waitFor('the XLSX export result', async () => {
      const text = await (await app.byTestId('export-result')).text();
      return text.includes('.xlsx') ? text : undefined;
    });
    const cliFile = join(dirs.root, 'cli.xlsx');
    await bdesk(['export', '--connection', CONNECTION, '--view', VIEW, '--format', 'xlsx', '-o', cliFile]);
    const fromWindow = unzip(readFileSync(join(dirs.save, 'billing-desk-export.xlsx')));
    const fromCli = unzip(readFileSync(cliFile));
    expect([...fromWindow.keys()].sort(), 'the same parts').toEqual([...fromCli.keys()].sort());
    const stamped = 'docProps/core.xml';
    expect(fromCli.has(stamped), 'the creation time lives in the document properties').toBe(true);
    const differing = [...fromCli.keys()].filter((name) => name !== stamped && !fromCli.get(name)!.equals(fromWindow.get(name)!));
    expect(differing, 'every other part is byte for byte the same').toEqual([]);
    expect(fromCli.get('xl/worksheets/sheet1.xml')!.length, 'the invoice sheet holds rows').toBeGreaterThan(1000);
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });
});

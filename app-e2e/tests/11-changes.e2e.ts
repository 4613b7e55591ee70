/**
 * Changes since an export in the real window: export the view, the server's data changes
 * (the stub's `evolving` organization answers differently from its second answer on), Refresh,
 * and the Changes tab lists exactly the changed invoices with their categories; the Export
 * history tab lists the export and shows its folder; the changes export to CSV.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { AppUnderTest, addConnection, clickTestId, expectNoCspViolations, openExportMenu, openedUrls } from '../src/scenario';
import { type Stub, startStub } from '../src/stub';

const CONNECTION = 'E2E Changes';
const ORG = 'evolving';
/** The invoice `evolving` adds from its second answer on (billing_stub::EVOLVING_NEW_ID). */
const NEW_ID = 'in_evolving_new';
const TOKEN = `e2e-changes-${process.pid}-${Date.now()}`;

describe('changes since an export: export, the data changes, Refresh, Changes', () => {
  const aut = new AppUnderTest('changes');
  const dirs = aut.dirs;
  let stub: Stub;

  const opened = (): string[] => openedUrls(dirs);

  /** `[kind, id]` of every change row on screen, once there are `count`. */
  async function changeRows(app: App, count: number): Promise<[string, string][]> {
    return app.waitFor(`${count} change rows`, async () => {
      const rows = await app.allByTestId('change-row');
      if (rows.length !== count) return undefined;
      const pairs: [string, string][] = [];
      for (const row of rows) pairs.push([(await row.attribute('data-kind')) ?? '', (await row.attribute('data-id')) ?? '']);
      return pairs;
    });
  }

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    const app = await aut.launch();
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: [ORG] });
    await app.waitForTestId('invoice-row');
  });

  it('exports the view, and the Changes tab says nothing changed yet', async () => {
    const app = aut.app;
    await openExportMenu(app);
    await clickTestId(app, 'export-csv');
    await app.waitFor('the export result', async () => {
      const text = await (await app.byTestId('export-result')).text();
      return text.includes('export 1 of the history') ? text : undefined;
    });
    await clickTestId(app, 'tab-changes');
    const nothing = await app.waitForTestId('changes-nothing');
    expect(await nothing.text()).toContain('export 1');
  });

  it('after the data changed and a Refresh, lists the new and newly paid invoices with their categories', async () => {
    const app = aut.app;
    await clickTestId(app, 'refresh-button');
    const rows = await changeRows(app, 5);
    const kinds = rows.map(([kind]) => kind).sort();
    expect(kinds).toEqual(['dueDateChanged', 'gone', 'new', 'newlyPaid', 'voided']);
    expect(rows).toContainEqual(['new', NEW_ID]);
    const since = await (await app.byTestId('changes-since')).text();
    expect(since).toContain('export 1');

    await clickTestId(app, 'changes-kind-newlyPaid');
    const paid = await changeRows(app, 1);
    expect(paid[0]?.[0]).toBe('newlyPaid');
    const row = (await app.allByTestId('change-row'))[0];
    expect(await row?.text(), 'the status moved, with its old and new value').toMatch(/open\s*→\s*paid/);
    await clickTestId(app, 'changes-kind-all');
    await changeRows(app, 5);
  });

  it('exports every change to CSV through the save dialog', async () => {
    const app = aut.app;
    await clickTestId(app, 'changes-export-button');
    await clickTestId(app, 'changes-export-csv');
    const result = await app.waitForTestId('changes-export-result');
    expect(await result.text()).toContain('5 changed invoices');
    const text = readFileSync(join(dirs.save, 'billing-desk-changes.csv'), 'utf8');
    expect(text.startsWith('\uFEFFkind,org,id,number,currency,field,from,to\r\n')).toBe(true);
    expect(text).toContain(`new,${ORG},${NEW_ID},`);
  });

  it('the Export history tab lists the export and shows its folder', async () => {
    const app = aut.app;
    await clickTestId(app, 'tab-history');
    const rows = await app.waitFor('one history row', async () => {
      const found = await app.allByTestId('history-row');
      return found.length === 1 ? found : undefined;
    });
    expect(await rows[0]?.attribute('data-number')).toBe('1');
    const before = opened().length;
    await clickTestId(app, 'history-folder');
    const url = await app.waitFor('the opener log to receive the folder', async () => opened()[before]);
    expect(url).toBe(`${pathToFileURL(dirs.save).href}/`);
    await clickTestId(app, 'history-verify');
    const verdict = await app.waitForTestId('history-verify-result');
    expect(await verdict.attribute('data-clean')).toBe('true');
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });
});

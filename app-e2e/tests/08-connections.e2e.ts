/**
 * The Connections screen in the real window, against two real stubs and the real Secret
 * Service: two connections are added, the window switches between them (rows and sidebar of
 * one never show under the other, also while the other's cached answers load), an address is
 * edited to another origin (the token is deleted and asked for again), and a connection is
 * removed (its keyring entry goes with it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { AppUnderTest, addConnection, clickTestId, expectNoCspViolations, keyringLookup, renderedInvoiceIds, waitForRows } from '../src/scenario';
import { type Stub, startStub } from '../src/stub';

const A = { name: 'E2E Ledger A', org: 'acme-conn-a', token: `e2e-a-${process.pid}-${Date.now()}` };
const B = { name: 'E2E Ledger B', org: 'globex-conn-b', token: `e2e-b-${process.pid}-${Date.now()}` };

/** Runs `action` on the Connections screen's row of `name`. */
async function inRow(app: App, name: string, testId: string): Promise<void> {
  const selector = `[data-testid="connection-row"][data-name="${name}"] [data-testid="${testId}"]`;
  const button = await app.waitFor(`${testId} of ${name}`, async () => (await app.session.findAll(selector))[0]);
  await button.click();
}

async function openConnections(app: App): Promise<void> {
  if ((await app.allByTestId('connections-screen')).length) return;
  await clickTestId(app, 'connections-button');
  await app.waitForTestId('connections-screen');
}

/** The sidebar's organization items, by org ID. */
async function sidebarOrgs(app: App): Promise<string[]> {
  return app.session.execute<string[]>(
    `return [...document.querySelectorAll('[data-testid^="org-item-"]')].map((e) => e.getAttribute('data-testid').slice('org-item-'.length));`,
  );
}

describe('connections: add two, switch, edit the address, remove', () => {
  const aut = new AppUnderTest('connections');
  let stubA: Stub;
  let stubB: Stub;
  const ids = new Map<string, string[]>();

  beforeAll(async () => {
    stubA = await startStub(A.token);
    stubB = await startStub(B.token);
    aut.onCleanup(() => stubA.stop());
    aut.onCleanup(() => stubB.stop());
    ids.set(A.name, (await stubA.details(A.org)).invoices.map((invoice) => invoice.id));
    ids.set(B.name, (await stubB.details(B.org)).invoices.map((invoice) => invoice.id));
    const overlap = ids.get(A.name)?.filter((id) => ids.get(B.name)?.includes(id)) ?? [];
    expect(overlap, 'the two organizations have distinct invoices').toEqual([]);
    await aut.launch();
  });

  /** Switching to `to`: until its rows are on screen, nothing of the other connection shows. */
  async function expectOnly(app: App, to: typeof A): Promise<void> {
    const other = to === A ? B : A;
    const foreign = new Set(ids.get(other.name));
    await app.waitFor(`only ${to.name}'s rows and sidebar`, async () => {
      const rows = (await renderedInvoiceIds(app)).map(String);
      const orgs = await sidebarOrgs(app);
      expect(rows.filter((id) => foreign.has(id)), `${other.name}'s rows under ${to.name}`).toEqual([]);
      expect(orgs, `the sidebar under ${to.name}`).not.toContain(other.org);
      return orgs.includes(to.org) && rows.length > 0;
    });
    await waitForRows(app, ids.get(to.name) ?? [], `of ${to.name}`);
  }

  it('adds a first connection, then a second from the Connections screen', async () => {
    const app = aut.app;
    await addConnection(app, { name: A.name, baseUrl: stubA.baseUrl, token: A.token, orgs: [A.org] });
    await expectOnly(app, A);
    await openConnections(app);
    await clickTestId(app, 'connections-add');
    await addConnection(app, { name: B.name, baseUrl: stubB.baseUrl, token: B.token, orgs: [B.org] });
    expect(await keyringLookup(A.name)).toBe(A.token);
    expect(await keyringLookup(B.name)).toBe(B.token);
  });

  it('lists both with their addresses and token state, never a token', async () => {
    const app = aut.app;
    await openConnections(app);
    for (const [connection, stub] of [
      [A, stubA],
      [B, stubB],
    ] as const) {
      const row = `[data-testid="connection-row"][data-name="${connection.name}"]`;
      const text = await app.waitFor(`the row of ${connection.name}`, async () => {
        const found = (await app.session.findAll(row))[0];
        return found ? found.text() : undefined;
      });
      expect(text).toContain(stub.baseUrl);
      expect(text).toContain('Token stored');
      expect(text, 'a stub is plain http, which the row warns about').toContain('Plain http: the token travels unencrypted');
    }
    const page = await app.session.execute<string>('return document.body.innerText;');
    expect(page.includes(A.token) || page.includes(B.token), 'no token on screen').toBe(false);
  });

  it('switches between the two: rows and sidebar of one never show under the other', async () => {
    const app = aut.app;
    for (const to of [A, B, A]) {
      await openConnections(app);
      await inRow(app, to.name, 'connection-use');
      await app.waitFor('the screen to show the new active connection', async () => {
        const active = await app.session.findAll(`[data-testid="connection-row"][data-name="${to.name}"] [data-testid="connection-active"]`);
        return active.length > 0;
      });
      await clickTestId(app, 'connections-close');
      await expectOnly(app, to);
    }
  });

  it('editing the address to another origin deletes the token and asks for it again', async () => {
    const app = aut.app;
    await openConnections(app);
    await inRow(app, B.name, 'connection-edit');
    const url = await app.waitForTestId('connection-edit-base-url');
    await url.clear();
    // Same stub, another origin: "localhost" instead of 127.0.0.1.
    const moved = stubB.baseUrl.replace('127.0.0.1', 'localhost');
    await url.type(moved);
    await clickTestId(app, 'connection-edit-save');
    await app.waitForTestId('connection-token-cleared');
    await app.waitForTestId('connection-token-input');
    expect(await keyringLookup(B.name), 'the old origin\'s token is gone from the keyring').toBeNull();
  });

  it('removes a connection after a confirmation naming it; its token goes too', async () => {
    const app = aut.app;
    await openConnections(app);
    await inRow(app, A.name, 'connection-remove');
    const confirm = await app.waitForTestId('connection-remove-confirm');
    expect(await confirm.text()).toContain(A.name);
    await confirm.click();
    await app.waitFor(`${A.name} leaves the list`, async () =>
      (await app.session.findAll(`[data-testid="connection-row"][data-name="${A.name}"]`)).length === 0,
    );
    expect(await keyringLookup(A.name)).toBeNull();
    await expectNoCspViolations(app);
  });
});

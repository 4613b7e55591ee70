/**
 * A server that goes bad after the data loaded fine: the stub is replaced on the same port by
 * `billing-stub --fault …` (a reset in the middle of the body, a body that is not JSON, a
 * storm of 429s, 503s), and the user presses Refresh. Each time the window must show an error
 * banner with the matching code AND keep showing the rows it had: same count, same invoices.
 * Then the real server comes back and a refresh clears the error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installIpcRecorder, readIpcRecord } from '../src/ipc-recorder';
import {
  AppUnderTest,
  addConnection,
  clickTestId,
  expectNoCspViolations,
  renderedInvoiceIds,
  waitForMatched,
  waitForRows,
} from '../src/scenario';
import { type Fault, type Stub, startFaultStub, startStub } from '../src/stub';

const CONNECTION = 'E2E Faults';
const ORGS = ['stark-e2e', 'wayne-e2e'] as const;
const TOKEN = `e2e-faults-${process.pid}-${Date.now()}`;

/** Each fault and the error code the window must show for it. */
const FAULTS: { fault: Fault; code: string; what: string }[] = [
  { fault: 'reset', code: 'network', what: 'the connection is reset in the middle of the body' },
  { fault: 'malformed', code: 'badResponse', what: 'the body is not JSON' },
  { fault: 'rate-limit', code: 'rateLimited', what: 'every request gets 429 (a storm, retried, then reported)' },
  { fault: 'unavailable', code: 'server', what: 'every request gets 503' },
];

describe('faults after a good load: error banner with its code, the rows stay', () => {
  const aut = new AppUnderTest('faults');
  let stub: Stub | undefined;
  let port: number;
  let expectedTotal = 0;
  /** Every invoice id the API sent for the two orgs. */
  const apiIds = new Set<string>();
  /** What the window showed before any fault. */
  let shownIds: string[] = [];

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(async () => stub?.stop());
    port = Number(new URL(stub.baseUrl).port);
    for (const org of ORGS) {
      for (const invoice of (await stub.details(org)).invoices) apiIds.add(invoice.id);
    }
    expectedTotal = apiIds.size;
    const app = await aut.launch();
    await installIpcRecorder(app);
    await addConnection(app, { name: CONNECTION, baseUrl: stub.baseUrl, token: TOKEN, orgs: ORGS });
    for (const org of ORGS) await app.waitForTestId(`org-item-${org}`);
    await clickTestId(app, 'org-all');
    await waitForMatched(app, expectedTotal, 'every invoice of both orgs loaded fine');
    shownIds = await app.waitFor('rows', async () => {
      const ids = (await renderedInvoiceIds(app)).map(String);
      return ids.length ? ids : undefined;
    });
    expect(await app.allByTestId('error-banner'), 'no error before the faults').toHaveLength(0);
  });

  for (const { fault, code, what } of FAULTS) {
    it(`${fault}: ${what} → a "${code}" banner, and the same rows stay shown`, async () => {
      const app = aut.app;
      await stub?.stop();
      stub = undefined;
      const bad = await startFaultStub(fault, port);
      aut.onCleanup(() => bad.stop());
      try {
        const recordedBefore = ((await readIpcRecord(app))?.received ?? []).length;
        await clickTestId(app, 'refresh-button');
        const banner = await app.waitForCss(`[data-testid="error-banner"][data-code="${code}"]`, { timeoutMs: 45_000 });
        expect((await banner.text()).includes(TOKEN), 'the token is not in the error').toBe(false);
        // After a fetch the window queries its rows again: the first answer after the failed
        // fetch must still hold the old data.
        const { fetched, page } = await app.waitFor('an invoices_query answer after the failed fetch', async () => {
          const received = ((await readIpcRecord(app))?.received ?? []).slice(recordedBefore);
          const at = received.findIndex((r) => r.name === 'fetch_orgs' && r.kind === 'response');
          const query = received.slice(at + 1).find((r) => r.name === 'invoices_query' && r.kind === 'response');
          return at >= 0 && query ? { fetched: received[at], page: query } : undefined;
        });
        expect(fetched?.text, `the refresh's answer reports ${code} for the organizations`).toContain(`"code":"${code}"`);
        const answer = JSON.parse(page.text) as { matched?: number; rows?: { invoice: { id: string | null } }[] };
        expect(answer.matched, 'the app still answers with every invoice it had').toBe(expectedTotal);
        const answered = (answer.rows ?? []).map((row) => String(row.invoice.id));
        expect(shownIds.filter((id) => !answered.includes(id)), 'its page holds every row shown before').toEqual([]);
        expect(answered.filter((id) => !apiIds.has(id)), 'and only invoices the API sent').toEqual([]);
        await waitForMatched(app, expectedTotal, `the count stays after the ${fault} fault`);
        const ids = await waitForRows(app, shownIds, `shown before the ${fault} fault stay shown`);
        expect(ids, 'in the same order').toEqual(shownIds);
      } finally {
        await bad.stop();
      }
    });
  }

  it('the server comes back: a refresh clears the error and shows the same invoices', async () => {
    const app = aut.app;
    stub = await startStub(TOKEN, port);
    await clickTestId(app, 'refresh-button');
    await app.waitFor('the error banner to go', async () => (await app.allByTestId('error-banner')).length === 0, {
      timeoutMs: 30_000,
    });
    await waitForMatched(app, expectedTotal, 'fresh data of both orgs');
    await waitForRows(app, shownIds, 'the same invoices as before the faults');
    await expectNoCspViolations(app);
  });
});

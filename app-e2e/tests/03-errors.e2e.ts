/**
 * Server errors reach the user as a banner carrying the core's error code, with a retry: an
 * organization that answers 401 (token refused), one that answers 500 (server failure), and
 * one whose answer lists one empty invoice object more than the app reads for an
 * organization (3 bytes each on the wire, an invoice's worth of memory each once decoded).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { AppUnderTest, allowPlainHttp, clickTestId, expectNoCspViolations, fill, keyringLookup } from '../src/scenario';
import { type Stub, startStub } from '../src/stub';

const CONNECTION = 'E2E Errors';
const TOKEN = `e2e-errors-${process.pid}-${Date.now()}`;
/** The core's MAX_INVOICES, and an organization whose answer lists one more. */
const INVOICE_LIMIT = 2_000_000;
const HOSTILE = `minimal-${INVOICE_LIMIT + 1}`;
/** What the app process may reach at its peak while it refuses that answer. */
const HOSTILE_PEAK_MIB = 600;

/**
 * Selects `org` and waits until an error banner with `code` is shown (a timeout fails the
 * test); returns that banner's text and the codes of every banner on screen.
 */
async function errorBannerOf(app: App, org: string, code: string): Promise<{ text: string; codes: (string | null)[] }> {
  await clickTestId(app, `org-item-${org}`);
  const banner = await app.waitForCss(`[data-testid="error-banner"][data-code="${code}"]`, { timeoutMs: 45_000 });
  const codes = await Promise.all((await app.allByTestId('error-banner')).map((b) => b.attribute('data-code')));
  return { text: await banner.text(), codes };
}

describe('error banners for an organization that answers 401 or 500', () => {
  const aut = new AppUnderTest('errors');
  let stub: Stub;

  beforeAll(async () => {
    stub = await startStub(TOKEN);
    aut.onCleanup(() => stub.stop());
    const app = await aut.launch();
    await app.waitFor('the connection form', async () => {
      if ((await app.allByTestId('connection-form')).length) return true;
      const buttons = await app.allByTestId('add-connection');
      if (buttons[0]) await buttons[0].click();
      return false;
    });
    await fill(app, 'conn-name', CONNECTION);
    await fill(app, 'conn-base-url', stub.baseUrl);
    await allowPlainHttp(app, stub.baseUrl);
    await fill(app, 'conn-token', TOKEN);
    await fill(app, 'conn-org-ids', `err-401 err-500 ${HOSTILE}`);
    await clickTestId(app, 'conn-save');
    await app.waitForTestId('connection-name');
  });

  it('401: the banner says "unauthorized" with a message, and offers a retry', async () => {
    const app = aut.app;
    expect(await keyringLookup(CONNECTION), 'the token was stored although the org refuses it').toBe(TOKEN);
    const { text, codes } = await errorBannerOf(app, 'err-401', 'unauthorized');
    expect(codes, 'only the selected org\'s error is on screen, not the 500 of the other org').not.toContain('server');
    expect(text.trim().length, 'the banner explains the error in words').toBeGreaterThan(10);
    expect(text.includes(TOKEN), 'the token never appears in an error').toBe(false);
    await app.waitForTestId('retry-button');
  });

  it('500: the banner says "server", and a retry fails the same way', async () => {
    const app = aut.app;
    const { codes } = await errorBannerOf(app, 'err-500', 'server');
    expect(codes, 'the 401 banner of the other org is gone').not.toContain('unauthorized');
    await clickTestId(app, 'retry-button');
    // The retry runs the request again (several seconds with the client's back-off), then the
    // banner is back with the same code.
    const banner = await app.waitFor(
      'the error banner after the retry',
      async () => {
        const banners = await app.allByTestId('error-banner');
        const loading = await app.allByTestId('loading');
        return banners[0] && !loading.length ? banners[0] : undefined;
      },
      { timeoutMs: 45_000 },
    );
    expect(await banner.attribute('data-code'), 'still the server error').toBe('server');
    expect(await app.allByTestId('invoice-row'), 'no rows of a failed org with no cache').toHaveLength(0);
  });

  it(`${HOSTILE}: a "badResponse" banner saying why, and the app stays under ${HOSTILE_PEAK_MIB} MiB`, async () => {
    const app = aut.app;
    const { text } = await errorBannerOf(app, HOSTILE, 'badResponse');
    // The answer (6 MB) is decoded as it arrives, so its list is not counted first: the
    // decode stops once its items take far more memory than the answer's size accounts for.
    expect(text, 'the banner says why').toContain('far more than real ones take');
    expect(await app.allByTestId('invoice-row'), 'nothing of the refused answer is shown').toHaveLength(0);
    const main = app.processes().find((p) => p.comm === 'billing-desk');
    expect(main, 'the app process is found').toBeDefined();
    // VmHWM is the process's peak resident memory since it started: the refused decode included.
    const status = readFileSync(`/proc/${main?.pid}/status`, 'utf8');
    const peakKib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
    console.log(`app peak resident memory after refusing ${HOSTILE}: ${(peakKib / 1024).toFixed(1)} MiB`);
    expect(peakKib / 1024, 'peak resident memory of the app process (MiB)').toBeLessThan(HOSTILE_PEAK_MIB);
  });

  it('raised no CSP violation', async () => {
    await expectNoCspViolations(aut.app);
  });
});

/**
 * The README screenshots: the real window on demo data (no connection, fresh folders), taken
 * with ImageMagick's `import -window root`, so the picture is what the X display shows; with
 * `BDESK_SHOT_VIEW=charts`, the charts shown instead of the totals cards. Run by
 * scripts/window-shot.sh.
 *
 * Under Xvfb the X window can lag the page by seconds (WebKit composites off-screen and the
 * window catches up later), so "rows are in the DOM" is not enough: the X capture is taken
 * again until it matches WebDriver's rendering of the page (ImageMagick `compare`, under 1% of
 * pixels differing), and only then saved.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { App, makeAppDirs } from '../src/app';
import { sleep } from '../src/processes';
import { clickTestId, renderedInvoiceIds } from '../src/scenario';

const run = promisify(execFile);

/** Pixels that differ between two same-sized images (5% colour fuzz), from `compare -metric AE`. */
async function differingPixels(a: string, b: string): Promise<number> {
  try {
    const { stderr } = await run('compare', ['-metric', 'AE', '-fuzz', '5%', a, b, 'null:']);
    return Number.parseFloat(stderr);
  } catch (error) {
    // compare exits with 1 when the images differ; the count is still on stderr.
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const count = Number.parseFloat(stderr);
    if (Number.isFinite(count)) return count;
    throw error;
  }
}

it('saves a screenshot of the window with demo invoices', async () => {
  const out = process.env.BDESK_SHOT_OUT;
  if (!out) throw new Error('BDESK_SHOT_OUT is not set (run scripts/window-shot.sh)');
  const dirs = makeAppDirs('shot');
  const page = join(dirs.root, 'page.png');
  const app = await App.launch('window-shot', dirs);
  let last = Number.NaN;
  try {
    await app.waitFor('demo invoice rows', async () => (await renderedInvoiceIds(app)).length >= 5, {
      timeoutMs: 60_000,
    });
    if (process.env.BDESK_SHOT_VIEW === 'charts') {
      await clickTestId(app, 'charts-toggle');
      await app.waitForTestId('charts');
    }
    // Let the totals and fonts settle.
    await sleep(Number(process.env.BDESK_SHOT_SETTLE_MS ?? 1000));
    const deadline = Date.now() + 30_000;
    for (;;) {
      writeFileSync(page, await app.session.screenshot());
      await run('import', ['-window', 'root', out]);
      const [width, height] = (await run('identify', ['-format', '%w %h', out])).stdout.split(' ').map(Number);
      last = await differingPixels(page, out);
      if (last <= 0.01 * (width ?? 0) * (height ?? 0)) break;
      if (Date.now() > deadline) {
        throw new Error(`the X display never showed the rendered page (${last} pixels still differ after 30 s)`);
      }
      await sleep(1000);
    }
  } catch (error) {
    await app.saveArtifacts('window-shot');
    throw error;
  } finally {
    await app.close();
    rmSync(dirs.root, { recursive: true, force: true });
  }
  const png = readFileSync(out);
  expect(png.subarray(1, 4).toString('latin1'), 'a PNG file').toBe('PNG');
  console.log(`window-shot: wrote ${out} (${png.length} bytes; ${last} pixels differ from the page as WebDriver renders it)`);
});

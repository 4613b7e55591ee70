/**
 * The README screenshot: the real window on demo data (no connection, fresh folders), taken
 * with ImageMagick's `import -window root` once the invoice rows are rendered, so the picture
 * is what the X display shows, not a WebDriver rendering. Run by scripts/window-shot.sh.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { App, makeAppDirs } from '../src/app';
import { renderedInvoiceIds } from '../src/scenario';
import { sleep } from '../src/processes';

it('saves a screenshot of the window with demo invoices', async () => {
  const out = process.env.BDESK_SHOT_OUT;
  if (!out) throw new Error('BDESK_SHOT_OUT is not set (run scripts/window-shot.sh)');
  const dirs = makeAppDirs('shot');
  const app = await App.launch('window-shot', dirs);
  try {
    await app.waitFor('demo invoice rows', async () => (await renderedInvoiceIds(app)).length >= 5, {
      timeoutMs: 60_000,
    });
    // Let the totals, fonts and any transition settle before the picture.
    await sleep(Number(process.env.BDESK_SHOT_SETTLE_MS ?? 1500));
    await promisify(execFile)('import', ['-window', 'root', out]);
  } finally {
    await app.close();
    rmSync(dirs.root, { recursive: true, force: true });
  }
  const png = readFileSync(out);
  expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'a PNG file').toBe('PNG');
  console.log(`window-shot: wrote ${out} (${png.length} bytes)`);
});

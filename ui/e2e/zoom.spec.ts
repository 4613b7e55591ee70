/**
 * Text scales to 200% (WCAG 1.4.4 Resize text, 1.4.10 Reflow): in a 1280 x 800 window zoomed to
 * 200%, nothing in the invoice view and the forms is cut off, no two controls overlap, and the
 * page needs no sideways scrolling (only the data grids scroll sideways, on purpose). Each state
 * is reached through the UI and checked by `layoutReport` (layout.ts); a screenshot of each is
 * attached to the test for a person to look at (no baselines: fonts differ between machines).
 */
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { layoutReport, type LayoutOptions } from './layout';
import { mockTauri, type FakeConnection } from './tauri-mock';

// A browser zoomed to 200% lays the page out in half as many CSS pixels each way and draws each
// CSS pixel with 2 x 2 device pixels: a 1280 x 800 window at 200% is a 640 x 400 CSS viewport at
// a device pixel ratio of 2, so media queries, wrapping and `innerWidth` see exactly what they
// see in the zoomed window.
test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });

const HOUR = 3_600_000;
const twoConnections = (): FakeConnection[] => [
  {
    name: 'Production',
    baseUrl: 'https://billing.example.com/',
    token: 'stored',
    lastFetchedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
  },
  { name: 'Staging', baseUrl: 'https://staging.example.com/', token: 'missing', timeoutSecs: 60 },
];

type Check = LayoutOptions & {
  /**
   * The invoices desk fills the window and scrolls inside its panes: the window itself must not
   * scroll too (a page-level scrollbar would move the header away over empty space). The
   * welcome and Connections pages are ordinary pages that scroll as a whole.
   */
  fillsWindow?: boolean;
};

/** Attaches a screenshot of `state`, then fails with every layout problem found in it. */
async function expectReflows(
  page: Page,
  testInfo: TestInfo,
  state: string,
  { fillsWindow = false, ...options }: Check = {},
) {
  // Let fonts and the grid's fitted widths settle before measuring.
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await testInfo.attach(`${state} at 200%`, {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
  const report = await layoutReport(page, options);
  expect(report.checked.elements, `${state}: the check found text to look at`).toBeGreaterThan(3);
  expect.soft(report.cutOff, `${state}: no text cut off`).toEqual([]);
  expect.soft(report.overlaps, `${state}: no controls on top of one another`).toEqual([]);
  expect
    .soft(
      report.offscreen,
      `${state}: nothing past the window's side, no sideways scrolling but the data tables'`,
    )
    .toEqual([]);
  if (fillsWindow) {
    const size = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      innerHeight,
    }));
    expect
      .soft(
        size.scrollHeight,
        `${state}: the window itself does not scroll ${JSON.stringify(size)}`,
      )
      .toBeLessThanOrEqual(size.innerHeight + 1);
  }
}

/**
 * Checks the desk screen by screen: the check sees what its scrolling panes show, so the
 * sidebar and the main pane are scrolled down a screenful at a time, down to their ends; then
 * the grid, which scrolls sideways by design, is scrolled to its last column.
 */
async function expectDeskReflows(page: Page, testInfo: TestInfo, state: string) {
  const panes = page.locator('main.content, .sidebar');
  for (let screen = 1; ; screen++) {
    await expectReflows(page, testInfo, `${state}, screen ${screen}`, { fillsWindow: true });
    const moved = await panes.evaluateAll((elements) =>
      elements.map((pane) => {
        const before = pane.scrollTop;
        // A little overlap, so nothing falls between two screens.
        pane.scrollTop = before + pane.clientHeight - 40;
        return pane.scrollTop > before;
      }),
    );
    if (!moved.includes(true)) break;
    expect(screen, `${state}: the panes end within a few screens`).toBeLessThan(12);
  }
  await page
    .getByTestId('invoice-table')
    .evaluate((grid) => grid.scrollTo({ left: grid.scrollWidth }));
  await expectReflows(page, testInfo, `${state}, grid scrolled to its last column`, {
    fillsWindow: true,
  });
}

const rowsShown = (page: Page) => expect(page.getByTestId('invoice-row').first()).toBeVisible();

test('the welcome form of the first run', async ({ page }, testInfo) => {
  await mockTauri(page, { demo: false, connection: null });
  await page.goto('/');
  await expect(page.getByTestId('connection-form')).toBeVisible();
  await expectReflows(page, testInfo, 'welcome form');
});

test('the demo invoice view: rows, totals and the aging table', async ({ page }, testInfo) => {
  await mockTauri(page);
  await page.goto('/');
  await rowsShown(page);
  await expect(page.getByTestId('totals')).toBeVisible();
  await expect(page.getByTestId('aging')).toBeVisible();
  await expectDeskReflows(page, testInfo, 'invoice view');
});

test('the invoice view with a status and "overdue only" applied, and the charts shown', async ({
  page,
}, testInfo) => {
  await mockTauri(page);
  await page.goto('/');
  await rowsShown(page);
  await page.getByTestId('filter-status-open').click();
  await expect(page.getByTestId('filter-status-open')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('filter-overdue').check();
  await page.getByTestId('charts-toggle').click();
  await expect(page.getByTestId('charts-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chart-aging').first()).toBeVisible();
  await expectDeskReflows(page, testInfo, 'filtered view with charts');
});

test("the Connections screen with a connection's Edit form open", async ({ page }, testInfo) => {
  await mockTauri(page, { demo: false, connection: 'Production', connections: twoConnections() });
  await page.goto('/');
  await page.getByTestId('connections-button').click();
  await expect(page.getByTestId('connection-row').first()).toBeVisible();
  await page
    .locator('[data-testid="connection-row"][data-name="Production"]')
    .getByTestId('connection-edit')
    .click();
  await expect(page.getByTestId('connection-edit-form')).toBeVisible();
  await expectReflows(page, testInfo, 'connections with the edit form');
});

test('the export menu open', async ({ page }, testInfo) => {
  await mockTauri(page);
  await page.goto('/');
  await rowsShown(page);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-menu')).toBeVisible();
  await expectDeskReflows(page, testInfo, 'export menu');
  await expect(
    page.getByTestId('export-menu'),
    'the menu stayed open while the panes scrolled',
  ).toBeVisible();
});

test('the command palette open', async ({ page }, testInfo) => {
  await mockTauri(page);
  await page.goto('/');
  await rowsShown(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  // A modal: only the palette is in use, the page behind it is dimmed and inert.
  await expectReflows(page, testInfo, 'command palette', {
    root: '.palette-backdrop',
    fillsWindow: true,
  });
});

test('the About dialog open, with recent errors and the diagnostics shown', async ({
  page,
}, testInfo) => {
  await mockTauri(page, {
    demo: false,
    connection: 'Production',
    connections: twoConnections(),
    recentErrors: [
      {
        at: '2025-05-31T14:02:07Z',
        code: 'network',
        message: 'The billing service could not be reached (connection refused).',
        count: 3,
      },
      {
        at: '2025-05-31T13:58:41Z',
        code: 'unauthorized',
        message: 'The server refused the token (HTTP 401).',
        count: 1,
      },
    ],
  });
  await page.goto('/');
  await rowsShown(page);
  await page.getByTestId('about-button').click();
  const dialog = page.getByRole('dialog', { name: 'About Billing Desk' });
  await expect(dialog.getByTestId('about-errors').getByRole('listitem')).toHaveCount(2);
  await dialog.getByText('Show diagnostics').click();
  await expect(page.getByTestId('about-diagnostics')).toBeVisible();
  // A modal taller than the window scrolls inside itself: checked a screenful at a time (the
  // last screens may hold little more than the diagnostics text and Close).
  await expectReflows(page, testInfo, 'About dialog, screen 1', {
    root: '.dialog-backdrop',
    fillsWindow: true,
  });
  for (let screen = 2; ; screen++) {
    const moved = await page.getByTestId('about-dialog').evaluate((panel) => {
      const before = panel.scrollTop;
      panel.scrollTop = before + panel.clientHeight - 40;
      return panel.scrollTop > before;
    });
    if (!moved) break;
    expect(screen, 'the dialog ends within a few screens').toBeLessThan(12);
    await testInfo.attach(`About dialog, screen ${screen} at 200%`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
    const report = await layoutReport(page, { root: '.dialog-backdrop' });
    expect.soft(report.cutOff, `screen ${screen}: no text cut off`).toEqual([]);
    expect.soft(report.overlaps, `screen ${screen}: no controls on top of one another`).toEqual([]);
    expect.soft(report.offscreen, `screen ${screen}: nothing past the window's side`).toEqual([]);
  }
  await expect(page.getByTestId('about-close'), 'Close is reached at the end').toBeInViewport();
});

/**
 * axe on every screen and state of the app, in the light and the dark theme (the app follows
 * the OS, emulated here with `colorScheme`): zero violations of the WCAG 2.0/2.1/2.2 A and AA
 * rules. Each state is put on screen through the UI, as a user would reach it.
 */
import type { Page } from '@playwright/test';
import { axeViolations, expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { DEMO_CHANGES, DEMO_ORGS, mockTauri, type Backend, type Script } from './tauri-mock';

type State = {
  name: string;
  backend?: Backend;
  script?: Script;
  /** Brings the state on screen after the page loaded; each step is checked with axe. */
  steps: { name: string; show: (page: Page) => Promise<void> }[];
};

const HOUR = 3_600_000;
const twoConnections = () => [
  {
    name: 'Production',
    token: 'stored' as const,
    lastFetchedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
  },
  {
    name: 'Staging',
    baseUrl: 'https://staging.example.com/',
    token: 'missing' as const,
    timeoutSecs: 60,
  },
];

const rowsShown = (page: Page) => expect(page.getByTestId('invoice-row').first()).toBeVisible();

const STATES: State[] = [
  {
    name: 'welcome form (first run)',
    backend: { demo: false, connection: null },
    steps: [
      { name: 'empty', show: (page) => expect(page.getByTestId('connection-form')).toBeVisible() },
      {
        name: 'after a failed test',
        show: async (page) => {
          await page.getByTestId('conn-base-url').fill('https://billing.example.com/');
          await page.getByTestId('conn-token').fill('sk_test');
          await page.getByTestId('conn-test').click();
          await expect(page.getByTestId('conn-test-result')).toContainText(
            'Enter an organization ID',
          );
        },
      },
    ],
  },
  {
    name: 'demo',
    steps: [
      { name: 'all organizations', show: rowsShown },
      {
        name: 'a grid cell focused from the keyboard',
        show: async (page) => {
          await page.keyboard.press('Control+f');
          await expect(page.getByTestId('search-input')).toBeFocused();
          for (
            let presses = 0;
            presses < 40 &&
            !(await page.evaluate(() => document.activeElement?.closest('[role=grid]') != null));
            presses++
          )
            await page.keyboard.press('Tab');
          await page.keyboard.press('ArrowDown');
          await expect(page.locator('[role=grid] :focus-visible')).toHaveCount(1);
        },
      },
    ],
  },
  {
    name: 'organization editor',
    steps: [
      {
        name: 'open',
        show: async (page) => {
          await page.getByTestId('org-edit-org_acme').click();
          await expect(page.getByTestId('org-editor')).toBeVisible();
        },
      },
      {
        name: 'its remove confirmation',
        show: async (page) => {
          await page.getByTestId('org-remove').click();
          await expect(page.getByTestId('org-remove-confirm')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'invoice view with filters applied',
    steps: [
      {
        name: 'one organization, open, overdue, EUR, sorted by total descending',
        show: async (page) => {
          await page.getByTestId('org-item-org_acme').click();
          await page.getByTestId('filter-status-open').click();
          await page.getByTestId('filter-overdue').check();
          await page.getByTestId('filter-currency').selectOption('EUR');
          await page.getByTestId('sort-total').click();
          await page.getByTestId('sort-total').click();
          await expect(page.getByTestId('results-announcement')).toHaveText(
            /sorted by total, descending/,
          );
        },
      },
      {
        name: 'column chooser open',
        show: async (page) => {
          await page.getByTestId('column-chooser').click();
          await expect(page.getByTestId('column-menu')).toBeVisible();
        },
      },
      {
        name: 'no invoice matches (empty state)',
        show: async (page) => {
          await page.keyboard.press('Escape');
          await page.getByTestId('search-input').fill('nothing-like-this');
          await expect(page.getByTestId('empty-state')).toContainText('No invoices match');
        },
      },
    ],
  },
  {
    name: 'views',
    backend: {
      views: [
        { name: 'Overdue EUR', query: { orgs: null, overdueOnly: true, currency: 'EUR' } },
        {
          name: 'ACME open',
          query: { orgs: ['org_acme'], statuses: ['open'] },
          columns: [{ id: 'total', visible: true }],
        },
      ],
    },
    steps: [
      {
        name: 'two views, one applied and modified',
        show: async (page) => {
          await page.locator('[data-testid="view-item"][data-name="Overdue EUR"]').click();
          await page.getByTestId('filter-status-open').click();
          await expect(page.getByTestId('view-modified')).toBeVisible();
        },
      },
      {
        name: 'the save form open',
        show: async (page) => {
          await page.getByTestId('view-save').click();
          await expect(page.getByTestId('view-name-input')).toBeFocused();
        },
      },
    ],
  },
  {
    name: 'charts',
    steps: [
      {
        name: 'charts per currency, as of a day',
        show: async (page) => {
          await page.getByTestId('as-of-input').fill('2025-05-31');
          await page.getByTestId('charts-toggle').click();
          await expect(page.getByTestId('chart-due-months').first()).toBeVisible();
          await expect(page.getByTestId('as-of-note')).toBeVisible();
        },
      },
      {
        name: 'a chart shown as a table, a month focused',
        show: async (page) => {
          await page.getByTestId('chart-table-toggle').first().click();
          await page.getByTestId('chart-month').first().focus();
          await expect(page.getByTestId('chart-due-months-table').first()).toBeVisible();
        },
      },
      {
        name: 'an age bar applied, its range a chip in the filters',
        show: async (page) => {
          await page.locator('[data-testid="chart-aging"] [data-bucket="over90"]').first().click();
          await expect(page.getByTestId('filter-days-overdue')).toHaveText(/^91\+ days overdue/);
        },
      },
    ],
  },
  {
    name: 'export menu',
    steps: [
      {
        name: 'open',
        show: async (page) => {
          await rowsShown(page);
          await page.keyboard.press('Control+e');
          await expect(page.getByTestId('export-menu')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'export of a view that is not up to date',
    backend: {
      orgs: [
        DEMO_ORGS[0]!,
        {
          ...DEMO_ORGS[1]!,
          error: { code: 'server', message: 'The billing service failed (HTTP 503).' },
        },
        { ...DEMO_ORGS[2]!, cachedAt: new Date(Date.now() - 3 * HOUR).toISOString() },
      ],
    },
    steps: [
      {
        name: 'the question before exporting',
        show: async (page) => {
          await rowsShown(page);
          await page.getByTestId('export-button').click();
          await page.getByTestId('export-csv').click();
          await expect(page.getByTestId('export-question')).toBeVisible();
        },
      },
      {
        name: 'the outcome',
        show: async (page) => {
          await page.getByTestId('export-anyway').click();
          await expect(page.getByTestId('export-result')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'payment methods',
    steps: [
      {
        name: 'all organizations, with expired and expiring cards',
        show: async (page) => {
          await page.getByTestId('tab-payment-methods').click();
          await expect(page.getByTestId('payment-method-row').first()).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'payment methods, none saved',
    script: { payment_methods: [{ ok: [] }] },
    steps: [
      {
        name: 'empty state',
        show: async (page) => {
          await page.getByTestId('tab-payment-methods').click();
          await expect(page.getByTestId('empty-state')).toContainText('No payment methods');
        },
      },
    ],
  },
  {
    name: 'export history',
    script: {
      history_verify: [
        {
          ok: {
            entries: 3,
            tampered: ['line 2 (export 2): the entry before it was edited, removed or moved'],
            filesChanged: [],
            filesMissing: ['export 1: /home/finance/exports/april.xlsx is no longer there'],
            interrupted: [],
          },
        },
      ],
    },
    steps: [
      {
        name: 'the list, with a pruned snapshot and an export to standard output',
        show: async (page) => {
          await page.getByTestId('tab-history').click();
          await expect(page.getByTestId('history-row').first()).toBeVisible();
        },
      },
      {
        name: 'a verification that fails, with a note',
        show: async (page) => {
          await page.getByTestId('history-verify').click();
          await expect(page.getByTestId('history-verify-result')).toHaveAttribute(
            'data-clean',
            'false',
          );
        },
      },
    ],
  },
  {
    name: 'changes',
    backend: { changes: { ...DEMO_CHANGES, notCompared: ['org_kuwait'] } },
    steps: [
      {
        name: 'categories, currencies and rows, an organization left out',
        show: async (page) => {
          await page.getByTestId('tab-changes').click();
          await expect(page.getByTestId('change-row').first()).toBeVisible();
          await page.getByTestId('changes-kind-newlyPaid').click();
          await page.getByTestId('changes-sort-kind').click();
          await expect(page.getByTestId('changes-kind-newlyPaid')).toHaveAttribute(
            'aria-pressed',
            'true',
          );
        },
      },
      {
        name: 'the export menu open, after an export',
        show: async (page) => {
          await page.getByTestId('changes-export-button').click();
          await page.getByTestId('changes-export-csv').click();
          await expect(page.getByTestId('changes-export-result')).toBeVisible();
          await page.getByTestId('changes-export-button').click();
          await expect(page.getByTestId('changes-export-menu')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'changes before any export',
    backend: { changes: null, history: [] },
    steps: [
      {
        name: 'empty state',
        show: async (page) => {
          await page.getByTestId('tab-changes').click();
          await expect(page.getByTestId('changes-none')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'connections screen',
    backend: { demo: false, connection: 'Production', connections: twoConnections() },
    steps: [
      {
        name: 'two connections',
        show: async (page) => {
          await page.getByTestId('connections-button').click();
          await expect(page.getByTestId('connection-row')).toHaveCount(2);
        },
      },
      {
        name: 'edit form with an invalid number',
        show: async (page) => {
          const staging = page.locator('[data-testid="connection-row"][data-name="Staging"]');
          await staging.getByTestId('connection-edit').click();
          await staging.getByTestId('connection-edit-timeout').fill('soon');
          await staging.getByTestId('connection-edit-save').click();
          await expect(staging.getByTestId('connection-edit-invalid')).toBeVisible();
        },
      },
      {
        name: 'edit form with aging buckets Rust refused',
        show: async (page) => {
          const staging = page.locator('[data-testid="connection-row"][data-name="Staging"]');
          await staging.getByTestId('connection-edit-timeout').fill('');
          await staging.getByTestId('edit-aging-buckets').fill('60, 30');
          await staging.getByTestId('connection-edit-save').click();
          await expect(staging.getByTestId('connection-edit-error')).toContainText(
            'aging buckets: ',
          );
        },
      },
      {
        name: 'token form and a failed test',
        show: async (page) => {
          const staging = page.locator('[data-testid="connection-row"][data-name="Staging"]');
          await staging.getByTestId('connection-token').click();
          await expect(staging.getByTestId('connection-token-input')).toBeFocused();
          await staging.getByTestId('connection-test').click();
          await expect(staging.getByTestId('connection-test-result')).toContainText('No API token');
        },
      },
      {
        name: 'remove confirmation',
        show: async (page) => {
          const production = page.locator('[data-testid="connection-row"][data-name="Production"]');
          await production.getByTestId('connection-remove').click();
          await expect(production.getByTestId('connection-remove-question')).toBeVisible();
        },
      },
      {
        name: 'add-connection form',
        show: async (page) => {
          await page.getByTestId('connections-add').click();
          await expect(page.getByRole('heading', { name: 'Add a connection' })).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'connections screen, none saved',
    steps: [
      {
        name: 'empty state',
        show: async (page) => {
          await page.getByTestId('connections-button').click();
          await expect(page.getByTestId('connections-empty')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'errors',
    backend: {
      demo: false,
      connection: 'Production',
      orgs: [
        { ...DEMO_ORGS[0]!, cachedAt: '2025-05-31T08:00:00Z' },
        {
          ...DEMO_ORGS[1]!,
          error: { code: 'unauthorized', message: 'The server refused the token (HTTP 401).' },
        },
      ],
    },
    script: {
      invoice_open: [{ err: { code: 'linkRefused', message: 'This invoice has no valid link.' } }],
    },
    steps: [
      {
        name: 'a refused token with its form, a failed organization, stale data',
        show: async (page) => {
          await expect(page.getByTestId('error-banner').first()).toHaveAttribute(
            'data-code',
            'unauthorized',
          );
          await expect(page.getByTestId('token-input')).toBeVisible();
          await rowsShown(page);
        },
      },
      {
        name: 'a refused link',
        show: async (page) => {
          await page.getByTestId('invoice-row').first().getByTestId('open-hosted').click();
          await expect(page.locator('[data-code=linkRefused]')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'about dialog',
    backend: {
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
      ],
      lastCrash: {
        at: '2025-05-30T09:12:00Z',
        program: 'billing-desk',
        version: '9.8.7',
        message: 'index out of bounds',
        location: 'src/x.rs:7',
        thread: 'main',
      },
    },
    script: {
      'folder_open {"kind":"cache"}': [
        {
          err: {
            code: 'internal',
            message:
              'The folder /home/me/.cache/billing-desk cannot be created: Permission denied (os error 13).',
          },
        },
      ],
    },
    steps: [
      {
        name: 'the crash notice with Copy diagnostics',
        show: (page) => expect(page.getByTestId('crash-report-copy')).toBeVisible(),
      },
      {
        name: 'open, with one recent error',
        show: async (page) => {
          await page.getByTestId('about-button').click();
          await expect(page.getByTestId('about-errors').getByRole('listitem')).toHaveCount(1);
        },
      },
      {
        name: 'a refused Open and the diagnostics shown',
        show: async (page) => {
          await page.getByTestId('about-folder-open-cache').click();
          await expect(page.getByTestId('about-folder-error')).toBeVisible();
          await page
            .getByRole('dialog', { name: 'About Billing Desk' })
            .getByText('Show diagnostics')
            .click();
          await expect(page.getByTestId('about-diagnostics')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'start-up failure',
    script: { app_info: [{ err: { code: 'settings', message: 'settings.toml is damaged.' } }] },
    steps: [
      {
        name: 'error banner',
        show: (page) =>
          expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'settings'),
      },
    ],
  },
  {
    name: 'loading',
    backend: {
      fetchMs: 4_000,
      queryMs: 600,
      orgs: [{ orgId: 'org_big', label: 'Big Co', count: 100_000 }, ...DEMO_ORGS],
    },
    steps: [
      {
        name: 'a running fetch with its progress and Cancel',
        show: async (page) => {
          await expect(page.getByTestId('fetch-cancel')).toBeVisible();
          await expect(page.getByTestId('fetch-progress')).toBeVisible();
        },
      },
      {
        name: 'rows still loading far down the grid',
        show: async (page) => {
          await rowsShown(page);
          await page
            .getByTestId('invoice-table')
            .evaluate((table) => table.scrollTo({ top: table.scrollHeight / 2 }));
          await expect(page.locator('.row-placeholder').first()).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'an organization without invoices',
    backend: { orgs: [{ orgId: 'org_new', label: 'New Co', count: 0 }] },
    steps: [
      {
        name: 'empty state',
        show: async (page) => {
          await page.getByTestId('org-item-org_new').click();
          await expect(page.getByTestId('empty-state')).toContainText('no invoices');
        },
      },
    ],
  },
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    for (const state of STATES) {
      test(`axe: ${state.name}`, async ({ page }) => {
        await mockTauri(page, state.backend, state.script);
        await page.goto('/');
        await expect(page.locator('h1')).toHaveText('Billing Desk');
        for (const step of state.steps) {
          await step.show(page);
          await expectAccessible(page, `${state.name}: ${step.name} (${colorScheme})`);
        }
      });
    }
  });
}

test('axe reports what it should: a violation planted in the page fails the check', async ({
  page,
}) => {
  await mockTauri(page);
  await page.goto('/');
  await rowsShown(page);
  await page.evaluate(() => {
    // A nameless button and text at 1.3:1: two WCAG A/AA failures.
    const button = document.createElement('button');
    button.id = 'planted-button';
    const faint = document.createElement('p');
    faint.id = 'planted-text';
    faint.textContent = 'Hard to read';
    faint.style.setProperty('color', '#e0e0e0');
    faint.style.setProperty('background', '#ffffff');
    document.querySelector('main')?.prepend(button, faint);
  });
  const found = await axeViolations(page);
  expect(
    found.find((line) => line.startsWith('button-name')),
    'the nameless button',
  ).toContain('#planted-button');
  expect(
    found.find((line) => line.startsWith('color-contrast')),
    'the faint text',
  ).toContain('#planted-text');
});

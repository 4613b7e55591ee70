/**
 * Every string the backend sends is data, never markup: the fake backend fills each field the
 * UI shows with HTML and script, and the page must show the literal text, create no element
 * from it and run none of it. The answers are typed with the generated bindings, so a string
 * field added on the Rust side shows up here as a type error until it gets a hostile value.
 */
import type { Page } from '@playwright/test';
import type {
  AppInfo,
  ConnectionInfo,
  CurrencySummary,
  InvoicePage,
  InvoiceRow,
  OrgStatus,
  PaymentMethodRow,
  Settings,
} from '../src/types';
import { COLUMNS } from '../src/state/columns';
import { expect, test } from './fixtures';
import { argsOf, mockTauri } from './tauri-mock';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const BOLD = '<b>bold</b>';

/** One hostile value per field, each distinct so an assertion finds the field it is about. */
const F = {
  version: `9.9 ${BOLD}`,
  connection: `Prod ${IMG}`,
  otherConnection: `Staging ${SCRIPT}`,
  baseUrl: `https://billing.example.com/${BOLD}`,
  settingsWarning: `Settings were damaged ${SCRIPT}`,
  orgA: `org_${IMG}`,
  labelA: `ACME ${BOLD}`,
  orgB: `org_${SCRIPT}`,
  orgError: `The token was refused ${IMG}`,
  numberA: IMG,
  numberB: `${BOLD} INV-2`,
  idA: `in_${BOLD}`,
  idB: `in_${SCRIPT}`,
  statusA: SCRIPT,
  statusB: BOLD,
  currency: `${BOLD}X`,
  createdRaw: `${IMG} 31/02/2024`,
  dueRaw: `${SCRIPT} tomorrow`,
  periodStartRaw: `${BOLD} start`,
  periodEndRaw: `${IMG} end`,
  hosted: `javascript:${SCRIPT}`,
  pdf: `data:text/html,${IMG}`,
  openError: `This link cannot be opened ${BOLD}`,
  openReason: `the link answered 404 ${SCRIPT}`,
  archiveDir: `/home/finance/${IMG}/pdfs`,
  defaultArchiveDir: `/home/finance/.local/share/${SCRIPT}`,
  exportPath: `/home/finance/${IMG}.csv`,
  manifestPath: `/home/finance/${SCRIPT}.manifest.json`,
  exportError: `The folder ${IMG} is read-only`,
  pdfDir: `/home/finance/${BOLD}`,
  invalidOrgId: `bad/${SCRIPT}`,
  pmId: `pm_${BOLD}`,
  brand: `visa ${IMG}`,
  type: `card ${SCRIPT}`,
  last4: `${BOLD}`,
  billingName: `Ada ${SCRIPT}`,
  billingEmail: `ada${IMG}@example.com`,
  testError: `Unauthorized ${SCRIPT}`,
  addError: `Could not save ${BOLD}`,
  otherBaseUrl: `https://staging.example.com/${IMG}`,
  fetchedRaw: `${IMG} last week`,
  checkError: `No token for ${SCRIPT}`,
  updateError: `The address ${BOLD} is not valid`,
} as const;

const info: AppInfo = {
  version: F.version,
  demo: false,
  connection: F.connection,
  settingsWarning: F.settingsWarning,
  lastCrash: null,
  updates: { state: 'notConfigured' },
};

const settings: Settings = {
  connections: [F.connection, F.otherConnection].map((name) => ({
    name,
    baseUrl: F.baseUrl,
    concurrency: null,
    timeoutSecs: null,
    allowPlainHttp: false,
    archiveDir: F.archiveDir,
    organizations: [
      { orgId: F.orgA, label: F.labelA },
      { orgId: F.orgB, label: null },
    ],
  })),
  activeConnection: F.connection,
  // Every column shown, so every invoice field is on screen.
  ui: { columns: COLUMNS.map((column) => ({ id: column.id, visible: true })), theme: 'system' },
};

const orgs: OrgStatus[] = [
  {
    orgId: F.orgA,
    label: F.labelA,
    state: 'fresh',
    fetchedAt: '2025-06-01T00:00:00Z',
    refused: false,
    invoices: 1,
    paymentMethods: 1,
    error: null,
  },
  // A token problem: the banner then also names the connection in its "Set token" form.
  {
    orgId: F.orgB,
    label: null,
    state: 'failed',
    fetchedAt: '2025-05-30T00:00:00Z',
    refused: false,
    invoices: 1,
    paymentMethods: 1,
    error: { code: 'noToken', message: F.orgError },
  },
];

const invalid = (raw: string) => ({ kind: 'invalid' as const, raw });

const rows: InvoiceRow[] = [
  {
    key: 'a/0',
    org: F.orgA,
    orgLabel: F.labelA,
    invoice: {
      id: F.idA,
      number: F.numberA,
      status: F.statusA,
      currency: F.currency,
      total: 12345,
      amountDue: 12345,
      amountPaid: 0,
      amountRemaining: 12345,
      createdAt: invalid(F.createdRaw),
      dueAt: invalid(F.dueRaw),
      periodStart: invalid(F.periodStartRaw),
      periodEnd: invalid(F.periodEndRaw),
      hostedInvoiceUrl: F.hosted,
      invoicePdf: F.pdf,
    },
    overdue: true,
    daysOverdue: 3,
    aging: 'days1To30',
    hasHosted: true,
    hasPdf: true,
    archived: true,
  },
  {
    key: 'b/0',
    org: F.orgB,
    orgLabel: null,
    invoice: {
      id: F.idB,
      number: F.numberB,
      status: F.statusB,
      currency: F.currency,
      total: 500,
      amountDue: 500,
      amountPaid: 500,
      amountRemaining: 0,
      createdAt: { kind: 'valid', value: '2024-01-01T09:30:00Z' },
      dueAt: null,
      periodStart: null,
      periodEnd: null,
      hostedInvoiceUrl: null,
      invoicePdf: null,
    },
    overdue: false,
    daysOverdue: null,
    aging: 'current',
    hasHosted: false,
    hasPdf: false,
    archived: false,
  },
];

const sum = (minor: number) => ({ minor, counted: 2 });
const byCurrency: CurrencySummary[] = [
  {
    currency: F.currency,
    count: 2,
    total: sum(12845),
    amountDue: sum(12845),
    amountPaid: sum(500),
    amountRemaining: sum(12345),
    aging: [
      { bucket: 'current', label: 'Current', fromDays: null, toDays: null, minor: 0, count: 0 },
      { bucket: 'days1To30', label: '1-30 days', fromDays: 1, toDays: 30, minor: 12345, count: 1 },
      { bucket: 'days31To60', label: '31-60 days', fromDays: 31, toDays: 60, minor: 0, count: 0 },
      { bucket: 'days61To90', label: '61-90 days', fromDays: 61, toDays: 90, minor: 0, count: 0 },
      { bucket: 'over90', label: '90+ days', fromDays: 91, toDays: null, minor: 0, count: 0 },
    ],
  },
];

const page1: InvoicePage = {
  rows,
  matched: 2,
  loaded: 2,
  byCurrency,
  dueMonths: [],
  currencies: { [F.currency]: 2 },
  // The status filter offers the unknown statuses too: their chips must show them as text.
  statuses: ['draft', 'open', 'paid', 'uncollectible', 'void', F.statusB, F.statusA],
};

const paymentRows: PaymentMethodRow[] = [
  {
    org: F.orgA,
    orgLabel: F.labelA,
    cardState: 'valid',
    method: {
      id: F.pmId,
      type: F.type,
      brand: F.brand,
      last4: F.last4,
      expMonth: 12,
      expYear: 2030,
      isDefault: true,
      billingName: F.billingName,
      billingEmail: F.billingEmail,
      createdAt: null,
    },
  },
  {
    // No brand: the type is shown instead. No label: the organization's ID is.
    org: F.orgB,
    orgLabel: null,
    cardState: 'unknown',
    method: {
      id: `${F.pmId}2`,
      type: F.type,
      brand: null,
      last4: null,
      expMonth: null,
      expYear: null,
      isDefault: false,
      billingName: null,
      billingEmail: null,
      createdAt: null,
    },
  },
];

/** Nothing ran, and no element exists in the app that the app did not write itself. */
async function expectOnlyText(page: Page, where: string): Promise<void> {
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    `${where}: no script from a field ran`,
  ).toBeUndefined();
  const made = await page
    .locator('#app')
    .evaluate((root) =>
      [...root.querySelectorAll('img, b, script, [onerror]')]
        .filter((element) => !element.matches('img.app-logo'))
        .map((element) => element.outerHTML),
    );
  expect(
    made,
    `${where}: no element was made from field text (the header logo is the app's only image)`,
  ).toEqual([]);
}

test('HTML and script in every field the desk shows stay text', async ({ page }) => {
  await mockTauri(
    page,
    { demo: false, connection: F.connection },
    {
      app_info: [{ ok: info }],
      settings_get: [{ ok: settings }],
      orgs_list: [{ ok: orgs }],
      fetch_orgs: [{ ok: orgs }],
      invoices_query: [{ ok: page1 }],
      invoice_open: [
        { err: { code: 'linkRefused', message: F.openError } },
        { ok: { url: F.pdf, archived: true, reason: F.openReason } },
      ],
      invoice_link: [{ ok: F.hosted }],
      export_check: [{ ok: [] }],
      export_invoices: [
        {
          ok: {
            path: F.exportPath,
            rows: 2,
            manifestPath: F.manifestPath,
            missingOrgs: 0,
            staleOrgs: 0,
            historyNumber: null,
          },
        },
        { err: { code: 'export', message: F.exportError } },
      ],
      pdfs_download: [
        { ok: { dir: F.pdfDir, downloaded: 1, skipped: 0, failed: 0, cancelled: false } },
      ],
      pdf_download_invoice: [
        { ok: { dir: F.pdfDir, downloaded: 1, skipped: 0, failed: 0, cancelled: false } },
      ],
      archive_folder_open: [{ ok: F.pdfDir }],
      orgs_add: [{ ok: { added: [], alreadySaved: [F.orgA], invalid: [F.invalidOrgId] } }],
      payment_methods: [{ ok: paymentRows }],
    },
  );
  await page.addInitScript(() => {
    // The clipboard needs a user permission in a real browser; record what would be written.
    const copied: string[] = [];
    Object.assign(window, { __copied: copied });
    Object.defineProperty(navigator, 'clipboard', {
      value: {
        writeText: async (text: string) => void copied.push(text),
        write: async (items: ClipboardItem[]) => {
          for (const item of items) copied.push(await (await item.getType('text/plain')).text());
        },
      },
    });
  });
  await page.goto('/');

  // Header, settings warning, connection switcher.
  await expect(page.getByTestId('connection-name')).toHaveText(F.connection);
  await expect(page.getByTestId('app-version')).toHaveText(`Version ${F.version}`);
  await expect(page.locator('.connection-switch option')).toHaveText([
    F.connection,
    F.otherConnection,
    'Demo data',
  ]);
  await expect(page.getByTestId('settings-warning')).toHaveText(F.settingsWarning);

  // Sidebar: a label with its ID under it, and an ID alone.
  const orgA = page.getByTestId(`org-item-${F.orgA}`);
  await expect(orgA.locator('.org-name')).toHaveText(F.labelA);
  await expect(orgA.locator('.org-id')).toHaveText(F.orgA);
  await expect(page.getByTestId(`org-item-${F.orgB}`).locator('.org-name')).toHaveText(F.orgB);

  // The failed organization's banner: Rust's message, the org's name, the connection's name.
  const orgBanner = page.getByTestId('error-banner').filter({ hasText: F.orgError });
  await expect(orgBanner).toContainText(`${F.orgB} could not be refreshed.`);
  await expect(orgBanner).toContainText(`New token for ${F.connection}`);

  // The table, every column, All organizations (so with the Organization column).
  const rowA = page.locator('[data-testid=invoice-row]').nth(0);
  const rowB = page.locator('[data-testid=invoice-row]').nth(1);
  await expect(rowA.locator('.col-org')).toHaveText(F.labelA);
  await expect(rowB.locator('.col-org'), 'no label: the ID is the name').toHaveText(F.orgB);
  await expect(rowA.locator('.col-number')).toHaveText(F.numberA);
  await expect(rowB.locator('.col-number')).toHaveText(F.numberB);
  await expect(rowA.locator('.col-id')).toHaveText(F.idA);
  await expect(rowB.locator('.col-id')).toHaveText(F.idB);
  await expect(
    rowA.locator('.col-status .chip-unknown'),
    'an unknown status is a neutral chip with its text',
  ).toHaveText(F.statusA);
  await expect(rowB.locator('.col-status .chip-unknown')).toHaveText(F.statusB);
  await expect(
    page.getByTestId(`filter-status-${F.statusA}`),
    'an unknown status is a filter chip with its text',
  ).toHaveText(F.statusA);
  await expect(rowA.locator('.col-currency')).toHaveText(F.currency);
  await expect(rowA.locator('.col-total'), 'a code Intl cannot name follows the number').toHaveText(
    `123.45 ${F.currency}`,
  );
  await expect(rowA.locator('.col-createdAt')).toContainText(F.createdRaw);
  await expect(rowA.locator('.col-dueAt')).toContainText(F.dueRaw);
  await expect(rowA.locator('.col-periodStart')).toContainText(F.periodStartRaw);
  await expect(rowA.locator('.col-periodEnd')).toContainText(F.periodEndRaw);
  await expect(page.getByTestId('totals').locator('.total-currency')).toHaveText(F.currency);
  await expect(page.getByTestId('aging').locator('tbody th')).toHaveText(F.currency);
  await expect(page.getByTestId('filter-currency').locator('option')).toHaveText([
    'All',
    F.currency,
  ]);
  await expectOnlyText(page, 'table');

  // Row actions: an error banner, then the notices naming the invoice; the link is copied as is.
  await rowA.getByTestId('open-hosted').click();
  await expect(page.getByTestId('error-banner').filter({ hasText: F.openError })).toHaveAttribute(
    'data-code',
    'linkRefused',
  );
  await page
    .getByTestId('error-banner')
    .filter({ hasText: F.openError })
    .getByTestId('retry-button')
    .click();
  await expect(page.getByTestId('notice')).toHaveText(
    `Opened invoice ${F.numberA} in your browser.`,
  );
  await rowA.getByTestId('open-pdf').click();
  await expect(page.getByTestId('notice')).toHaveText(
    `The PDF link of invoice ${F.numberA} did not work (${F.openReason}): opened the archived copy.`,
  );
  await rowA.getByTestId('open-archived').click();
  await expect(page.getByTestId('notice')).toHaveText(
    `Opened the archived PDF of invoice ${F.numberA}.`,
  );
  await rowA.getByTestId('download-pdf').click();
  await expect(page.getByTestId('notice')).toHaveText(
    `Saved the PDF of invoice ${F.numberA} in the archive.`,
  );
  await rowA.getByTestId('copy-link').click();
  await expect(page.getByTestId('notice')).toHaveText(`Link of invoice ${F.numberA} copied.`);
  expect(
    await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied),
    'the link is handed over unchanged',
  ).toEqual([F.hosted]);
  await expectOnlyText(page, 'row actions');

  // Export and PDF outcomes, and an export error.
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-manifest').check();
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-result')).toHaveText(
    `Exported 2 invoices to ${F.exportPath} (manifest: ${F.manifestPath})`,
  );
  await page.getByTestId('export-button').click();
  await page.getByTestId('export-json').click();
  await expect(page.getByTestId('error-banner').filter({ hasText: F.exportError })).toHaveAttribute(
    'data-code',
    'export',
  );
  await page.getByTestId('export-button').click();
  await page.getByTestId('pdfs-download').click();
  await expect(page.getByTestId('pdfs-result')).toHaveText(
    `PDFs saved in ${F.pdfDir}: 1 downloaded, 0 already there, 0 failed.`,
  );
  await page.getByTestId('export-button').click();
  await page.getByTestId('archive-folder-open').click();
  await expect(page.getByTestId('notice')).toHaveText(`Opened the archive folder ${F.pdfDir}.`);
  await expectOnlyText(page, 'export');

  // What Rust says about pasted organization IDs.
  await page.getByTestId('org-add-input').fill(`${F.orgA} ${F.invalidOrgId}`);
  await page.getByTestId('org-add-button').click();
  await expect(page.getByTestId('org-add-result')).toHaveText(
    `Added 0 · 1 already saved · not valid: ${F.invalidOrgId}`,
  );

  // The organization editor names the organization in its hint and its confirmation.
  await page.getByTestId(`org-edit-${F.orgA}`).click();
  await expect(page.getByTestId('org-editor')).toContainText(`Empty shows the ID, ${F.orgA}.`);
  await expect(page.getByTestId('org-label-input')).toHaveValue(F.labelA);
  await page.getByTestId('org-remove').click();
  await expect(page.getByTestId('org-editor')).toContainText(
    `Remove ${F.labelA} from the saved organizations?`,
  );
  await expectOnlyText(page, 'organization editor');
  await page.getByTestId('org-remove-cancel').click();
  await page.getByTestId('org-edit-cancel').click();

  // Payment methods of all organizations. (The sidebar's card count asks for them too, so
  // the tab's own request is the one after the click.)
  const cardCallsBefore = (await argsOf(page, 'payment_methods')).length;
  await page.getByTestId('tab-payment-methods').click();
  const methods = page.getByTestId('payment-method-row');
  await expect(methods).toHaveCount(2);
  await expect(methods.nth(0).locator('td')).toHaveText([
    F.labelA,
    'Default',
    F.brand,
    `•••• ${F.last4}`,
    '12/2030',
    F.billingName,
    F.billingEmail,
  ]);
  await expect(methods.nth(1).locator('td')).toHaveText([F.orgB, '', F.type, '—', '—', '—', '—']);
  await expectOnlyText(page, 'payment methods');
  expect(
    (await argsOf(page, 'payment_methods')).length,
    'the tab asked Rust for the cards',
  ).toBeGreaterThan(cardCallsBefore);
});

test('HTML and script in the connection test and its errors stay text', async ({ page }) => {
  await mockTauri(
    page,
    { demo: false, connection: null },
    {
      connection_test: [
        { ok: { orgId: F.orgA, invoices: 1, paymentMethods: 2 } },
        { err: { code: 'unauthorized', message: F.testError } },
      ],
      connection_add: [{ err: { code: 'settings', message: F.addError } }],
    },
  );
  await page.goto('/');
  await page.getByTestId('conn-name').fill('Production');
  await page.getByTestId('conn-base-url').fill('https://billing.example.com/');
  await page.getByTestId('conn-token').fill('sk_test');
  await page.getByTestId('conn-org-ids').fill('org_1');

  await page.getByTestId('conn-test').click();
  await expect(page.getByTestId('conn-test-result')).toHaveText(
    `Connection works: ${F.orgA} has 1 invoices and 2 payment methods.`,
  );
  await page.getByTestId('conn-test').click();
  await expect(page.getByTestId('conn-test-result')).toHaveText(F.testError);
  await page.getByTestId('conn-save').click();
  await expect(page.getByTestId('error-banner')).toContainText(F.addError);
  await expectOnlyText(page, 'connection form');
});

test('HTML and script in what the Connections screen shows stay text', async ({ page }) => {
  const overview: ConnectionInfo[] = [
    {
      name: F.connection,
      baseUrl: F.baseUrl,
      timeoutSecs: 30,
      concurrency: 4,
      plainHttp: false,
      allowPlainHttp: false,
      archiveDir: F.archiveDir,
      defaultArchiveDir: F.defaultArchiveDir,
      organizations: 2,
      active: true,
      token: 'stored',
      lastFetchedAt: F.fetchedRaw,
    },
    {
      name: F.otherConnection,
      baseUrl: F.otherBaseUrl,
      timeoutSecs: null,
      concurrency: null,
      plainHttp: false,
      allowPlainHttp: false,
      archiveDir: F.defaultArchiveDir,
      defaultArchiveDir: F.defaultArchiveDir,
      organizations: 0,
      active: false,
      token: 'missing',
      lastFetchedAt: null,
    },
  ];
  await mockTauri(
    page,
    { demo: false, connection: F.connection },
    {
      app_info: [{ ok: info }],
      settings_get: [{ ok: settings }],
      connections_overview: [{ ok: overview }],
      connection_check: [
        { ok: { orgId: F.orgA, invoices: 1, paymentMethods: 2 } },
        { err: { code: 'noToken', message: F.checkError } },
      ],
      connection_update: [{ err: { code: 'invalidInput', message: F.updateError } }],
    },
  );
  await page.goto('/');
  await page.getByTestId('connections-button').click();

  const [active, other] = [
    page.getByTestId('connection-row').nth(0),
    page.getByTestId('connection-row').nth(1),
  ];
  await expect(active.getByTestId('connection-row-name')).toHaveText(F.connection);
  await expect(active.getByTestId('connection-url')).toHaveText(F.baseUrl);
  await expect(
    active.getByTestId('connection-last-fetched'),
    'a date that does not parse is shown as received',
  ).toHaveText(`Last fetched ${F.fetchedRaw}`);
  await expect(other.getByTestId('connection-row-name')).toHaveText(F.otherConnection);
  await expect(other.getByTestId('connection-url')).toHaveText(F.otherBaseUrl);
  await expect(active.getByTestId('connection-archive-dir')).toHaveText(
    `PDF archive: ${F.archiveDir}`,
  );
  await expect(other.getByTestId('connection-archive-dir')).toHaveText(
    `PDF archive: ${F.defaultArchiveDir}`,
  );
  await expectOnlyText(page, 'connections list');

  await active.getByTestId('connection-test').click();
  await expect(active.getByTestId('connection-test-result')).toHaveText(
    `OK: 1 invoices, 2 payment methods in ${F.orgA}`,
  );
  await other.getByTestId('connection-test').click();
  await expect(other.getByTestId('connection-test-result')).toHaveText(F.checkError);
  await active.getByTestId('connection-edit').click();
  await expect(page.getByTestId('connection-edit-base-url')).toHaveValue(F.baseUrl);
  await expect(page.getByTestId('connection-edit-archive-dir')).toHaveValue(F.archiveDir);
  await expect(page.getByTestId('connection-edit-archive-dir')).toHaveAttribute(
    'placeholder',
    F.defaultArchiveDir,
  );
  await page.getByTestId('connection-edit-save').click();
  await expect(page.getByTestId('connection-edit-error')).toHaveText(F.updateError);
  await other.getByTestId('connection-token').click();
  await expect(other).toContainText(`New token for ${F.otherConnection}`);
  await other.getByTestId('connection-remove').click();
  await expect(other.getByTestId('connection-remove-question')).toContainText(
    `Remove connection “${F.otherConnection}”?`,
  );
  await expect(other.getByTestId('connection-remove-confirm')).toHaveText(
    `Remove ${F.otherConnection}`,
  );
  await expectOnlyText(page, 'connection actions');
});

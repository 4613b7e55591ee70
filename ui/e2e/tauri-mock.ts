/**
 * Stands in for the Rust side in the browser tests. The page gets the real
 * `@tauri-apps/api/mocks` module (its source, injected before the app's scripts) wired to a
 * small fake backend: organizations with realistic invoices (USD/EUR, JPY, KWD, overdue rows,
 * an invalid date, HTML and script text in fields), optionally one with 100k invoices paged by
 * `invoices_query`, saved connections with their token states (never a token) and aging
 * buckets (the active connection's scale splits the aging sums), a PDF archive per data source
 * (rows marked `archived`, single-invoice downloads into it), progress events, cancel, the
 * About dialog (folders under a fake home, recent errors, a diagnostics text built from the
 * connections), update checks (a check, a download with progress, an install, each change as
 * an `update-status` event), and a record of every call. `emitEvent` sends any event as Rust
 * would. A test can script the answers of any command (e.g.
 * an error, such as `folder_open {"kind":"logs"}` refused) ahead of the backend.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { ChangesView } from '../src/bindings/ChangesView';
import type { CommandError } from '../src/bindings/CommandError';
import type { CrashReport } from '../src/bindings/CrashReport';
import type { ExportEntry } from '../src/bindings/ExportEntry';
import type { RecentError } from '../src/bindings/RecentError';
import type { SavedView } from '../src/bindings/SavedView';
import type { TokenState } from '../src/bindings/TokenState';
import type { UiPrefs } from '../src/bindings/UiPrefs';
import type { UpdateStatus } from '../src/bindings/UpdateStatus';
import type { VerifyReport } from '../src/bindings/VerifyReport';

/** One scripted answer: a value, a `{code, message}` rejection like Rust's, or "let the fake backend answer". */
export type Reply = { ok: unknown } | { err: CommandError | string } | { backend: true };

/**
 * Per command, the answers in call order; the last one repeats. A key `command {args as
 * JSON}` (e.g. `payment_methods {"orgId":"org_acme"}`) scripts only the calls with exactly
 * those arguments, ahead of the command's own key.
 */
export type Script = Record<string, Reply[]>;

export type IpcCall = { cmd: string; args: unknown };

/** One organization of the fake backend. */
export type FakeOrg = {
  orgId: string;
  label?: string | null;
  /** Number of invoices. */
  count: number;
  /** Currencies used in turn by its invoices. */
  currencies?: string[];
  /** Statuses used in turn by its invoices (any text: the API may send new ones). */
  statuses?: string[];
  /** Multiplies every amount, e.g. to get totals in the trillions. */
  amountFactor?: number;
  /** The fetch fails with this error. */
  error?: CommandError;
  /** How many fetches fail with `error` before one succeeds; absent = all of them. */
  failTimes?: number;
  /** Data from a previous run: with `error` the org is `failed` with data, else `cached`. */
  cachedAt?: string;
  /** The cached data was noted as fetched before the service refused the token (Rust's `refused`). */
  refusedSince?: boolean;
};

/** One saved connection of the fake backend. */
export type FakeConnection = {
  name: string;
  /** Default `https://billing.example.com/`. */
  baseUrl?: string;
  /** What the keyring holds; default `stored`. */
  token?: TokenState;
  /** RFC 3339; default `null` (never fetched). */
  lastFetchedAt?: string | null;
  timeoutSecs?: number | null;
  concurrency?: number | null;
  /** The user's opt-in for a plain http address; default false. */
  allowPlainHttp?: boolean;
  /** Its own PDF archive folder; default `null` (the default folder under the data directory). */
  archiveDir?: string | null;
  /** Its aging boundaries in days, ascending; default none (30, 60, 90). */
  agingBuckets?: number[];
};

export type Backend = {
  version?: string;
  demo?: boolean;
  /** Active connection name; `null` with `demo: false` = first run. */
  connection?: string | null;
  /** Saved connections; default: `connection` alone, with a stored token. */
  connections?: FakeConnection[];
  settingsWarning?: string | null;
  /** The `lastCrash` of `app_info`; default none. */
  lastCrash?: CrashReport | null;
  orgs?: FakeOrg[];
  /** Milliseconds between two `pdf-progress` events. */
  pdfStepMs?: number;
  /** Milliseconds between two `export-progress` events (10 steps); 0 = one event at the end. */
  exportStepMs?: number;
  /** Milliseconds before `fetch_orgs` answers. */
  fetchMs?: number;
  /** Milliseconds before `invoices_query` answers. */
  queryMs?: number;
  /**
   * The saved display preferences (`settings_get`'s `ui`, replaced whole by `prefs_set`, so
   * `csvDialect` is kept as sent); default none saved (columns empty, theme system, no CSV layout).
   */
  ui?: UiPrefs;
  /** Invoice IDs whose PDF is in the archive from the start; default none. */
  archived?: string[];
  /** `export_history`'s answer, newest first; default {@link DEMO_HISTORY}. */
  history?: ExportEntry[];
  /** `history_verify`'s answer; default clean, one entry per export of `history`. */
  verify?: VerifyReport | null;
  /**
   * `changes_view`'s answer (its `since` follows the export asked for, from `history`);
   * `null` = nothing exported yet. Default {@link DEMO_CHANGES}. The filter is not applied:
   * Rust filters, tests check what was sent.
   */
  changes?: ChangesView | null;
  /**
   * The saved views of the data source on screen (one list for the fake, whatever the
   * connection), in saved order; default none. `view_save` replaces one of the same name
   * ignoring case, and refuses a broken name or range with Rust's `invalidInput` messages.
   */
  views?: SavedView[];
  /** `about_info`'s recent errors (this run's, newest first); default none. */
  recentErrors?: RecentError[];
  /** Where update checking stands at start (`app_info`, `about_info`); default not part of the build. */
  updates?: UpdateStatus;
  /** What `update_check` finds when checks run: a newer version, or (default `null`) nothing newer. */
  updateOffer?: { version: string; notes: string | null } | null;
  /** A verified download can be installed (this copy came from a package); default false. */
  updateInstallable?: boolean;
  /** Milliseconds a check takes, and between two `update-status` events of a download (4 steps). */
  updateStepMs?: number;
};

/** `n` organizations `org_0…`, numbered with as many digits as `n` has, of `count` invoices each. */
export function numberedOrgs(n: number, count: number): FakeOrg[] {
  const digits = String(n).length;
  return Array.from({ length: n }, (_, i) => ({
    orgId: `org_${String(i).padStart(digits, '0')}`,
    count,
  }));
}

export const DEMO_ORGS: FakeOrg[] = [
  { orgId: 'org_acme', label: 'ACME Europe', count: 40, currencies: ['USD', 'EUR'] },
  { orgId: 'org_tokyo', label: 'Tokyo KK', count: 25, currencies: ['JPY'] },
  { orgId: 'org_kuwait', label: null, count: 15, currencies: ['KWD'] },
];

/** Three exports: a CSV of everything, a JSON to standard output (`bdesk export`), an XLSX whose snapshot was pruned. */
export const DEMO_HISTORY: ExportEntry[] = [
  {
    number: 3,
    at: '2025-05-31T14:02:00Z',
    user: 'finance',
    format: 'csv',
    path: '/home/finance/exports/billing-desk-export.csv',
    rows: 80,
    organizations: DEMO_ORGS.map((org) => org.orgId),
    view: 'all invoices',
    hasSnapshot: true,
  },
  {
    number: 2,
    at: '2025-05-20T09:15:00Z',
    user: 'finance',
    format: 'json',
    path: null,
    rows: 1234,
    organizations: ['org_acme'],
    view: 'status open',
    hasSnapshot: true,
  },
  {
    number: 1,
    at: '2025-04-02T08:00:00Z',
    user: 'finance',
    format: 'xlsx',
    path: '/home/finance/exports/april.xlsx',
    rows: 12,
    organizations: ['org_acme', 'org_tokyo'],
    view: 'overdue only',
    hasSnapshot: false,
  },
];

/** Changes of ACME's invoices across USD and EUR: one newly paid, one new, one due date moved, one gone. */
export const DEMO_CHANGES: ChangesView = {
  since: { export: 3, at: '2025-05-31T14:02:00Z', snapshot: 'snap_3' },
  counts: { new: 1, newlyPaid: 1, dueDateChanged: 1, gone: 1 },
  byCurrency: [
    {
      currency: 'EUR',
      outstandingBefore: 50_000,
      outstandingAfter: 52_000,
      paidBefore: 10_000,
      paidAfter: 10_000,
    },
    {
      currency: 'USD',
      outstandingBefore: 30_000,
      outstandingAfter: 20_000,
      paidBefore: 0,
      paidAfter: 10_000,
    },
  ],
  total: 4,
  matched: 4,
  rows: [
    {
      kind: 'new',
      org: 'org_acme',
      id: 'in_org_acme_000040',
      number: 'INV-ACME-000041',
      currency: 'EUR',
      fields: [],
    },
    {
      kind: 'newlyPaid',
      org: 'org_acme',
      id: 'in_org_acme_000005',
      number: 'INV-ACME-000006',
      currency: 'USD',
      fields: [
        { field: 'status', from: 'open', to: 'paid' },
        { field: 'amountPaid', from: '0', to: '10000' },
        { field: 'amountRemaining', from: '10000', to: '0' },
      ],
    },
    {
      kind: 'dueDateChanged',
      org: 'org_acme',
      id: 'in_org_acme_000007',
      number: 'INV-ACME-000008',
      currency: 'EUR',
      fields: [{ field: 'dueAt', from: '2026-12-01T12:00:00Z', to: '2026-12-15T12:00:00Z' }],
    },
    {
      kind: 'gone',
      org: 'org_acme',
      id: 'in_org_acme_000009',
      number: 'INV-ACME-000010',
      currency: 'USD',
      fields: [],
    },
  ],
  currencies: { USD: 2, EUR: 2 },
  notCompared: [],
};

/** Where the fake backend's data directory keeps the default PDF archive folders, as Rust's `DEFAULT_PDF_DIR`. */
export const FAKE_PDF_DIR = '/home/me/.local/share/billing-desk/pdfs';

/** The fake home directory the About dialog's folders are under. */
export const FAKE_HOME = '/home/me';

/** The app's folders on the fake Linux machine, as `about_info` lists them (in Rust's order). */
export const FAKE_FOLDERS = [
  { kind: 'config', path: `${FAKE_HOME}/.config/billing-desk` },
  { kind: 'data', path: `${FAKE_HOME}/.local/share/billing-desk` },
  { kind: 'cache', path: `${FAKE_HOME}/.cache/billing-desk` },
  { kind: 'logs', path: `${FAKE_HOME}/.local/state/billing-desk/logs` },
] as const;

/** What the fake build says about itself in `about_info`, apart from the version (`Backend.version`). */
export const FAKE_BUILD = {
  commit: '3f9c2e1a7b4d',
  tauri: '2.9.5',
  webview: 'WebKitGTK 2.48.3',
  os: 'Debian GNU/Linux 12 (bookworm), linux x86_64',
};

/** The update server of the fake build, as Rust names it (an origin). */
export const FAKE_UPDATE_SERVER = 'https://updates.example.com';

/** How many bytes the fake backend's update download has. */
export const FAKE_UPDATE_BYTES = 4 * 1024 * 1024;

/** The fake backend's clock: overdue days are counted to this instant. */
export const FAKE_NOW = '2025-06-01T00:00:00Z';

const mocksSource = (() => {
  const path = createRequire(import.meta.url).resolve('@tauri-apps/api/mocks');
  const source = readFileSync(path.replace(/\.cjs$/, '.js'), 'utf8');
  const withoutExports = source.replace(/^export \{[^}]*\};?\s*$/m, '');
  if (withoutExports === source || !source.includes('function mockIPC(')) {
    throw new Error(`@tauri-apps/api/mocks changed shape (${path}); update e2e/tauri-mock.ts`);
  }
  return withoutExports;
})();

type Options = {
  backend: Required<Backend>;
  script: Script;
  now: string;
  pdfDir: string;
  folders: readonly { kind: string; path: string }[];
  build: typeof FAKE_BUILD;
  updateServer: string;
  updateBytes: number;
};

// Runs in the page, so it may only use what mocksSource defines and its arguments.
function install(options: Options, mockIPC: typeof import('@tauri-apps/api/mocks').mockIPC) {
  // The fake speaks loose JSON; the app's own types are checked in src/.
  // biome-ignore lint/suspicious/noExplicitAny: loose on purpose, like the JSON it stands for.
  type Json = any;
  const { backend, script } = options;
  const NOW = Date.parse(options.now);
  const DAY = 86_400_000;
  const EXP: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, KWD: 3, ISK: 2 };
  const calls: IpcCall[] = [];
  const served: Record<string, number> = {};
  const state = {
    demo: backend.demo,
    connection: backend.connection,
    connections: backend.connections.map((connection) => ({
      baseUrl: 'https://billing.example.com/',
      token: 'stored' as TokenState,
      lastFetchedAt: null as string | null,
      timeoutSecs: null as number | null,
      concurrency: null as number | null,
      allowPlainHttp: false,
      archiveDir: null as string | null,
      agingBuckets: undefined as number[] | undefined,
      ...connection,
    })),
    orgs: backend.orgs.map((org) => ({
      ...org,
      label: org.label ?? null,
      loaded: Boolean(org.cachedAt),
      fetchedAt: org.cachedAt ?? null,
    })),
    ui: backend.ui,
    /** Invoice IDs whose PDF is in the archive (one archive for the fake: IDs are unique in it). */
    archived: new Set<string>(backend.archived),
    pdfCancel: false,
    pdfRunning: false,
    fetchCancel: false,
    exportCancel: false,
    views: backend.views.map((view) => ({ ...view })) as Json[],
    /** Organizations a `fetch_orgs` call is working on: `loading`, like Rust's in-flight fetches. */
    loading: new Set<string>(),
    updates: backend.updates as Json,
    /** What the last check offered, as Rust keeps it for the download. */
    offered: (backend.updates.state === 'available' || backend.updates.state === 'verified'
      ? { version: backend.updates.version }
      : null) as { version: string } | null,
    /** A verified download waits for the install. */
    verified: backend.updates.state === 'verified',
  };
  const emit = (event: string, payload: unknown) =>
    (window as Json).__TAURI_INTERNALS__.invoke('plugin:event|emit', { event, payload });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Like Rust's `AgingScale`: boundaries b1..bn give Current, 1-b1 days, b1+1-b2 days, …, and
   * over bn days, with the same identifiers and labels.
   */
  function agingScale(bounds: number[]): Json[] {
    const buckets: Json[] = [{ bucket: 'current', label: 'Current', fromDays: null, toDays: null }];
    let from = 1;
    for (const to of bounds) {
      buckets.push({
        bucket: `days${from}To${to}`,
        label: from === to ? `${to} days` : `${from}-${to} days`,
        fromDays: from,
        toDays: to,
      });
      from = to + 1;
    }
    const last = bounds.at(-1) ?? 0;
    buckets.push({
      bucket: `over${last}`,
      label: `${last}+ days`,
      fromDays: last + 1,
      toDays: null,
    });
    return buckets;
  }

  /** The aging boundaries of the data source on screen: the active connection's, else the default. */
  function activeBounds(): number[] {
    const connection = state.demo
      ? undefined
      : state.connections.find((saved) => saved.name === state.connection);
    return connection?.agingBuckets ?? [30, 60, 90];
  }

  /**
   * Rust's reading of the Edit form's aging buckets: blank (or the default) = none, else 1 to 8
   * ascending whole days from 1 to 3650, refused with its messages.
   */
  function parseAgingBuckets(name: string, text: string | undefined): number[] | undefined {
    const trimmed = (text ?? '').trim();
    if (trimmed === '') return undefined;
    const refuse = (reason: string) => ({
      code: 'invalidInput',
      message: `Connection "${name}": aging buckets: ${reason}.`,
    });
    const parts = trimmed.split(',').map((part) => part.trim());
    if (!parts.every((part) => /^\d+$/.test(part)))
      throw refuse(
        `aging boundaries are whole numbers of days separated by commas, e.g. 30,60,90: "${trimmed}"`,
      );
    const bounds = parts.map(Number);
    if (bounds.length > 8)
      throw refuse(`at most 8 aging boundaries are allowed, got ${bounds.length}`);
    let previous = 0;
    for (const bound of bounds) {
      if (bound < 1 || bound > 3650)
        throw refuse(`an aging boundary is a number of days from 1 to 3650, got ${bound}`);
      if (bound <= previous)
        throw refuse(
          `aging boundaries must go up, each above the one before: ${bound} follows ${previous}`,
        );
      previous = bound;
    }
    return bounds.join(',') === '30,60,90' ? undefined : bounds;
  }

  const iso = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');
  const ts = (time: number) => ({ kind: 'valid', value: iso(time) });

  /** Invoice `i` of `org`, the same every time it is asked for. */
  function invoiceAt(org: (typeof state.orgs)[number], i: number): Json {
    const statuses = org.statuses ?? [
      'paid',
      'open',
      'open',
      'draft',
      'void',
      'uncollectible',
      'paid',
      'open',
    ];
    const status = statuses[i % statuses.length];
    const currencies = org.currencies ?? ['USD'];
    const currency = currencies[i % currencies.length];
    const total =
      (currency === 'JPY' ? 1000 + ((i * 7919) % 90_000) : 100 + ((i * 7919) % 1_000_000)) *
      (org.amountFactor ?? 1);
    const created = Date.parse('2024-01-01T09:30:00Z') + (i % 500) * DAY;
    const due = created + 30 * DAY;
    const id = `in_${org.orgId}_${String(i).padStart(6, '0')}`;
    let number: string | null =
      `INV-${org.orgId.replace('org_', '').toUpperCase()}-${String(i + 1).padStart(6, '0')}`;
    let createdAt: Json = ts(created);
    if (org.orgId === 'org_acme' && i === 0) number = '<img src=x onerror="window.__xss=1">';
    if (org.orgId === 'org_acme' && i === 1) number = '<script>window.__xss=2</script>';
    if (org.orgId === 'org_acme' && i === 2) createdAt = { kind: 'invalid', raw: '31/02/2024' };
    return {
      id,
      number,
      status,
      currency,
      total,
      amountDue: total,
      amountPaid: status === 'paid' ? total : 0,
      amountRemaining: status === 'open' || status === 'uncollectible' ? total : 0,
      createdAt,
      dueAt: ts(due),
      periodStart: ts(created - 30 * DAY),
      periodEnd: ts(created),
      hostedInvoiceUrl: status === 'draft' ? null : `https://invoice.stripe.com/i/${id}`,
      invoicePdf: status === 'draft' ? null : `https://pay.stripe.com/invoice/${id}/pdf`,
    };
  }

  function rowOf(
    org: (typeof state.orgs)[number],
    i: number,
    scale: Json[] = agingScale(activeBounds()),
  ): Json {
    const invoice = invoiceAt(org, i);
    const due = Date.parse(invoice.dueAt.value);
    const overdue = invoice.status === 'open' && invoice.amountRemaining > 0 && due < NOW;
    const days = Math.floor((NOW - due) / DAY);
    const outstanding = invoice.status === 'open' && invoice.amountRemaining > 0;
    const aging =
      !outstanding || days <= 0
        ? 'current'
        : scale.find(
            (entry: Json) =>
              entry.fromDays !== null &&
              days >= entry.fromDays &&
              (entry.toDays === null || days <= entry.toDays),
          ).bucket;
    return {
      key: `${org.orgId}/${i}`,
      org: org.orgId,
      orgLabel: org.label,
      invoice,
      overdue,
      daysOverdue: overdue ? days : null,
      aging,
      hasHosted: invoice.hostedInvoiceUrl !== null,
      hasPdf: invoice.invoicePdf !== null,
      archived: state.archived.has(invoice.id),
    };
  }

  const hasData = (org: (typeof state.orgs)[number]) => org.loaded;
  const findOrg = (id: string) => state.orgs.find((org) => org.orgId === id);

  function status(org: (typeof state.orgs)[number]): Json {
    const failed = org.error && !org.cachedAt ? true : Boolean(org.error);
    return {
      orgId: org.orgId,
      label: org.label,
      state: state.loading.has(org.orgId)
        ? 'loading'
        : failed
          ? 'failed'
          : !org.loaded
            ? 'notLoaded'
            : org.cachedAt && org.fetchedAt === org.cachedAt
              ? 'cached'
              : 'fresh',
      // Like Rust: rows shown from before a refusal (noted with the cache, or a 401/403 now).
      refused:
        org.loaded &&
        (Boolean(org.refusedSince && org.fetchedAt === org.cachedAt) ||
          org.error?.code === 'unauthorized'),
      fetchedAt: org.fetchedAt,
      invoices: org.loaded ? org.count : 0,
      paymentMethods: org.loaded ? 3 : 0,
      error: org.error ?? null,
    };
  }

  function value(row: Json, column: string): Json {
    const inv = row.invoice;
    switch (column) {
      case 'org':
        return row.org;
      case 'daysOverdue':
        return row.daysOverdue;
      case 'createdAt':
      case 'dueAt':
      case 'periodStart':
      case 'periodEnd':
        return inv[column]?.kind === 'valid'
          ? inv[column].value
          : inv[column]
            ? `~${inv[column].raw}`
            : null;
      default:
        return inv[column] ?? null;
    }
  }

  const cache = new Map<string, { rows: Json[]; byCurrency: Json[]; dueMonths: Json[] }>();

  /**
   * Like Rust's due months: per currency, outstanding (open, remaining > 0) amounts by the
   * UTC month of their due date, 12 months back, the current one (of the mock's now), 2 ahead;
   * overdue when due before now; what falls outside goes to `earlier` / `later`.
   */
  function dueMonthsOf(rows: Json[]): Json[] {
    const now = new Date(NOW);
    const base = now.getUTCFullYear() * 12 + now.getUTCMonth();
    const label = (index: number) =>
      `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const byCode = new Map<string, Json>();
    for (const row of rows) {
      const inv = row.invoice;
      if (inv.status !== 'open' || !(inv.amountRemaining > 0) || inv.dueAt?.kind !== 'valid')
        continue;
      let entry = byCode.get(inv.currency);
      if (!entry) {
        const months = Array.from({ length: 15 }, (_, at) => ({
          month: label(base - 12 + at),
          notYetDue: 0,
          overdue: 0,
        }));
        entry = { currency: inv.currency, months, earlier: 0, later: 0 };
        byCode.set(inv.currency, entry);
      }
      const due = new Date(inv.dueAt.value);
      const at = due.getUTCFullYear() * 12 + due.getUTCMonth() - (base - 12);
      if (at < 0) entry.earlier += inv.amountRemaining;
      else if (at >= 15) entry.later += inv.amountRemaining;
      else if (due.getTime() < NOW) entry.months[at].overdue += inv.amountRemaining;
      else entry.months[at].notYetDue += inv.amountRemaining;
    }
    return [...byCode.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  }

  /** What Rust's `export_check` lists: the view's organizations that are not fresh. */
  function shortfalls(query: Json): Json[] {
    const ids: string[] = query.orgs ?? state.orgs.map((org) => org.orgId);
    return ids.flatMap((id) => {
      const org = findOrg(id);
      const shown = org ? status(org) : null;
      return shown && shown.state !== 'fresh' ? [shown] : [];
    });
  }

  function run(query: Json): {
    rows: Json[];
    byCurrency: Json[];
    dueMonths: Json[];
    loaded: number;
  } {
    const orgs = (query.orgs ?? state.orgs.map((org) => org.orgId))
      .map(findOrg)
      .filter((org: Json) => org && hasData(org));
    const loaded = orgs.reduce((sum: number, org: Json) => sum + org.count, 0);
    const scale = agingScale(activeBounds());
    const key = JSON.stringify({
      ...query,
      offset: undefined,
      limit: undefined,
      scale: scale.map((entry) => entry.bucket),
    });
    let found = cache.get(key);
    if (!found) {
      const rows: Json[] = [];
      const text = (query.text ?? '').toLowerCase();
      const from = query.createdFrom ? Date.parse(query.createdFrom) : null;
      const to = query.createdTo ? Date.parse(query.createdTo) : null;
      const dueFrom = query.dueFrom ? Date.parse(query.dueFrom) : null;
      const dueTo = query.dueTo ? Date.parse(query.dueTo) : null;
      // Like Rust: bounds in major units of each invoice's own currency.
      const major = (inv: Json) => inv.total / 10 ** (EXP[inv.currency] ?? 2);
      const groups = new Map<string, Json>();
      for (const org of orgs) {
        for (let i = 0; i < org.count; i++) {
          const row = rowOf(org, i, scale);
          const inv = row.invoice;
          if (query.statuses && !query.statuses.includes(inv.status)) continue;
          if (
            text &&
            !(inv.number ?? '').toLowerCase().includes(text) &&
            !inv.id.toLowerCase().includes(text)
          )
            continue;
          if (query.currency && inv.currency !== query.currency) continue;
          if (query.overdueOnly && !row.overdue) continue;
          // Like Rust: either end set means "overdue, in this range", both ends inclusive.
          if (query.daysOverdueMin != null || query.daysOverdueMax != null) {
            if (!row.overdue) continue;
            if (query.daysOverdueMin != null && row.daysOverdue < query.daysOverdueMin) continue;
            if (query.daysOverdueMax != null && row.daysOverdue > query.daysOverdueMax) continue;
          }
          const created = inv.createdAt.kind === 'valid' ? Date.parse(inv.createdAt.value) : null;
          if ((from !== null || to !== null) && created === null) continue;
          if (from !== null && created! < from) continue;
          if (to !== null && created! >= to) continue;
          const due = Date.parse(inv.dueAt.value);
          if (dueFrom !== null && due < dueFrom) continue;
          if (dueTo !== null && due >= dueTo) continue;
          if (query.amountMin != null && major(inv) < Number(query.amountMin)) continue;
          if (query.amountMax != null && major(inv) > Number(query.amountMax)) continue;
          rows.push(row);
          let group = groups.get(inv.currency);
          if (!group) {
            const sum = () => ({ minor: 0, counted: 0 });
            group = {
              currency: inv.currency,
              count: 0,
              total: sum(),
              amountDue: sum(),
              amountPaid: sum(),
              amountRemaining: sum(),
              aging: scale.map((entry) => ({ ...entry, minor: 0, count: 0 })),
            };
            groups.set(inv.currency, group);
          }
          group.count++;
          for (const field of ['total', 'amountDue', 'amountPaid', 'amountRemaining']) {
            group[field].minor += inv[field];
            group[field].counted++;
          }
          if (inv.status === 'open' && inv.amountRemaining > 0) {
            const bucket = group.aging.find((entry: Json) => entry.bucket === row.aging);
            bucket.minor += inv.amountRemaining;
            bucket.count++;
          }
        }
      }
      if (query.sort) {
        const { column } = query.sort;
        const direction = query.sort.direction === 'desc' ? -1 : 1;
        // Like Rust: amounts sort currency by currency, codes A to Z in both directions.
        const byCurrency = ['total', 'amountDue', 'amountPaid', 'amountRemaining'].includes(column);
        rows.sort((a, b) => {
          const ca = a.invoice.currency;
          const cb = b.invoice.currency;
          if (byCurrency && ca !== cb) return ca < cb ? -1 : 1;
          const x = value(a, column);
          const y = value(b, column);
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
          return (x < y ? -1 : x > y ? 1 : 0) * direction || (a.key < b.key ? -1 : 1);
        });
      }
      found = {
        rows,
        byCurrency: [...groups.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
        dueMonths: dueMonthsOf(rows),
      };
      cache.set(key, found);
    }
    return { ...found, loaded };
  }

  function settings(): Json {
    return {
      connections: state.connections.map((connection) => ({
        name: connection.name,
        baseUrl: connection.baseUrl,
        concurrency: connection.concurrency,
        timeoutSecs: connection.timeoutSecs,
        allowPlainHttp: connection.allowPlainHttp,
        archiveDir: connection.archiveDir,
        ...(connection.agingBuckets ? { agingBuckets: connection.agingBuckets } : {}),
        organizations: state.orgs.map((org) => ({ orgId: org.orgId, label: org.label })),
      })),
      activeConnection: state.demo ? null : state.connection,
      ui: state.ui,
    };
  }

  /** A saved connection, or Rust's refusal of an unknown name. */
  function savedConnection(name: string): (typeof state.connections)[number] {
    const found = state.connections.find((connection) => connection.name === name);
    if (!found) throw { code: 'invalidInput', message: `There is no connection named "${name}".` };
    return found;
  }

  /** A connection's default archive folder, as Rust's `default_archive_dir`. */
  const defaultArchiveDir = (name: string) => `${options.pdfDir}/connections/${name}`;

  /** The archive folder of the data source on screen, as Rust's `archive_dir`. */
  function archiveDir(): string {
    if (state.demo) return `${options.pdfDir}/demo`;
    const connection = state.connections.find((saved) => saved.name === state.connection);
    return connection?.archiveDir ?? defaultArchiveDir(String(state.connection));
  }

  /** The row an invoice command names (by ID, and by place when given), or Rust's refusal. */
  function invoiceRow(args: Json): Json {
    const org = findOrg(args.orgId);
    const index = org && hasData(org) ? (args.row ?? Number(String(args.invoiceId).slice(-6))) : -1;
    const row = org && index >= 0 && index < org.count ? rowOf(org, index) : null;
    if (!row || row.invoice.id !== args.invoiceId)
      throw {
        code: 'notFound',
        message: `Invoice ${args.invoiceId} is not in the loaded data. Refresh and try again.`,
      };
    return row;
  }

  /** Rust's refusal of a relative archive folder (blank or null = the default folder). */
  function checkArchiveDir(name: string, dir: string | null): void {
    if (dir !== null && dir.trim() !== '' && !dir.trim().startsWith('/')) {
      throw {
        code: 'invalidInput',
        message: `Connection "${name}": the PDF archive folder "${dir.trim()}" is not a complete path. Enter a full path such as /home/me/Invoices (or C:\\Invoices on Windows), or leave it blank for the default folder.`,
      };
    }
  }

  /** `scheme://host[:port]` of a URL, as Rust compares origins. */
  const originOf = (url: string) => {
    try {
      return new URL(url).origin;
    } catch {
      throw { code: 'invalidInput', message: `"${url}" is not a valid web address.` };
    }
  };

  /** Rust's refusal of a plain http address the user has not allowed. */
  function checkPlainHttp(url: string, allowed: boolean): void {
    if (new URL(url).protocol === 'http:' && !allowed) {
      throw {
        code: 'invalidInput',
        message: `The address ${url} is plain http, so the API token would travel unencrypted. If it is a test server on this computer, allow it: tick "Allow plain http" in the connection's Edit form on the Connections screen, or add the connection with \`bdesk connection add NAME --base-url URL --allow-plain-http\`.`,
      };
    }
  }

  /** Rust's `settings::views` rules for a name, with its message. */
  function checkViewName(name: string): void {
    if (
      name.trim() === '' ||
      name.trim() !== name ||
      // biome-ignore lint/suspicious/noControlCharactersInRegex: Rust refuses control characters in a name; so does the fake.
      /[\u0000-\u001f\u007f]/.test(name) ||
      [...name].length > 80
    ) {
      throw {
        code: 'invalidInput',
        message: `"${[...name].slice(0, 80).join('')}" cannot name a view: use visible text of at most 80 characters, without spaces at either end.`,
      };
    }
  }
  /** Like Rust's `diagnostics_text`: versions, folders, connections (never a token), what is loaded, the recent errors. */
  function diagnostics(): string {
    const { build } = options;
    const folderNames: Record<string, string> = {
      config: 'settings',
      data: 'data',
      cache: 'cache',
      logs: 'logs',
    };
    const loaded = state.orgs.filter(hasData);
    const lines = [
      `Billing Desk ${backend.version} (commit ${build.commit})`,
      `Tauri ${build.tauri}, web view ${build.webview}`,
      `OS: ${build.os}`,
      `Updates: ${describeUpdates(state.updates)}`,
      'Folders:',
      ...options.folders.map((folder) => `  ${folderNames[folder.kind]}: ${folder.path}`),
      `Connections (${state.connections.length}):`,
      ...state.connections.map(
        (connection) =>
          `  ${!state.demo && state.connection === connection.name ? '* ' : ''}${connection.name} ${connection.baseUrl} (${state.orgs.length} organizations)`,
      ),
      `On screen: ${state.demo ? 'demo data' : `connection "${state.connection}"`}, ${state.orgs.length} organizations, ${loaded.reduce((sum, org) => sum + org.count, 0)} invoices loaded`,
      `Recent errors (${backend.recentErrors.length}):`,
      ...backend.recentErrors.map(
        (error) =>
          `  ${error.at} ${error.code}${error.count > 1 ? ` (x${error.count})` : ''}: ${error.message}`,
      ),
    ];
    return `${lines.join('\n')}\n`;
  }

  /** Like Rust's `UpdateStatus::describe`: the diagnostics' Updates line. */
  function describeUpdates(status: Json): string {
    switch (status.state) {
      case 'notConfigured':
        return 'not part of this build; install new versions with your package manager';
      case 'off':
        return `off: ${status.reason}`;
      case 'notChecked':
        return `not checked yet (${status.server})`;
      case 'checking':
        return `checking ${status.server}`;
      case 'upToDate':
        return `up to date (checked ${status.server} at ${status.checked})`;
      case 'available':
        return `${status.version} available`;
      case 'downloading':
        return `downloading ${status.version}`;
      case 'verified':
        return `${status.version} downloaded and its signature verified`;
      default:
        return `failed: ${status.message}`;
    }
  }

  /** Like Rust's `Updates::set`: every change goes to the window as `update-status`. */
  function setUpdates(status: Json): Json {
    state.updates = status;
    void emit('update-status', status);
    return status;
  }

  const viewAt = (name: string) =>
    state.views.findIndex((view: Json) => view.name.toLowerCase() === String(name).toLowerCase());

  async function answer(cmd: string, args: Json): Promise<Json> {
    switch (cmd) {
      case 'app_info':
        return {
          version: backend.version,
          demo: state.demo,
          connection: state.demo ? null : state.connection,
          settingsWarning: backend.settingsWarning,
          lastCrash: backend.lastCrash,
          updates: state.updates,
        };
      case 'settings_get':
        return settings();
      case 'connection_test':
        checkPlainHttp(args.baseUrl, args.allowPlainHttp);
        return { orgId: args.orgId, invoices: 42, paymentMethods: 2 };
      case 'connection_add':
        checkPlainHttp(args.baseUrl, args.allowPlainHttp);
        state.connection = args.name;
        state.connections.push({
          name: args.name,
          baseUrl: args.baseUrl,
          token: 'stored',
          lastFetchedAt: null,
          timeoutSecs: null,
          concurrency: null,
          allowPlainHttp: args.allowPlainHttp,
          archiveDir: null,
          agingBuckets: undefined,
        });
        state.demo = false;
        return settings();
      case 'connection_use':
        if (args.name !== null) savedConnection(args.name);
        state.demo = args.name === null;
        if (args.name !== null) state.connection = args.name;
        return settings();
      case 'connection_remove':
        savedConnection(args.name);
        state.connections = state.connections.filter((connection) => connection.name !== args.name);
        // Like Rust: removing the connection on screen shows the demo.
        if (!state.demo && state.connection === args.name) {
          state.demo = true;
          state.connection = null;
        }
        return settings();
      case 'connection_update': {
        const connection = savedConnection(args.name);
        const edit = args.edit;
        const moved = originOf(edit.baseUrl) !== originOf(connection.baseUrl);
        // The ranges and messages of Rust's settings validation.
        if (edit.timeoutSecs !== null && (edit.timeoutSecs < 1 || edit.timeoutSecs > 3600)) {
          throw {
            code: 'invalidInput',
            message: `Connection "${args.name}": a timeout of ${edit.timeoutSecs} seconds is out of range; use 1 to 3600.`,
          };
        }
        if (edit.concurrency !== null && (edit.concurrency < 1 || edit.concurrency > 64)) {
          throw {
            code: 'invalidInput',
            message: `Connection "${args.name}": ${edit.concurrency} parallel requests is out of range; use 1 to 64.`,
          };
        }
        checkPlainHttp(edit.baseUrl, edit.allowPlainHttp);
        checkArchiveDir(args.name, edit.archiveDir);
        const archive =
          edit.archiveDir === null || edit.archiveDir.trim() === '' ? null : edit.archiveDir.trim();
        const agingBuckets = parseAgingBuckets(args.name, edit.agingBuckets);
        Object.assign(connection, {
          baseUrl: edit.baseUrl,
          timeoutSecs: edit.timeoutSecs,
          concurrency: edit.concurrency,
          allowPlainHttp: edit.allowPlainHttp,
          archiveDir: archive,
          agingBuckets,
        });
        if (moved) Object.assign(connection, { token: 'missing', lastFetchedAt: null });
        return { settings: settings(), tokenCleared: moved };
      }
      case 'connection_check': {
        const connection = savedConnection(args.name);
        const org = state.orgs[0];
        if (!org)
          throw {
            code: 'invalidInput',
            message: `Connection "${args.name}" has no saved organization to test with. Add one, then test again.`,
          };
        if (connection.token !== 'stored')
          throw {
            code: 'noToken',
            message: `No API token is stored for connection "${args.name}". Set it in the Connections screen (or with \`bdesk token set\`).`,
          };
        return { orgId: org.orgId, invoices: org.count, paymentMethods: 3 };
      }
      case 'connections_overview':
        return state.connections.map((connection) => ({
          name: connection.name,
          baseUrl: connection.baseUrl,
          timeoutSecs: connection.timeoutSecs,
          concurrency: connection.concurrency,
          plainHttp: new URL(connection.baseUrl).protocol === 'http:',
          allowPlainHttp: connection.allowPlainHttp,
          archiveDir: connection.archiveDir ?? defaultArchiveDir(connection.name),
          defaultArchiveDir: defaultArchiveDir(connection.name),
          organizations: state.orgs.length,
          active: !state.demo && state.connection === connection.name,
          token: connection.token,
          lastFetchedAt: connection.lastFetchedAt,
        }));
      case 'token_set':
      case 'token_clear':
      case 'token_status': {
        // The demo's own connection-less session still answers token_status for a name.
        const connection = state.connections.find((saved) => saved.name === args.connection);
        if (connection && cmd !== 'token_status')
          connection.token = cmd === 'token_set' ? 'stored' : 'missing';
        return {
          connection: args.connection,
          stored: connection ? connection.token === 'stored' : true,
        };
      }
      case 'orgs_add': {
        const ids: string[] = String(args.text)
          .split(/[\s,;]+/)
          .filter(Boolean);
        const result = {
          added: [] as string[],
          alreadySaved: [] as string[],
          invalid: [] as string[],
        };
        for (const id of ids) {
          if (id.includes('/') || id === '.' || id === '..') result.invalid.push(id);
          else if (findOrg(id) || result.added.includes(id)) result.alreadySaved.push(id);
          else {
            result.added.push(id);
            state.orgs.push({
              orgId: id,
              label: ids.length === 1 ? args.label : null,
              count: 5,
              currencies: ['USD'],
              loaded: false,
              fetchedAt: null,
            });
          }
        }
        return result;
      }
      case 'org_label': {
        const org = findOrg(args.orgId);
        if (!org) throw { code: 'notFound', message: `${args.orgId} is not a saved organization.` };
        org.label = args.label;
        // Rows carry the label.
        cache.clear();
        return settings();
      }
      case 'org_remove':
        if (!findOrg(args.orgId))
          throw { code: 'notFound', message: `${args.orgId} is not a saved organization.` };
        state.orgs = state.orgs.filter((org) => org.orgId !== args.orgId);
        cache.clear();
        return settings();
      case 'orgs_list':
        return state.orgs.map(status);
      case 'fetch_orgs': {
        const ids: string[] = args.orgIds ?? state.orgs.map((org) => org.orgId);
        let done = 0;
        let failed = 0;
        state.fetchCancel = false;
        for (const id of ids) state.loading.add(id);
        for (const id of ids) {
          await sleep(backend.fetchMs / Math.max(1, ids.length));
          state.loading.delete(id);
          // Like Rust: after fetch_cancel the rest end as cancelled and keep what they had.
          if (state.fetchCancel) {
            for (const rest of ids) state.loading.delete(rest);
            break;
          }
          const org = findOrg(id);
          if (!org) continue;
          if (org.error && org.failTimes !== 0) {
            failed++;
            if (org.failTimes !== undefined) org.failTimes--;
          } else {
            delete org.error;
            org.loaded = true;
            if (args.force || !org.cachedAt) org.fetchedAt = iso(NOW);
          }
          done++;
          // Like Rust, each organization's rows are queryable as soon as it is done.
          cache.clear();
          void emit('fetch-progress', { done, total: ids.length, failed });
        }
        cache.clear();
        return ids.flatMap((id) => {
          const org = findOrg(id);
          return org ? [status(org)] : [];
        });
      }
      case 'fetch_cancel':
      case 'pdfs_cancel':
      case 'export_cancel':
        if (cmd === 'pdfs_cancel') state.pdfCancel = true;
        else if (cmd === 'export_cancel') state.exportCancel = true;
        else state.fetchCancel = true;
        return null;
      case 'export_check':
        return shortfalls(args.query);
      case 'invoices_query': {
        if (backend.queryMs > 0) await sleep(backend.queryMs);
        const { rows, byCurrency, dueMonths, loaded } = run(args.query);
        const offset = args.query.offset ?? 0;
        const page = rows.slice(
          offset,
          args.query.limit == null ? undefined : offset + args.query.limit,
        );
        const currencies: Record<string, number> = {};
        for (const group of byCurrency) currencies[group.currency] = EXP[group.currency] ?? 2;
        // Like Rust's facet: the known statuses, then any other the organizations' invoices have.
        const known = ['draft', 'open', 'paid', 'uncollectible', 'void'];
        const ids: string[] = args.query.orgs ?? state.orgs.map((org) => org.orgId);
        const others = new Set<string>();
        for (const org of ids.map(findOrg)) {
          if (org && hasData(org))
            for (const status of org.statuses ?? [])
              if (!known.includes(status)) others.add(status);
        }
        const statuses = [...known, ...[...others].sort()];
        return {
          rows: page,
          matched: rows.length,
          loaded,
          byCurrency,
          dueMonths,
          currencies,
          statuses,
        };
      }
      case 'payment_methods': {
        const orgs =
          args.orgId === null ? state.orgs.filter(hasData) : [findOrg(args.orgId)].filter(Boolean);
        return orgs.flatMap((org: Json) => [
          {
            org: org.orgId,
            orgLabel: org.label,
            cardState: 'valid',
            method: {
              id: `pm_${org.orgId}_1`,
              type: 'card',
              brand: 'visa',
              last4: '4242',
              expMonth: 12,
              expYear: 2030,
              isDefault: true,
              billingName: 'Ada <b>Lovelace</b>',
              billingEmail: 'ada@example.com',
              createdAt: null,
            },
          },
          {
            org: org.orgId,
            orgLabel: org.label,
            cardState: 'expired',
            method: {
              id: `pm_${org.orgId}_2`,
              type: 'card',
              brand: 'mastercard',
              last4: '4444',
              expMonth: 1,
              expYear: 2024,
              isDefault: false,
              billingName: 'Grace Hopper',
              billingEmail: 'grace@example.com',
              createdAt: null,
            },
          },
          {
            org: org.orgId,
            orgLabel: org.label,
            cardState: 'expiringSoon',
            method: {
              id: `pm_${org.orgId}_3`,
              type: 'card',
              brand: 'amex',
              last4: '0005',
              expMonth: 6,
              expYear: 2025,
              isDefault: false,
              billingName: null,
              billingEmail: null,
              createdAt: null,
            },
          },
        ]);
      }
      case 'invoice_open':
      case 'invoice_link': {
        if (args.target === 'archivedPdf') {
          if (!state.archived.has(args.invoiceId)) {
            throw {
              code: 'linkRefused',
              message: `There is no usable archived copy of invoice ${args.invoiceId}: it was not downloaded into this connection's archive, or the file was changed, moved or removed since (only the file the archive wrote is opened). Download it again.`,
            };
          }
          const file = `file://${archiveDir()}/${args.orgId}/${args.invoiceId}.pdf`;
          return cmd === 'invoice_link' ? file : { url: file, archived: true, reason: null };
        }
        const url =
          args.target === 'pdf'
            ? `https://pay.stripe.com/invoice/${args.invoiceId}/pdf`
            : `https://invoice.stripe.com/i/${args.invoiceId}`;
        return cmd === 'invoice_link' ? url : { url, archived: false, reason: null };
      }
      case 'pdf_download_invoice': {
        if (state.pdfRunning)
          throw {
            code: 'busy',
            message: 'A PDF download is already running. Wait for it to end or cancel it.',
          };
        const row = invoiceRow(args);
        if (!row.hasPdf)
          throw {
            code: 'linkRefused',
            message: `The link of invoice ${args.invoiceId} was not opened: the invoice has no PDF link.`,
          };
        const already = state.archived.has(args.invoiceId);
        state.archived.add(args.invoiceId);
        // Rows carry the archive mark.
        cache.clear();
        return {
          dir: archiveDir(),
          downloaded: already ? 0 : 1,
          skipped: already ? 1 : 0,
          failed: 0,
          cancelled: false,
        };
      }
      case 'archive_folder_open':
        return archiveDir();
      case 'export_invoices': {
        // Like Rust: an incomplete view is refused unless the user chose to export anyway.
        const short = shortfalls(args.query);
        if (short.length > 0 && !args.allowIncomplete) {
          throw {
            code: 'exportIncomplete',
            message: `${short.length} organizations of this view failed, are still loading or show an older answer.`,
          };
        }
        const { rows } = run(args.query);
        state.exportCancel = false;
        if (backend.exportStepMs > 0) {
          for (let step = 1; step <= 10; step++) {
            await sleep(backend.exportStepMs);
            if (state.exportCancel)
              throw {
                code: 'cancelled',
                message: 'The export was cancelled; nothing was written.',
              };
            void emit('export-progress', {
              done: Math.round((rows.length * step) / 10),
              total: rows.length,
            });
          }
        } else {
          void emit('export-progress', { done: rows.length, total: rows.length });
        }
        const path = `/home/finance/billing-desk-export.${args.format}`;
        const missingOrgs = short.filter((org: Json) => org.fetchedAt === null).length;
        return {
          path,
          rows: rows.length,
          manifestPath: args.manifest ? `${path}.manifest.json` : null,
          missingOrgs,
          staleOrgs: short.length - missingOrgs,
          historyNumber: null,
        };
      }
      case 'pdfs_download': {
        const total = Math.min(run(args.query).rows.length, 10);
        state.pdfCancel = false;
        state.pdfRunning = true;
        let done = 0;
        try {
          while (done < total) {
            await sleep(backend.pdfStepMs);
            if (state.pdfCancel)
              return {
                dir: '/home/finance/pdfs',
                downloaded: done,
                skipped: 0,
                failed: 0,
                cancelled: true,
              };
            done++;
            void emit('pdf-progress', { done, total, failed: 0 });
          }
        } finally {
          state.pdfRunning = false;
        }
        return {
          dir: '/home/finance/pdfs',
          downloaded: total,
          skipped: 0,
          failed: 0,
          cancelled: false,
        };
      }
      case 'views_list':
        return state.views;
      case 'view_save': {
        const view = { ...args.view, query: { ...args.view.query } };
        delete view.query.offset;
        delete view.query.limit;
        checkViewName(view.name);
        const invalid = (reason: string) => ({
          code: 'invalidInput',
          message: `The view "${view.name}" cannot be saved: ${reason}.`,
        });
        const before = (from: string | null | undefined, to: string | null | undefined) =>
          from && to && Date.parse(to) <= Date.parse(from);
        if (before(view.query.createdFrom, view.query.createdTo))
          throw invalid('its created range ends before it starts');
        if (before(view.query.dueFrom, view.query.dueTo))
          throw invalid('its due range ends before it starts');
        if (
          view.query.amountMin != null &&
          view.query.amountMax != null &&
          Number(view.query.amountMax) < Number(view.query.amountMin)
        )
          throw invalid('its largest amount is below its smallest');
        if (!view.columns || view.columns.length === 0) delete view.columns;
        const at = viewAt(view.name);
        if (at >= 0) state.views[at] = view;
        else state.views.push(view);
        return state.views;
      }
      case 'view_rename': {
        checkViewName(args.to);
        const at = viewAt(args.from);
        if (at < 0)
          throw {
            code: 'invalidInput',
            message: `There is no view named "${args.from}". See \`bdesk view list\`.`,
          };
        const other = viewAt(args.to);
        if (other >= 0 && other !== at)
          throw {
            code: 'invalidInput',
            message: `A view named "${args.to}" already exists. Choose another name.`,
          };
        state.views[at] = { ...state.views[at], name: args.to };
        return state.views;
      }
      case 'view_remove': {
        const at = viewAt(args.name);
        if (at < 0)
          throw {
            code: 'invalidInput',
            message: `There is no view named "${args.name}". See \`bdesk view list\`.`,
          };
        state.views.splice(at, 1);
        return state.views;
      }
      case 'prefs_set':
        state.ui = args.ui;
        return settings();
      case 'first_rows_shown':
        return null;
      case 'export_history':
        return backend.history;
      case 'history_verify':
        return (
          backend.verify ?? {
            entries: backend.history.length,
            tampered: [],
            filesChanged: [],
            filesMissing: [],
            interrupted: [],
          }
        );
      case 'export_folder_open': {
        const entry = backend.history.find((item) => item.number === args.number);
        if (!entry)
          throw { code: 'notFound', message: `There is no export ${args.number} in this history.` };
        if (entry.path === null)
          throw {
            code: 'invalidInput',
            message: `Export ${args.number} was written to standard output: it has no file.`,
          };
        return entry.path.slice(0, entry.path.lastIndexOf('/'));
      }
      case 'changes_view': {
        if (backend.changes === null) return null;
        // Like Rust: the export asked for, else the newest one.
        const entry =
          args.number === null
            ? backend.history[0]
            : backend.history.find((item) => item.number === args.number);
        if (!entry) return backend.changes;
        return {
          ...backend.changes,
          since: { export: entry.number, at: entry.at, snapshot: `snap_${entry.number}` },
        };
      }
      case 'about_info':
        return {
          version: backend.version,
          ...options.build,
          updates: state.updates,
          folders: options.folders,
          recentErrors: backend.recentErrors,
          diagnostics: diagnostics(),
        };
      case 'folder_open': {
        const folder = options.folders.find((entry) => entry.kind === args.kind);
        // What serde answers for a kind Rust does not know.
        if (!folder)
          throw `invalid args \`kind\` for command \`folder_open\`: unknown variant \`${args.kind}\``;
        return folder.path;
      }
      case 'update_check': {
        // Like Rust: not part of the build or off, no request, the status as it is.
        if (state.updates.state === 'notConfigured' || state.updates.state === 'off')
          return state.updates;
        const server = options.updateServer;
        state.offered = null;
        state.verified = false;
        setUpdates({ state: 'checking', server });
        await sleep(backend.updateStepMs);
        const offer = backend.updateOffer;
        if (!offer) return setUpdates({ state: 'upToDate', server, checked: iso(NOW) });
        state.offered = offer;
        return setUpdates({ state: 'available', version: offer.version, notes: offer.notes });
      }
      case 'update_download': {
        const offer = state.offered;
        if (!offer) return state.updates;
        state.verified = false;
        const total = options.updateBytes;
        for (let step = 0; step < 4; step++) {
          setUpdates({
            state: 'downloading',
            version: offer.version,
            received: (total * step) / 4,
            total,
          });
          await sleep(backend.updateStepMs);
        }
        state.verified = true;
        return setUpdates({
          state: 'verified',
          version: offer.version,
          installable: backend.updateInstallable,
        });
      }
      case 'update_install':
        if (!state.offered || !state.verified)
          throw {
            code: 'update',
            message:
              'There is no verified update to install: check for updates and download first.',
          };
        if (!backend.updateInstallable) {
          throw {
            code: 'update',
            message: `This copy of Billing Desk was not installed from a package, so it cannot replace itself: install version ${state.offered.version} with your package manager.`,
          };
        }
        // Rust restarts into the new version here; the fake stays.
        return null;
      case 'changes_export':
        return {
          path: `/home/finance/changes-since-${args.number}.${args.format}`,
          invoices: backend.changes?.total ?? 0,
        };
      default:
        // What Tauri answers for a command it does not know.
        throw `Command ${cmd} not found`;
    }
  }

  Object.assign(window, {
    __ipcCalls: calls,
    // For `rustUpdateStatus`: what the check at start does, outside any command.
    __setUpdates: (status: Json) => {
      if (status.state === 'available' || status.state === 'verified')
        state.offered = { version: status.version };
      state.verified = status.state === 'verified';
      setUpdates(status);
    },
  });
  mockIPC(
    async (cmd: string, args: Json) => {
      calls.push({ cmd, args });
      const exact = `${cmd} ${JSON.stringify(args ?? {})}`;
      const key = script[exact] ? exact : cmd;
      const replies = script[key];
      if (replies && replies.length > 0) {
        const index = Math.min(served[key] ?? 0, replies.length - 1);
        served[key] = index + 1;
        const reply = replies[index]!;
        if ('err' in reply) throw reply.err;
        if ('ok' in reply) return reply.ok;
      }
      await sleep(2);
      return answer(cmd, args ?? {});
    },
    { shouldMockEvents: true },
  );
}

/**
 * Installs the fake backend (and any scripted answers) before any script of the page runs.
 * `now` is the backend's clock (overdue, aging, due months); the charts' tests move it to
 * when the demo invoices fall due.
 */
export async function mockTauri(
  page: Page,
  backend: Backend = {},
  script: Script = {},
  now: string = FAKE_NOW,
): Promise<void> {
  const full: Required<Backend> = {
    version: '9.8.7',
    demo: true,
    connection: null,
    settingsWarning: null,
    lastCrash: null,
    orgs: DEMO_ORGS,
    pdfStepMs: 150,
    exportStepMs: 0,
    fetchMs: 30,
    queryMs: 0,
    ui: { columns: [], theme: 'system' },
    archived: [],
    history: DEMO_HISTORY,
    verify: null,
    changes: DEMO_CHANGES,
    views: [],
    recentErrors: [],
    updates: { state: 'notConfigured' },
    updateOffer: null,
    updateInstallable: false,
    updateStepMs: 50,
    ...backend,
    connections: backend.connections ?? (backend.connection ? [{ name: backend.connection }] : []),
  };
  const options: Options = {
    backend: full,
    script,
    now,
    pdfDir: FAKE_PDF_DIR,
    folders: FAKE_FOLDERS,
    build: FAKE_BUILD,
    updateServer: FAKE_UPDATE_SERVER,
    updateBytes: FAKE_UPDATE_BYTES,
  };
  await page.addInitScript(
    `${mocksSource}\n;(${install.toString()})(${JSON.stringify(options)}, mockIPC);`,
  );
}

/** The commands the page called so far, in order. */
export function ipcCalls(page: Page): Promise<IpcCall[]> {
  return page.evaluate(() => (window as unknown as { __ipcCalls: IpcCall[] }).__ipcCalls);
}

/** The arguments of every call of `cmd` so far. */
export async function argsOf(page: Page, cmd: string): Promise<unknown[]> {
  return (await ipcCalls(page)).filter((call) => call.cmd === cmd).map((call) => call.args);
}

/**
 * The fake's update status becomes `status` and the window hears it as `update-status`, as
 * when Rust's check at start ends: later `app_info` and `about_info` answers say it too.
 */
export async function rustUpdateStatus(page: Page, status: UpdateStatus): Promise<void> {
  await page.evaluate(
    (next) =>
      (window as unknown as { __setUpdates: (status: UpdateStatus) => void }).__setUpdates(next),
    status,
  );
}

/** Sends `event` with `payload` to the page's listeners, as Rust's `emit` does (the fake's state stays as it is). */
export async function emitEvent(page: Page, event: string, payload: unknown): Promise<void> {
  await page.evaluate(
    ([name, body]) =>
      (
        window as unknown as {
          __TAURI_INTERNALS__: { invoke: (cmd: string, args: unknown) => Promise<unknown> };
        }
      ).__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: name, payload: body }),
    [event, payload] as const,
  );
}

/**
 * The UI's only door to Rust. Every command goes through `call`, which turns whatever the
 * shell rejects with into one `UserError`, so components branch on `error.code` and show
 * `error.message`, and never parse strings. One typed function per command the shell registers
 * (`with_commands` in src-tauri/src/lib.rs, one file each in src-tauri/src/commands/); argument
 * names are the JS names Tauri maps to Rust's.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  About,
  AppInfo,
  ChangesExported,
  ChangesFilter,
  ChangesView,
  CommandError,
  ConnectionEdit,
  ConnectionInfo,
  ConnectionTest,
  ConnectionUpdated,
  ErrorCode,
  ExportDone,
  ExportEntry,
  ExportFormat,
  ExportProgress,
  FolderKind,
  InvoicePage,
  InvoiceRow,
  InvoiceQuery,
  OpenTarget,
  OpenOutcome,
  OrgStatus,
  OrgsAdded,
  PaymentMethodRow,
  PdfDownloadOutcome,
  Progress,
  SavedView,
  Settings,
  TokenStatus,
  UiPrefs,
  UpdateStatus,
  VerifyReport,
} from './types';

/**
 * Every code Rust can send. Typed as a Record so that a code added to the Rust `ErrorCode`
 * (and so to the generated binding) fails `tsc` until the UI has decided how to treat it.
 */
const ERROR_CODES: Record<ErrorCode, true> = {
  internal: true,
  invalidInput: true,
  noToken: true,
  keyring: true,
  unauthorized: true,
  notFound: true,
  rateLimited: true,
  server: true,
  network: true,
  badResponse: true,
  settings: true,
  export: true,
  exportIncomplete: true,
  linkRefused: true,
  busy: true,
  cancelled: true,
  update: true,
};

/** Every code the UI knows, for tests and for exhaustive tables. */
export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** A Rust code, or `ipc` when the request never reached a command (refused, unknown, crashed). */
export type UserErrorCode = ErrorCode | 'ipc';

/** An error to show the user: `message` is written for them, `code` is for branching. */
export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    readonly code: UserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const IPC_FAILURE =
  'Billing Desk could not complete this request inside the app. Try again; if it keeps happening, restart Billing Desk.';

function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

/** Maps anything an `invoke` rejected with to a `UserError`. */
export function toUserError(raw: unknown): UserError {
  if (raw instanceof UserError) return raw;
  if (isCommandError(raw)) {
    // A newer shell may send a code this UI predates: keep its message, treat it as internal.
    const code: ErrorCode = Object.hasOwn(ERROR_CODES, raw.code) ? raw.code : 'internal';
    return new UserError(code, raw.message, { cause: raw });
  }
  // Tauri's own refusals (ACL, unknown command) arrive as plain strings meant for developers:
  // keep them as the cause for the console, show the user a sentence they can act on.
  return new UserError('ipc', IPC_FAILURE, { cause: raw });
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toUserError(raw);
  }
}

/** The app's version, whether it shows demo data, the active connection, a settings warning. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/**
 * The About dialog: versions, the app's folders, this run's recent errors (newest first) and
 * the ready-made text of "Copy diagnostics" (connection names and addresses, never a token).
 */
export function aboutInfo(): Promise<About> {
  return call<About>('about_info');
}

/** Opens one of the app's folders in the file manager (Rust creates it first); resolves to its path. */
export function folderOpen(kind: FolderKind): Promise<string> {
  return call<string>('folder_open', { kind });
}

/** Saved connections, organizations and display preferences (never a token). */
export function settingsGet(): Promise<Settings> {
  return call<Settings>('settings_get');
}

/**
 * Fetches one organization once with a token that is not saved anywhere. A plain `http`
 * address needs `allowPlainHttp` (Rust refuses it otherwise), as when it is saved.
 */
export function connectionTest(
  baseUrl: string,
  allowPlainHttp: boolean,
  token: string,
  orgId: string,
): Promise<ConnectionTest> {
  return call<ConnectionTest>('connection_test', { baseUrl, allowPlainHttp, token, orgId });
}

/** Saves a connection (its token goes to the OS keyring) and makes it active. */
export function connectionAdd(
  name: string,
  baseUrl: string,
  allowPlainHttp: boolean,
  token: string,
  orgIds: string[],
): Promise<Settings> {
  return call<Settings>('connection_add', { name, baseUrl, allowPlainHttp, token, orgIds });
}

/** Switches connection; `null` = demo data. */
export function connectionUse(name: string | null): Promise<Settings> {
  return call<Settings>('connection_use', { name });
}

/** Removes a connection, its keyring entry and its cached data; the demo shows if it was active. */
export function connectionRemove(name: string): Promise<Settings> {
  return call<Settings>('connection_remove', { name });
}

/** Every saved connection for the Connections screen: token stored or not (never the token), last fetch. */
export function connectionsOverview(): Promise<ConnectionInfo[]> {
  return call<ConnectionInfo[]>('connections_overview');
}

/**
 * Applies a connection's Edit form: base URL, timeout and concurrency (`null` = the default),
 * whether it may use plain `http`, and its PDF archive folder (`null` = the default folder);
 * Rust checks all of them. A base URL on another origin deletes the stored token (`tokenCleared`).
 */
export function connectionUpdate(name: string, edit: ConnectionEdit): Promise<ConnectionUpdated> {
  return call<ConnectionUpdated>('connection_update', { name, edit });
}

/** Fetches a saved connection's first organization once with its stored token; stores nothing. */
export function connectionCheck(name: string): Promise<ConnectionTest> {
  return call<ConnectionTest>('connection_check', { name });
}

export function tokenSet(connection: string, token: string): Promise<TokenStatus> {
  return call<TokenStatus>('token_set', { connection, token });
}

export function tokenClear(connection: string): Promise<TokenStatus> {
  return call<TokenStatus>('token_clear', { connection });
}

/** Whether a token is stored (a yes/no; the token never comes back). */
export function tokenStatus(connection: string): Promise<TokenStatus> {
  return call<TokenStatus>('token_status', { connection });
}

/** Saves one organization ID or many pasted ones (split by Rust). */
export function orgsAdd(text: string, label: string | null): Promise<OrgsAdded> {
  return call<OrgsAdded>('orgs_add', { text, label });
}

export function orgRemove(orgId: string): Promise<Settings> {
  return call<Settings>('org_remove', { orgId });
}

export function orgLabel(orgId: string, label: string | null): Promise<Settings> {
  return call<Settings>('org_label', { orgId, label });
}

export function orgsList(): Promise<OrgStatus[]> {
  return call<OrgStatus[]>('orgs_list');
}

/** Fetches organizations (`null` = all saved ones); progress arrives as `fetch-progress`. */
export function fetchOrgs(orgIds: string[] | null, force: boolean): Promise<OrgStatus[]> {
  return call<OrgStatus[]>('fetch_orgs', { orgIds, force });
}

export function fetchCancel(): Promise<null> {
  return call<null>('fetch_cancel');
}

/** The rows the table shows (`offset`/`limit`), with counts, totals and currency exponents. */
export function invoicesQuery(query: InvoiceQuery): Promise<InvoicePage> {
  return call<InvoicePage>('invoices_query', { query });
}

/** Payment methods of one organization, or of all loaded ones (`null`). */
export function paymentMethods(orgId: string | null): Promise<PaymentMethodRow[]> {
  return call<PaymentMethodRow[]>('payment_methods', { orgId });
}

/**
 * Opens an invoice's hosted page or PDF in the system browser; Rust looks up and checks the URL.
 * `row` is the invoice's place in its organization's rows (see `rowIndex`), so that of two
 * invoices sharing an ID the clicked one opens. A PDF whose link fails opens from the archive
 * when a copy is there (`archived`, with the link's failure as `reason`); `archivedPdf` opens
 * the archived copy itself, or fails with `linkRefused` when there is none.
 */
export function invoiceOpen(
  orgId: string,
  invoiceId: string,
  row: number | null,
  target: OpenTarget,
): Promise<OpenOutcome> {
  return call<OpenOutcome>('invoice_open', { orgId, invoiceId, row, target });
}

/** The validated URL of an invoice's hosted page or PDF, for "copy link" (`row` as for `invoiceOpen`). */
export function invoiceLink(
  orgId: string,
  invoiceId: string,
  row: number | null,
  target: OpenTarget,
): Promise<string> {
  return call<string>('invoice_link', { orgId, invoiceId, row, target });
}

/** A row's place in its organization's rows: the number after the last `/` of its key (`org/index`). */
export function rowIndex(row: InvoiceRow): number | null {
  const tail = row.key.slice(row.key.lastIndexOf('/') + 1);
  const index = /^\d+$/.test(tail) ? Number(tail) : Number.NaN;
  return Number.isSafeInteger(index) ? index : null;
}

/** Downloads the PDFs of a view into a folder the user picks; `null` = dialog cancelled. */
export function pdfsDownload(query: InvoiceQuery): Promise<PdfDownloadOutcome | null> {
  return call<PdfDownloadOutcome | null>('pdfs_download', { query });
}

/**
 * Saves one invoice's PDF into the archive folder of the data source on screen, without asking
 * for a folder (`row` as for `invoiceOpen`): `downloaded: 1` when saved, `skipped: 1` when the
 * same PDF was already archived.
 */
export function pdfDownloadInvoice(
  orgId: string,
  invoiceId: string,
  row: number | null,
): Promise<PdfDownloadOutcome> {
  return call<PdfDownloadOutcome>('pdf_download_invoice', { orgId, invoiceId, row });
}

/** Opens the archive folder of the data source on screen in the file manager (Rust creates it first); resolves to its path. */
export function archiveFolderOpen(): Promise<string> {
  return call<string>('archive_folder_open');
}

export function pdfsCancel(): Promise<null> {
  return call<null>('pdfs_cancel');
}

/**
 * The view's organizations an export would leave out or take from an older answer (failed,
 * loading, never loaded, cached); empty when the view is complete.
 */
export function exportCheck(query: InvoiceQuery): Promise<OrgStatus[]> {
  return call<OrgStatus[]>('export_check', { query });
}

/**
 * Exports the whole view (offset/limit ignored); `null` = save dialog cancelled. Without
 * `allowIncomplete`, an incomplete view is refused with `exportIncomplete`; progress arrives
 * as `export-progress`; `exportCancel` ends it with `cancelled` and no file.
 */
export function exportInvoices(
  query: InvoiceQuery,
  format: ExportFormat,
  manifest: boolean,
  allowIncomplete: boolean,
): Promise<ExportDone | null> {
  return call<ExportDone | null>('export_invoices', { query, format, manifest, allowIncomplete });
}

export function exportCancel(): Promise<null> {
  return call<null>('export_cancel');
}

/** Every export recorded for the connection (or demo) on screen, newest first. */
export function exportHistory(): Promise<ExportEntry[]> {
  return call<ExportEntry[]>('export_history');
}

/** Checks the export history's hash chain and the exported files still there. */
export function historyVerify(): Promise<VerifyReport> {
  return call<VerifyReport>('history_verify');
}

/** Opens the folder of export `number`'s file (the path comes from Rust's history); resolves to it. */
export function exportFolderOpen(number: number): Promise<string> {
  return call<string>('export_folder_open', { number });
}

/**
 * What changed since export `number` in the data loaded now, filtered and sorted; `number`
 * `null` = the newest export of `view`'s filters and organizations (else the newest export).
 * `null` before any export.
 */
export function changesView(
  number: number | null,
  view: InvoiceQuery,
  filter: ChangesFilter,
): Promise<ChangesView | null> {
  return call<ChangesView | null>('changes_view', { number, view, filter });
}

/** Writes every change since export `number` (the tab's filter aside); `null` = save dialog cancelled. */
export function changesExport(
  number: number,
  format: ExportFormat,
): Promise<ChangesExported | null> {
  return call<ChangesExported | null>('changes_export', { number, format });
}

/** The saved views of the connection (or demo) on screen, in the order they were saved. */
export function viewsList(): Promise<SavedView[]> {
  return call<SavedView[]>('views_list');
}

/** Saves a view whole (one of the same name, ignoring case, is replaced) or refuses it with `invalidInput`; resolves to the views. */
export function viewSave(view: SavedView): Promise<SavedView[]> {
  return call<SavedView[]>('view_save', { view });
}

/** Renames the view `from` to `to`; resolves to the views. */
export function viewRename(from: string, to: string): Promise<SavedView[]> {
  return call<SavedView[]>('view_rename', { from, to });
}

/** Removes the view `name`; resolves to the views. */
export function viewRemove(name: string): Promise<SavedView[]> {
  return call<SavedView[]>('view_remove', { name });
}

/** Saves display preferences (column chooser, theme). */
export function prefsSet(ui: UiPrefs): Promise<Settings> {
  return call<Settings>('prefs_set', { ui });
}

/**
 * Says once per launch that invoice rows are on screen; Rust logs the time since the launch
 * began (the launch benchmark reads that line). Diagnostics only: a failure is ignored.
 */
export function firstRowsShown(): Promise<void> {
  return call<null>('first_rows_shown').then(
    () => undefined,
    () => undefined,
  );
}

/**
 * Asks the update server for a newer version now. Never rejects for the check itself: a
 * failure is a `failed` status. With updates off or not part of the build, answers that.
 */
export function updateCheck(): Promise<UpdateStatus> {
  return call<UpdateStatus>('update_check');
}

/**
 * Downloads the version the last check offered and verifies its signature (progress arrives
 * as `update-status`); answers `verified`, or `failed` with why it was refused.
 */
export function updateDownload(): Promise<UpdateStatus> {
  return call<UpdateStatus>('update_download');
}

/**
 * Installs the verified download through the package manager and restarts into it; rejects
 * with `update` when nothing verified is waiting, this copy is not a package, or it fails.
 */
export function updateInstall(): Promise<void> {
  return call<null>('update_install').then(() => undefined);
}

/** Calls `handler` on each `fetch-progress` event; resolves to the function that stops it. */
export function onFetchProgress(handler: (progress: Progress) => void): Promise<UnlistenFn> {
  return listen<Progress>('fetch-progress', (event) => handler(event.payload));
}

/** Calls `handler` on each `export-progress` event; resolves to the function that stops it. */
export function onExportProgress(handler: (progress: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>('export-progress', (event) => handler(event.payload));
}

/** Calls `handler` on each `pdf-progress` event; resolves to the function that stops it. */
export function onPdfProgress(handler: (progress: Progress) => void): Promise<UnlistenFn> {
  return listen<Progress>('pdf-progress', (event) => handler(event.payload));
}

/** Calls `handler` on each `update-status` event (every change, download progress included); resolves to the function that stops it. */
export function onUpdateStatus(handler: (status: UpdateStatus) => void): Promise<UnlistenFn> {
  return listen<UpdateStatus>('update-status', (event) => handler(event.payload));
}

/**
 * Hand-written copies of the IPC types of /work/notes/APP-CONTRACT.md, used only until the
 * Rust shell's ts-rs bindings for them land in `./bindings/`. Delete this file then and import
 * the generated types instead: nothing crossing IPC may be typed by hand in the final UI.
 */
import type { AgingBucket } from './bindings/AgingBucket';
import type { CardState } from './bindings/CardState';
import type { CurrencySummary } from './bindings/CurrencySummary';
import type { Invoice } from './bindings/Invoice';
import type { PaymentMethod } from './bindings/PaymentMethod';

export type ErrorCode =
  | 'internal'
  | 'invalidInput'
  | 'noToken'
  | 'keyring'
  | 'unauthorized'
  | 'notFound'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'badResponse'
  | 'settings'
  | 'export'
  | 'linkRefused'
  | 'busy'
  | 'cancelled';

export type CommandError = { code: ErrorCode; message: string };

export type AppInfo = {
  version: string;
  demo: boolean;
  connection: string | null;
  settingsWarning: string | null;
};

export type ConnectionTest = { orgId: string; invoices: number; paymentMethods: number };

export type TokenStatus = { connection: string; stored: boolean };

export type OrgsAdded = { added: string[]; alreadySaved: string[]; invalid: string[] };

export type OrgState = 'notLoaded' | 'loading' | 'fresh' | 'cached' | 'failed';

export type OrgStatus = {
  orgId: string;
  label: string | null;
  state: OrgState;
  fetchedAt: string | null;
  invoices: number;
  paymentMethods: number;
  error: CommandError | null;
};

export type InvoiceRow = {
  key: string;
  org: string;
  orgLabel: string | null;
  invoice: Invoice;
  overdue: boolean;
  daysOverdue: number | null;
  aging: AgingBucket;
  hasHosted: boolean;
  hasPdf: boolean;
  archived: boolean;
};

export type InvoicePage = {
  rows: InvoiceRow[];
  matched: number;
  loaded: number;
  byCurrency: CurrencySummary[];
  currencies: Record<string, number>;
};

export type PaymentMethodRow = {
  org: string;
  orgLabel: string | null;
  method: PaymentMethod;
  cardState: CardState;
};

export type OpenTarget = 'hosted' | 'pdf';

export type OpenOutcome = { url: string; archived: boolean };

export type PdfDownloadOutcome = {
  dir: string;
  downloaded: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
};

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export type ExportDone = { path: string; rows: number; manifestPath: string | null };

export type FetchProgress = { done: number; total: number; failed: number };

export type PdfProgress = { done: number; total: number; failed: number };

/**
 * Every type that crosses IPC, in one place, so components never care where a type comes from.
 * They are generated from Rust by ts-rs (`./bindings/`, never edited by hand). The contract's
 * newest types are re-exported from `./contract-types` only until their bindings land.
 */
export type { AgingBucket } from './bindings/AgingBucket';
export type { AgingSum } from './bindings/AgingSum';
export type { AmountSum } from './bindings/AmountSum';
export type { CardState } from './bindings/CardState';
export type { ColumnPref } from './bindings/ColumnPref';
export type { Connection } from './bindings/Connection';
export type { CurrencySummary } from './bindings/CurrencySummary';
export type { Invoice } from './bindings/Invoice';
export type { InvoiceQuery } from './bindings/InvoiceQuery';
export type { InvoiceStatus } from './bindings/InvoiceStatus';
export type { PaymentMethod } from './bindings/PaymentMethod';
export type { SavedOrg } from './bindings/SavedOrg';
export type { Settings } from './bindings/Settings';
export type { Sort } from './bindings/Sort';
export type { SortColumn } from './bindings/SortColumn';
export type { SortDirection } from './bindings/SortDirection';
export type { Timestamp } from './bindings/Timestamp';
export type { UiPrefs } from './bindings/UiPrefs';
export type {
  AppInfo,
  CommandError,
  ConnectionTest,
  ErrorCode,
  ExportDone,
  ExportFormat,
  FetchProgress,
  InvoicePage,
  InvoiceRow,
  OpenTarget,
  OpenOutcome,
  OrgState,
  OrgStatus,
  OrgsAdded,
  PaymentMethodRow,
  PdfDownloadOutcome,
  PdfProgress,
  TokenStatus,
} from './contract-types';

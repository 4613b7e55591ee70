/**
 * Every type that crosses IPC, in one place, so components never care where a type comes from.
 * They are generated from Rust by ts-rs (`./bindings/`, never edited by hand), so a change on
 * the Rust side shows up here as a type error.
 */
export type { AgingBucket } from './bindings/AgingBucket';
export type { AgingSum } from './bindings/AgingSum';
export type { AmountSum } from './bindings/AmountSum';
export type { AppInfo } from './bindings/AppInfo';
export type { CardState } from './bindings/CardState';
export type { ChangeKind } from './bindings/ChangeKind';
export type { ChangesExported } from './bindings/ChangesExported';
export type { ChangesFilter } from './bindings/ChangesFilter';
export type { ChangesSort } from './bindings/ChangesSort';
export type { ChangesView } from './bindings/ChangesView';
export type { ColumnPref } from './bindings/ColumnPref';
export type { CommandError } from './bindings/CommandError';
export type { Connection } from './bindings/Connection';
export type { ConnectionEdit } from './bindings/ConnectionEdit';
export type { ConnectionInfo } from './bindings/ConnectionInfo';
export type { ConnectionTest } from './bindings/ConnectionTest';
export type { ConnectionUpdated } from './bindings/ConnectionUpdated';
export type { CrashReport } from './bindings/CrashReport';
export type { CurrencyDelta } from './bindings/CurrencyDelta';
export type { CurrencySummary } from './bindings/CurrencySummary';
export type { ErrorCode } from './bindings/ErrorCode';
export type { ExportDone } from './bindings/ExportDone';
export type { ExportEntry } from './bindings/ExportEntry';
export type { ExportFormat } from './bindings/ExportFormat';
export type { ExportProgress } from './bindings/ExportProgress';
export type { ExportRef } from './bindings/ExportRef';
export type { FetchProgress } from './bindings/FetchProgress';
export type { FieldChange } from './bindings/FieldChange';
export type { Invoice } from './bindings/Invoice';
export type { InvoiceChange } from './bindings/InvoiceChange';
export type { InvoicePage } from './bindings/InvoicePage';
export type { InvoiceQuery } from './bindings/InvoiceQuery';
export type { InvoiceRow } from './bindings/InvoiceRow';
export type { InvoiceStatus } from './bindings/InvoiceStatus';
export type { OpenOutcome } from './bindings/OpenOutcome';
export type { OpenTarget } from './bindings/OpenTarget';
export type { OrgState } from './bindings/OrgState';
export type { OrgStatus } from './bindings/OrgStatus';
export type { OrgsAdded } from './bindings/OrgsAdded';
export type { PaymentMethod } from './bindings/PaymentMethod';
export type { PaymentMethodRow } from './bindings/PaymentMethodRow';
export type { PdfDownloadOutcome } from './bindings/PdfDownloadOutcome';
export type { PdfProgress } from './bindings/PdfProgress';
export type { SavedOrg } from './bindings/SavedOrg';
export type { Settings } from './bindings/Settings';
export type { Sort } from './bindings/Sort';
export type { SortColumn } from './bindings/SortColumn';
export type { SortDirection } from './bindings/SortDirection';
export type { Timestamp } from './bindings/Timestamp';
export type { TokenState } from './bindings/TokenState';
export type { TokenStatus } from './bindings/TokenStatus';
export type { UiPrefs } from './bindings/UiPrefs';
export type { VerifyReport } from './bindings/VerifyReport';

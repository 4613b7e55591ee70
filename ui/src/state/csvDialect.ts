/**
 * The CSV layouts ("dialects") as the UI names them, in the order it offers them (the export
 * menu's radio group, the command palette). The choice is the saved `UiPrefs.csvDialect`;
 * Rust reads it when it writes a CSV export, so the export call itself does not carry it.
 */
import type { CsvDialect } from '../bindings/CsvDialect';
import type { ExportFormat, UiPrefs } from '../types';

export type { CsvDialect };

export const CSV_DIALECTS: readonly { value: CsvDialect; label: string; description: string }[] = [
  {
    value: 'standard',
    label: 'Standard (comma)',
    description: 'Comma between fields, decimal point',
  },
  {
    value: 'excel-semicolon',
    label: 'Excel, semicolon',
    description: 'Semicolon, decimal comma: Excel where numbers are written 1.234,56',
  },
];

/** The layout of the CSV exports under `ui`: none saved means standard, as Rust reads it. */
export function csvDialectOf(ui: Pick<UiPrefs, 'csvDialect'>): CsvDialect {
  return ui.csvDialect ?? 'standard';
}

/** The name of `dialect` as the UI shows it. */
export function csvDialectLabel(dialect: CsvDialect): string {
  return CSV_DIALECTS.find((choice) => choice.value === dialect)?.label ?? dialect;
}

/**
 * The name of an export format's item (`label` from EXPORT_FORMATS): a CSV in a layout other
 * than the standard one says which, e.g. "CSV (Excel, semicolon)"; other formats are as named.
 */
export function formatLabel(format: ExportFormat, label: string, dialect: CsvDialect): string {
  return format === 'csv' && dialect !== 'standard'
    ? `${label} (${csvDialectLabel(dialect)})`
    : label;
}

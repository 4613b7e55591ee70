/**
 * The invoice table's columns and the user's choice of them (saved through `prefs_set` as
 * `UiPrefs.columns`). Saved lists are merged with the current set, so a column added in a
 * later version appears with its default and an unknown saved id is dropped.
 */
import type { ColumnPref, SortColumn } from '../types';

export type ColumnId = Exclude<SortColumn, 'org'>;

export type ColumnDef = { id: ColumnId; label: string; numeric: boolean; defaultVisible: boolean };

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'number', label: 'Number', numeric: false, defaultVisible: true },
  { id: 'id', label: 'Invoice ID', numeric: false, defaultVisible: false },
  { id: 'status', label: 'Status', numeric: false, defaultVisible: true },
  { id: 'currency', label: 'Currency', numeric: false, defaultVisible: false },
  { id: 'total', label: 'Total', numeric: true, defaultVisible: true },
  { id: 'amountDue', label: 'Amount due', numeric: true, defaultVisible: false },
  { id: 'amountPaid', label: 'Paid', numeric: true, defaultVisible: false },
  { id: 'amountRemaining', label: 'Remaining', numeric: true, defaultVisible: true },
  { id: 'createdAt', label: 'Created', numeric: false, defaultVisible: true },
  { id: 'dueAt', label: 'Due', numeric: false, defaultVisible: true },
  { id: 'periodStart', label: 'Period start', numeric: false, defaultVisible: false },
  { id: 'periodEnd', label: 'Period end', numeric: false, defaultVisible: false },
  { id: 'daysOverdue', label: 'Days overdue', numeric: true, defaultVisible: false },
];

/** Money columns: never cut short on screen (see InvoiceTable). */
export const AMOUNT_COLUMNS: ReadonlySet<ColumnId> = new Set<ColumnId>(['total', 'amountDue', 'amountPaid', 'amountRemaining']);

export function defaultColumns(): ColumnPref[] {
  return COLUMNS.map((column) => ({ id: column.id, visible: column.defaultVisible }));
}

/** The saved layout in its order, unknown ids dropped, new columns appended with their default. */
export function mergeColumns(saved: readonly ColumnPref[]): ColumnPref[] {
  if (saved.length === 0) return defaultColumns();
  const known = new Map(COLUMNS.map((column) => [column.id as string, column]));
  const seen = new Set<string>();
  const merged: ColumnPref[] = [];
  for (const pref of saved) {
    if (known.has(pref.id) && !seen.has(pref.id)) {
      seen.add(pref.id);
      merged.push({ id: pref.id, visible: pref.visible });
    }
  }
  for (const column of COLUMNS) {
    if (!seen.has(column.id)) merged.push({ id: column.id, visible: column.defaultVisible });
  }
  return merged;
}

/** The definitions of the visible columns, in the user's order. */
export function visibleColumns(prefs: readonly ColumnPref[]): ColumnDef[] {
  const byId = new Map(COLUMNS.map((column) => [column.id as string, column]));
  return prefs.filter((pref) => pref.visible).flatMap((pref) => byId.get(pref.id) ?? []);
}

export function toggleColumn(prefs: readonly ColumnPref[], id: string): ColumnPref[] {
  return prefs.map((pref) => (pref.id === id ? { ...pref, visible: !pref.visible } : pref));
}

/**
 * The invoice table's columns and the user's choice of them: which are shown, in what order
 * (saved through `prefs_set` as `UiPrefs.columns`). Saved lists are merged with the current
 * set, so a column added in a later version appears with its default and an unknown saved id
 * is dropped.
 */
import { INVOICE_FIELDS } from '../bindings/fields';
import type { ColumnPref, SortColumn } from '../types';

export type ColumnId = Exclude<SortColumn, 'org'>;

export type ColumnDef = { id: ColumnId; label: string; numeric: boolean; defaultVisible: boolean };

/**
 * The table's columns: the fields the core's registry offers to the table (crates/billing-core
 * /src/fields.rs, generated into bindings/fields.ts), in its order, with its labels and defaults.
 * Every table field is a sort column there, which a test checks on both sides.
 */
export const COLUMNS: readonly ColumnDef[] = INVOICE_FIELDS.filter((field) => field.inTable).map(
  (field) => ({
    id: field.name as ColumnId,
    label: field.label,
    numeric: field.kind === 'money' || field.kind === 'integer',
    defaultVisible: field.shownByDefault,
  }),
);

/** Money columns: never cut short on screen (see InvoiceTable). */
export const AMOUNT_COLUMNS: ReadonlySet<ColumnId> = new Set<ColumnId>(
  INVOICE_FIELDS.filter((field) => field.inTable && field.kind === 'money').map(
    (field) => field.name as ColumnId,
  ),
);

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

export type Direction = 'left' | 'right';

/** The index of the nearest shown column on the `direction` side of index `from`, or `null`. */
function shownNeighbour(
  prefs: readonly ColumnPref[],
  from: number,
  direction: Direction,
): number | null {
  const step = direction === 'left' ? -1 : 1;
  for (let at = from + step; at >= 0 && at < prefs.length; at += step) {
    if (prefs[at]!.visible) return at;
  }
  return null;
}

/**
 * Whether `id` can move one place `direction` in the table: some shown column is on that side.
 * Hidden columns alone on that side do not count, since passing them changes nothing on screen.
 */
export function canMoveColumn(
  prefs: readonly ColumnPref[],
  id: string,
  direction: Direction,
): boolean {
  const from = prefs.findIndex((pref) => pref.id === id);
  return from >= 0 && shownNeighbour(prefs, from, direction) !== null;
}

/**
 * The list with `id` moved one place `direction` in the table: just past the nearest shown
 * column on that side, so a move always swaps two headers on screen. Hidden columns between
 * the two keep their order. A hidden column moves by the same rule, so once shown it sits one
 * place further that way. Unchanged when the column cannot move (see `canMoveColumn`).
 */
export function moveColumn(
  prefs: readonly ColumnPref[],
  id: string,
  direction: Direction,
): ColumnPref[] {
  const from = prefs.findIndex((pref) => pref.id === id);
  const past = from < 0 ? null : shownNeighbour(prefs, from, direction);
  if (past === null) return [...prefs];
  const rest = prefs.filter((_, at) => at !== from);
  // Without the moved entry, the neighbour sits at `past` (left) or `past - 1` (right): either
  // way `past` is the slot just before it (left) or just after it (right).
  rest.splice(past, 0, prefs[from]!);
  return rest;
}

/** A column's label, or its id when the list holds one this version does not define. */
export function columnLabel(id: string): string {
  return COLUMNS.find((column) => column.id === id)?.label ?? id;
}

/**
 * What a screen reader hears after a move: the shown column `id` now follows (or, first in
 * the table, precedes). Names, not numbers, since the table may show an Organization column
 * before the chosen ones.
 */
export function movedAnnouncement(prefs: readonly ColumnPref[], id: string): string {
  const at = prefs.findIndex((pref) => pref.id === id);
  const name = prefs[at]?.visible === false ? `${columnLabel(id)} (hidden)` : columnLabel(id);
  const before = at < 0 ? null : shownNeighbour(prefs, at, 'left');
  if (before !== null) return `${name} now comes after ${columnLabel(prefs[before]!.id)}.`;
  const after = at < 0 ? null : shownNeighbour(prefs, at, 'right');
  if (after !== null) return `${name} now comes before ${columnLabel(prefs[after]!.id)}.`;
  return `${name} moved.`;
}

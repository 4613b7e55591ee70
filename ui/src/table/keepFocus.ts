/**
 * Where the grid's active cell goes when the rows change under it: a sort, a filter, a
 * refresh or a new block of rows. The focus follows its invoice while that invoice is among
 * the rows the table holds; otherwise it stays at the same position, as near as the new view
 * allows. Only the held block is searched: where an invoice went among 100k rows is Rust's to
 * know, and asking would cost a query per change.
 */
import type { InvoiceRow } from '../types';
import { clampPos, HEADER_ROW, type GridPos, type GridShape } from './gridNav';

/** The rows the table holds: `rows[i]` is row `offset + i` of the view. */
export type HeldRows = { offset: number; rows: readonly InvoiceRow[] };

/**
 * What stays the same about an invoice across queries and refreshes. The row `key` counts
 * positions inside its organization's data, which a refresh may shift; the API's ID does not
 * move. An invoice without an ID has only its key.
 */
export function invoiceIdentity(row: InvoiceRow): string {
  return row.invoice.id === null ? `key ${row.key}` : `${row.org} ${row.invoice.id}`;
}

/** The identity of the invoice at `pos`, or null on the header or a row not held. */
export function identityAt(pos: GridPos, held: HeldRows | null): string | null {
  if (pos.row === HEADER_ROW || !held || pos.row < held.offset) return null;
  const row = held.rows[pos.row - held.offset];
  return row ? invoiceIdentity(row) : null;
}

/**
 * The active cell after the rows changed: the row now holding the invoice named `identity`
 * (same column), else `pos` kept inside the new shape. The header stays the header.
 */
export function keptCell(
  pos: GridPos,
  identity: string | null,
  held: HeldRows | null,
  shape: GridShape,
): GridPos {
  if (pos.row !== HEADER_ROW && identity !== null && held) {
    const at = held.rows.findIndex((row) => invoiceIdentity(row) === identity);
    if (at >= 0) return clampPos({ row: held.offset + at, col: pos.col }, shape);
  }
  return clampPos(pos, shape);
}

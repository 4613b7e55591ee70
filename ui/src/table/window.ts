/**
 * The maths of the virtualized invoice table. Every row has the same height, so the rows in
 * view follow from the scroll offset alone: the table renders those plus a few (overscan) and
 * asks Rust for a somewhat larger block, so small scrolls need no new request. Nothing here
 * depends on how many rows match: 100k rows cost the same as 100.
 */

/** Height of one row in CSS pixels; styles.css uses the same value. */
export const ROW_HEIGHT = 36;
/** Rows rendered above and below the viewport, so fast scrolling shows no gaps. */
export const OVERSCAN = 6;
/** Extra rows fetched on each side beyond what is rendered, to cut requests while scrolling. */
export const FETCH_PAD = 40;

/** Row indices `start` (inclusive) to `end` (exclusive). */
export type Range = { start: number; end: number };

/** The rows to render for a viewport at `scrollTop` of height `viewport`. */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  total: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): Range {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(total - 1, Math.floor(top / rowHeight));
  const last = Math.min(total, Math.ceil((top + Math.max(0, viewport)) / rowHeight));
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(total, Math.max(last, first + 1) + overscan),
  };
}

/** A request for rows: `offset` and `limit` as `invoices_query` takes them. */
export type Block = { offset: number; limit: number };

/** The block to fetch for `range`: the range widened by `pad` rows each side, kept in bounds. */
export function blockFor(range: Range, total: number, pad = FETCH_PAD): Block {
  const offset = Math.max(0, range.start - pad);
  const end = Math.min(Math.max(total, range.end), range.end + pad);
  return { offset, limit: Math.max(0, end - offset) };
}

/** Whether the rows held (`offset`, `count` of them) include all of `range`. */
export function covers(held: { offset: number; count: number } | null, range: Range): boolean {
  if (range.end <= range.start) return true;
  if (!held) return false;
  return held.offset <= range.start && held.offset + held.count >= range.end;
}

/** Total scroll height for `total` rows. */
export function scrollHeight(total: number, rowHeight = ROW_HEIGHT): number {
  return Math.max(0, total) * rowHeight;
}

/**
 * The `aria-rowindex` of row `index` of the view: 1-based, with the header as row 1. It is the
 * row's place among all matched rows, so a screen reader says "row 50,002 of 100,001" however
 * few rows are rendered, and the grid finds a row's element by it.
 */
export function ariaRowIndex(index: number): number {
  return index + 2;
}

/** The row of the view an `aria-rowindex` names; -1 is the header. */
export function rowOfAriaIndex(ariaIndex: number): number {
  return ariaIndex - 2;
}

/** Whole rows that fit in a body viewport of `viewport` px (PageUp/PageDown move this many), at least 1. */
export function rowsPerPage(viewport: number, rowHeight = ROW_HEIGHT): number {
  return Math.max(1, Math.floor(viewport / rowHeight));
}

/**
 * The scroll offset that shows row `index` whole in a body viewport of `viewport` px (the
 * scroll area without the sticky header) scrolled to `scrollTop`, moving as little as
 * possible: unchanged when the row is in view, else the row at the top or bottom edge.
 */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewport: number,
  rowHeight = ROW_HEIGHT,
): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = top + rowHeight;
  if (bottom > scrollTop + viewport) return bottom - Math.max(rowHeight, viewport);
  return scrollTop;
}

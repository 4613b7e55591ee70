/**
 * Keyboard movement in the invoice grid (the ARIA grid pattern): one cell is active and holds
 * the grid's only Tab stop; arrows, Home/End, Ctrl+Home/End and PageUp/PageDown move it.
 * A position names a row of the whole view, rendered or not (0 = the view's first invoice,
 * -1 = the header row), so a move can land on a row the virtual window has not rendered yet.
 * In data rows each row action is a cell of its own; the header covers them with one
 * "Actions" cell, so a header position keeps the column it came from and names the header
 * cell that column falls in.
 */

export type GridPos = { row: number; col: number };

export type GridShape = {
  /** Data rows in the view: every matched invoice, not only the rendered ones. */
  rows: number;
  /** Cells of a data row: the data columns, then one cell per row action. */
  cols: number;
  /** Cells of the header row: the data columns, then the one "Actions" header. */
  headerCols: number;
  /** Rows PageUp and PageDown move: the rows that fit on screen. */
  pageRows: number;
};

/** What of a key event the grid reads. */
export type NavKey = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
};

/** The row index of the header row. */
export const HEADER_ROW = -1;

/** The header cell that column `col` falls in. */
export function headerCol(col: number, shape: GridShape): number {
  return Math.max(0, Math.min(col, shape.headerCols - 1));
}

/** `pos` kept inside the grid: after the view shrank, the nearest cell that still exists. */
export function clampPos(pos: GridPos, shape: GridShape): GridPos {
  return {
    row: Math.max(HEADER_ROW, Math.min(pos.row, shape.rows - 1)),
    col: Math.max(0, Math.min(pos.col, shape.cols - 1)),
  };
}

/**
 * The cell `key` moves the focus to from `pos`, or null when the key is no grid movement
 * (the browser and the other handlers keep it). A move past an edge stays at the edge.
 * Ctrl+Home and Ctrl+End go to the first and last invoice, not to the header: the header
 * is one ArrowUp away from the first row.
 */
export function nextCell(pos: GridPos, key: NavKey, shape: GridShape): GridPos | null {
  // Shift and Alt with arrows belong to text selection and the window manager.
  if (key.altKey || key.shiftKey) return null;
  const from = clampPos(pos, shape);
  const lastRow = shape.rows - 1;
  const inHeader = from.row === HEADER_ROW;
  const col = inHeader ? headerCol(from.col, shape) : from.col;
  const lastCol = (inHeader ? shape.headerCols : shape.cols) - 1;
  if (key.ctrlKey || key.metaKey) {
    switch (key.key) {
      case 'Home':
        return { row: Math.min(0, lastRow), col: 0 };
      case 'End':
        return { row: lastRow, col: (lastRow === HEADER_ROW ? shape.headerCols : shape.cols) - 1 };
      default:
        return null;
    }
  }
  switch (key.key) {
    case 'ArrowLeft':
      return { row: from.row, col: Math.max(0, col - 1) };
    case 'ArrowRight':
      return { row: from.row, col: Math.min(lastCol, col + 1) };
    // Up and down keep the column the focus came from, also through the header's Actions cell.
    case 'ArrowUp':
      return { row: Math.max(HEADER_ROW, from.row - 1), col: from.col };
    case 'ArrowDown':
      return { row: Math.min(lastRow, from.row + 1), col: from.col };
    case 'Home':
      return { row: from.row, col: 0 };
    case 'End':
      return { row: from.row, col: lastCol };
    case 'PageDown':
      return { row: Math.min(lastRow, from.row + Math.max(1, shape.pageRows)), col: from.col };
    case 'PageUp':
      // From the header there is nothing above; from a data row it stops at the first invoice.
      return {
        row: inHeader ? HEADER_ROW : Math.max(0, from.row - Math.max(1, shape.pageRows)),
        col: from.col,
      };
    default:
      return null;
  }
}

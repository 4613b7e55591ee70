/**
 * Between grid positions (`gridNav.ts`) and the elements of the rendered grid. A row is found
 * by its `aria-rowindex` (its place in the whole view), a cell by its place among its row's
 * cells. What takes the focus in a cell is its control when it has an enabled one (a sort
 * button, a row action), else the cell itself: a disabled button cannot hold the focus.
 */
import { headerCol, HEADER_ROW, type GridPos, type GridShape } from './gridNav';
import { ariaRowIndex, rowOfAriaIndex } from './window';

const CELLS = '[role=gridcell], [role=columnheader]';

/** The rendered row element of `row` (the header for -1), or null when it is not rendered. */
function rowElement(grid: HTMLElement, row: number): HTMLElement | null {
  return grid.querySelector<HTMLElement>(`[role=row][aria-rowindex="${ariaRowIndex(row)}"]`);
}

/** The element that takes the focus for `pos`, or null while its row is not rendered. */
export function focusTarget(grid: HTMLElement, pos: GridPos, shape: GridShape): HTMLElement | null {
  const row = rowElement(grid, pos.row);
  if (!row) return null;
  const cells = row.querySelectorAll<HTMLElement>(CELLS);
  // A row still loading (aria-busy) has one cell standing for all of them.
  const cell =
    cells[Math.min(pos.row === HEADER_ROW ? headerCol(pos.col, shape) : pos.col, cells.length - 1)];
  if (!cell) return null;
  return cell.querySelector<HTMLElement>('button:not(:disabled)') ?? cell;
}

/**
 * The position of a focused element inside the grid, or null when it is no cell (the grid
 * itself). `current` is kept where the element says nothing new: the column under the header's
 * Actions cell, and every column of a row still loading.
 */
export function positionOf(element: Element, current: GridPos, shape: GridShape): GridPos | null {
  const cell = element.closest(CELLS);
  const row = cell?.closest('[role=row]');
  const ariaIndex = Number(row?.getAttribute('aria-rowindex'));
  if (!cell || !row || !Number.isInteger(ariaIndex) || ariaIndex < 1) return null;
  const index = rowOfAriaIndex(ariaIndex);
  const cells = [...row.querySelectorAll(CELLS)];
  const col = cells.indexOf(cell);
  if (row.getAttribute('aria-busy') === 'true') return { row: index, col: current.col };
  if (index === HEADER_ROW && col === headerCol(current.col, shape))
    return { row: index, col: current.col };
  return { row: index, col };
}

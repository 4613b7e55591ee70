/**
 * Where the focus goes back to when a dialog or the command palette closes, decided when it
 * closes: the invoice grid keys its rows by position and re-renders them under an open dialog
 * (a fetch, a refresh), so the cell that had the focus may have left the page or show another
 * invoice by then. From the grid, the focus goes back to the grid's Tab stop, which follows the
 * active invoice and column (`useGridFocus`); from anywhere else, to the element itself while
 * it is on the page.
 */
export type FocusReturn = () => HTMLElement | null;

export function focusReturn(element: Element | null): FocusReturn {
  if (!(element instanceof HTMLElement) || element === document.body) return () => null;
  const grid = element.closest<HTMLElement>('[role=grid]');
  if (!grid) return () => (element.isConnected ? element : null);
  const label = grid.getAttribute('aria-label') ?? '';
  return () => {
    const now = grid.isConnected
      ? grid
      : document.querySelector<HTMLElement>(`[role=grid][aria-label="${CSS.escape(label)}"]`);
    // While the active cell is not rendered the grid itself is the Tab stop, and passes the focus on to it.
    return now?.querySelector<HTMLElement>('[tabindex="0"]') ?? now;
  };
}

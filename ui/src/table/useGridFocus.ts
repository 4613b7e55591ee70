/**
 * The invoice grid's roving focus: one active cell holds the grid's only Tab stop, keys move
 * it (`gridNav.ts`) and run the focused row's actions (`rowActionFor`), and it survives the
 * virtual window. Everything is delegated to the grid element (one keydown, focusin and
 * focusout listener for all rows), so rendering a row costs no listener or effect.
 *
 * The focus is never lost to the page while it is in the grid:
 * - a move to a row not rendered scrolls the window to it first, and focuses it once rendered
 *   (a row still loading holds the focus until its data arrives, then its cell takes it over);
 * - the active row stays rendered while the focus is in it, also when scrolled out of view
 *   (the table renders it as one extra row), as long as its data is held;
 * - when its element goes anyway (its data dropped, a loading row replaced by the real one),
 *   the focus goes to the same cell again, or to the grid itself until that cell is back.
 * Until the focus has first been in the grid, the Tab stop stays on the first cell.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { RowAction } from '../state/rowActions';
import { rowActionFor } from '../state/shortcuts';
import { focusTarget, positionOf } from './gridDom';
import { clampPos, nextCell, type GridPos, type GridShape } from './gridNav';
import { identityAt, keptCell, type HeldRows } from './keepFocus';

type Options = {
  grid: RefObject<HTMLElement | null>;
  shape: GridShape;
  held: HeldRows | null;
  /** Scrolls so that row `row` of the view is in view, rendering it in the same update. */
  reveal: (row: number) => void;
  /** Runs `action` on row `row` of the view (the caller checks it is held and enabled). */
  onAction: (row: number, action: RowAction) => void;
};

export type GridFocus = {
  active: GridPos;
  /** The focus is somewhere in the grid. */
  inside: boolean;
  onKeyDown: (event: KeyboardEvent) => void;
  onFocusIn: (event: FocusEvent) => void;
  onFocusOut: (event: FocusEvent) => void;
};

const same = (a: GridPos, b: GridPos) => a.row === b.row && a.col === b.col;

export function useGridFocus({ grid, shape, held, reveal, onAction }: Options): GridFocus {
  const [active, setActiveState] = useState<GridPos>({ row: 0, col: 0 });
  const [inside, setInside] = useState(false);
  // Handlers read these, not a render's copy: keys can come faster than renders.
  const activeRef = useRef(active);
  const shapeRef = useRef(shape);
  shapeRef.current = shape;
  const heldRef = useRef(held);
  heldRef.current = held;
  /** The invoice the active cell is on, to follow it through a new answer. */
  const identity = useRef<string | null>(null);
  /** Focus the active cell after the next render (a key moved it, or its invoice moved). */
  const pending = useRef(false);
  /** The element that last had the focus in the grid: when it leaves the page, the focus comes back. */
  const lastFocused = useRef<Element | null>(null);
  /** Set while the grid focuses itself as the fallback, which is not a Tab into the grid. */
  const selfFocus = useRef(false);
  /**
   * The focus has been in the grid (a Tab, a click, a key). Until then the Tab stop is the
   * first cell, whatever invoices come and go: following the invoice that happened to be
   * first in an earlier view would send the first Tab into the grid to some row in the middle.
   */
  const entered = useRef(false);

  const setActive = useCallback((next: GridPos) => {
    activeRef.current = next;
    identity.current = identityAt(next, heldRef.current);
    setActiveState(next);
  }, []);

  const moveTo = useCallback(
    (next: GridPos) => {
      if (next.row >= 0) reveal(next.row);
      pending.current = true;
      // A new object even for the same cell: the render that follows runs the focusing effect.
      setActive({ ...next });
    },
    [reveal, setActive],
  );

  // New rows (an answer to a sort, filter, refresh or scroll): the active cell follows its
  // invoice, and the focus with it when the focus is in the grid.
  useLayoutEffect(() => {
    // An empty view has nothing to keep: the position waits for rows instead of falling back
    // to the header for good.
    if (shape.rows === 0) return;
    const before = activeRef.current;
    const next = entered.current
      ? keptCell(before, identity.current, held, shape)
      : clampPos(before, shape);
    const element = grid.current;
    const focused =
      element?.contains(document.activeElement) === true && document.activeElement !== element;
    if (!same(next, before)) {
      if (focused && next.row >= 0) reveal(next.row);
      pending.current = pending.current || focused;
      setActive(next);
    } else {
      identity.current = identityAt(next, held) ?? identity.current;
    }
  }, [held, shape.rows, shape.cols]);

  // After every render: focus the active cell when asked to, or when the focused element left the page.
  useLayoutEffect(() => {
    const element = grid.current;
    if (!element) return;
    const now = document.activeElement;
    const lost =
      lastFocused.current !== null &&
      !lastFocused.current.isConnected &&
      (now === null || now === document.body);
    if (!pending.current && !lost) return;
    const target = focusTarget(element, activeRef.current, shapeRef.current);
    if (!target && !lost) return;
    // A lost focus parks on the grid; only a move still waiting for its row focuses it later
    // (a row scrolled back into view by the wheel must not pull the focus and the scroll).
    pending.current = pending.current && target === null;
    if (now === target) return;
    selfFocus.current = target === null;
    (target ?? element).focus();
    selfFocus.current = false;
  });

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // A focused button presses itself with Enter and Space.
      if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLButtonElement)
        return;
      const pos = activeRef.current;
      const action = pos.row >= 0 ? rowActionFor(event) : null;
      if (action) {
        event.preventDefault();
        onAction(pos.row, action);
        return;
      }
      const next = nextCell(pos, event, shapeRef.current);
      if (!next) return;
      // The grid scrolls itself; the browser would scroll it a second time.
      event.preventDefault();
      moveTo(next);
    },
    [moveTo, onAction],
  );

  const onFocusIn = useCallback(
    (event: FocusEvent) => {
      const element = grid.current;
      const target = event.target;
      if (!element || !(target instanceof Element)) return;
      entered.current = true;
      setInside(true);
      lastFocused.current = target;
      if (target === element) {
        // Tab reached the grid itself because the active cell is not rendered: take the focus
        // on to it. A click on the grid's empty space is no Tab, and leaves the scroll alone.
        if (!selfFocus.current && element.matches(':focus-visible'))
          moveTo(clampPos(activeRef.current, shapeRef.current));
        return;
      }
      const pos = positionOf(target, activeRef.current, shapeRef.current);
      if (pos && !same(pos, activeRef.current)) setActive(pos);
    },
    [moveTo, setActive],
  );

  const onFocusOut = useCallback((event: FocusEvent) => {
    const element = grid.current;
    const left = event.target;
    if (!element || (event.relatedTarget instanceof Node && element.contains(event.relatedTarget)))
      return;
    // Decided once the focus has landed: a removed cell gets it back in the same update, and
    // a window that lost the focus keeps its focused element.
    queueMicrotask(() => {
      const now = document.activeElement;
      if (now !== null && element.contains(now)) return;
      setInside(false);
      if (left instanceof Element && left.isConnected && lastFocused.current === left)
        lastFocused.current = null;
    });
  }, []);

  return { active, inside, onKeyDown, onFocusIn, onFocusOut };
}

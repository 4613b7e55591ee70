import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ColumnDef } from '../state/columns';
import { ROW_ACTIONS, rowActionEnabled, type RowAction } from '../state/rowActions';
import { ROW_ACTION_KEYS } from '../state/shortcuts';
import { rowAt, type Pages } from '../state/useInvoicePages';
import { HEADER_ROW, headerCol, type GridShape } from '../table/gridNav';
import { useFittedWidths } from '../table/useFittedWidths';
import { useGridFocus } from '../table/useGridFocus';
import {
  ROW_HEIGHT,
  rowOfAriaIndex,
  rowsPerPage,
  scrollHeight,
  scrollToReveal,
  visibleRange,
  type Range,
} from '../table/window';
import type { InvoiceRow, Sort, SortColumn } from '../types';
import { InvoiceGridHeader, type HeaderColumn } from './InvoiceGridHeader';
import { InvoiceGridRow, LoadingGridRow } from './InvoiceGridRow';

export type RowActions = Record<RowAction, (row: InvoiceRow) => void>;

type Props = {
  pages: Pages;
  columns: readonly ColumnDef[];
  showOrg: boolean;
  sort: Sort | null;
  onSort: (column: SortColumn) => void;
  onRange: (range: Range) => void;
  /** Changes when a new query starts: the table scrolls back to the top. */
  resetKey: string;
  actions: RowActions;
};

const KEYS_HINT_ID = 'invoice-grid-keys';

/**
 * The virtualized invoice grid: a scroll area as tall as all matched rows, in which only the
 * rows in view (plus a few) exist in the DOM, each placed at `index * ROW_HEIGHT`. It is an
 * ARIA grid: `aria-rowcount` and each row's `aria-rowindex` give the real positions, one cell
 * holds the only Tab stop and the keys move it (`useGridFocus`). Clicks on the row buttons are
 * handled here, once for all rows.
 */
export function InvoiceTable({
  pages,
  columns,
  showOrg,
  sort,
  onSort,
  onRange,
  resetKey,
  actions,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    // One state update per frame however many scroll events arrive.
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  };
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  /** Scrolls row `row` into view at once, so the render that follows has it. */
  const reveal = useCallback((row: number) => {
    const element = scroller.current;
    if (!element) return;
    const top = scrollToReveal(
      row,
      element.scrollTop,
      Math.max(0, element.clientHeight - ROW_HEIGHT),
    );
    if (top === element.scrollTop) return;
    element.scrollTop = top;
    // Read back: the browser keeps the offset inside the scroll range.
    setScrollTop(element.scrollTop);
  }, []);

  const latest = useRef({ pages, actions });
  latest.current = { pages, actions };
  const runAction = useCallback((index: number, action: RowAction) => {
    const row = rowAt(latest.current.pages.held, index);
    if (row && rowActionEnabled(row, action)) latest.current.actions[action](row);
  }, []);

  const headers: HeaderColumn[] = [
    ...(showOrg ? [{ id: 'org' as const, label: 'Organization', numeric: false }] : []),
    ...columns,
  ];
  const shape: GridShape = {
    rows: pages.matched,
    cols: headers.length + ROW_ACTIONS.length,
    headerCols: headers.length + 1,
    // The sticky header takes one row of the viewport.
    pageRows: rowsPerPage(viewport - ROW_HEIGHT),
  };
  const focus = useGridFocus({
    grid: scroller,
    shape,
    held: pages.held,
    reveal,
    onAction: runAction,
  });
  const { active } = focus;

  const range = visibleRange(scrollTop, Math.max(0, viewport - ROW_HEIGHT), pages.matched);
  useEffect(() => onRange(range), [range.start, range.end, onRange]);

  const fitted = useFittedWidths(scroller, resetKey, [
    pages.held,
    range.start,
    range.end,
    columns,
    showOrg,
  ]);

  // Rows are keyed by position, not by invoice: a new filter or sort then updates the text of
  // the rows in view instead of unmounting and recreating every one of them. The active row
  // stays rendered out of view while the focus is in it and its data is held, in index order
  // so that no row element moves (a moved element would drop the focus).
  const activeRow = active.row >= 0 && active.row < pages.matched ? active.row : null;
  const extra =
    activeRow !== null &&
    focus.inside &&
    (activeRow < range.start || activeRow >= range.end) &&
    rowAt(pages.held, activeRow)
      ? activeRow
      : null;
  const indices: number[] = [];
  if (extra !== null && extra < range.start) indices.push(extra);
  for (let index = range.start; index < range.end; index++) indices.push(index);
  if (extra !== null && extra >= range.end) indices.push(extra);
  const rows = indices.map((index) => {
    const row = rowAt(pages.held, index);
    const activeCol = index === activeRow ? active.col : null;
    return row ? (
      <InvoiceGridRow
        key={index}
        row={row}
        index={index}
        columns={columns}
        showOrg={showOrg}
        currencies={pages.currencies}
        activeCol={activeCol}
      />
    ) : (
      <LoadingGridRow key={`placeholder-${index}`} index={index} active={activeCol !== null} />
    );
  });
  // The Tab stop is the active cell; while that is not rendered, the grid itself, which passes the focus on.
  const stopRendered = active.row === HEADER_ROW || indices.includes(active.row);

  const onClick = (event: MouseEvent) => {
    const button =
      event.target instanceof Element
        ? event.target.closest<HTMLButtonElement>('button[data-action]')
        : null;
    const index = Number(button?.closest('[role=row]')?.getAttribute('aria-rowindex'));
    const action = ROW_ACTIONS.find((name) => name === button?.dataset.action);
    if (action && Number.isInteger(index)) runAction(rowOfAriaIndex(index), action);
  };

  return (
    <>
      <div
        class="table-scroll"
        ref={scroller}
        onScroll={onScroll}
        onClick={onClick}
        onKeyDown={focus.onKeyDown}
        onFocusIn={focus.onFocusIn}
        onFocusOut={focus.onFocusOut}
        role="grid"
        aria-label="Invoices"
        aria-describedby={KEYS_HINT_ID}
        aria-rowcount={pages.matched + 1}
        aria-colcount={shape.cols}
        aria-busy={pages.pending}
        data-testid="invoice-table"
        tabIndex={stopRendered ? -1 : 0}
        style={fitted}
      >
        <InvoiceGridHeader
          columns={headers}
          sort={sort}
          onSort={onSort}
          activeCol={active.row === HEADER_ROW ? headerCol(active.col, shape) : null}
        />
        <div
          class="table-body"
          role="rowgroup"
          style={{ height: `${scrollHeight(pages.matched)}px` }}
        >
          {rows}
        </div>
      </div>
      <KeysHint />
    </>
  );
}

/** The grid's keys, on screen and read as the grid's description. */
function KeysHint() {
  const key = (action: RowAction) => <kbd>{ROW_ACTION_KEYS[action]}</kbd>;
  return (
    <p class="grid-keys muted" id={KEYS_HINT_ID}>
      In the table: arrow keys, Page Up/Down, Home/End move; {key('openHosted')} opens the invoice,{' '}
      {key('openPdf')} its PDF, {key('openArchived')} the archived PDF, {key('copyLink')} copies the
      link, {key('downloadPdf')} downloads the PDF into the archive.
    </p>
  );
}

import { Component } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { orgName } from '../state/orgs';
import { AMOUNT_COLUMNS, type ColumnDef } from '../state/columns';
import { rowAt, type Pages } from '../state/useInvoicePages';
import { useFittedWidths } from '../table/useFittedWidths';
import { ROW_HEIGHT, scrollHeight, visibleRange, type Range } from '../table/window';
import type { InvoiceRow, Sort, SortColumn } from '../types';
import { Cell } from './cells';

export type RowActions = {
  openHosted: (row: InvoiceRow) => void;
  openPdf: (row: InvoiceRow) => void;
  copyLink: (row: InvoiceRow) => void;
  downloadPdf: (row: InvoiceRow) => void;
};

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

/**
 * The virtualized invoice table: a scroll area as tall as all matched rows, in which only the
 * rows in view (plus a few) exist in the DOM, each placed at `index * ROW_HEIGHT`. ARIA table
 * roles keep it a table for screen readers (aria-rowcount/rowindex give the real positions).
 */
export function InvoiceTable({ pages, columns, showOrg, sort, onSort, onRange, resetKey, actions }: Props) {
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
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  // The sticky header takes one row of the viewport.
  const range = visibleRange(scrollTop, Math.max(0, viewport - ROW_HEIGHT), pages.matched);
  useEffect(() => onRange(range), [range.start, range.end, onRange]);

  const fitted = useFittedWidths(scroller, resetKey, [pages.held, range.start, range.end, columns, showOrg]);

  const headers: { id: SortColumn; label: string; numeric: boolean }[] = [
    ...(showOrg ? [{ id: 'org' as const, label: 'Organization', numeric: false }] : []),
    ...columns,
  ];

  // Rows are keyed by position, not by invoice: a new filter or sort then updates the text of
  // the rows in view instead of unmounting and recreating every one of them.
  const rows = [];
  for (let index = range.start; index < range.end; index++) {
    const row = rowAt(pages.held, index);
    rows.push(
      row ? (
        <Row key={index} row={row} index={index} columns={columns} showOrg={showOrg} currencies={pages.currencies} actions={actions} />
      ) : (
        <div key={`placeholder-${index}`} class="row row-placeholder" role="row" aria-rowindex={index + 2} style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}>
          <span class="skeleton" role="cell" />
        </div>
      ),
    );
  }

  return (
    <div
      class="table-scroll"
      ref={scroller}
      onScroll={onScroll}
      role="table"
      aria-label="Invoices"
      aria-rowcount={pages.matched + 1}
      aria-busy={pages.pending}
      data-testid="invoice-table"
      tabIndex={0}
      style={fitted}
    >
      <div class="row row-header" role="row" aria-rowindex={1}>
        {headers.map((header) => {
          const active = sort?.column === header.id;
          const direction = active ? (sort?.direction ?? 'asc') : null;
          return (
            <div
              key={header.id}
              class={`cell col-${header.id}${header.numeric ? ' numeric' : ''}${isAmount(header.id) ? ' amount' : ''}`}
              role="columnheader"
              aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
            >
              <button type="button" class="sort-button" data-testid={`sort-${header.id}`} title={`Sort by ${header.label}`} onClick={() => onSort(header.id)}>
                {header.label}
                <span aria-hidden="true" class="sort-arrow">
                  {direction === 'asc' ? ' ▲' : direction === 'desc' ? ' ▼' : ''}
                </span>
              </button>
            </div>
          );
        })}
        <div class="cell col-actions" role="columnheader">
          Actions
        </div>
      </div>
      <div class="table-body" role="rowgroup" style={{ height: `${scrollHeight(pages.matched)}px` }}>
        {rows}
      </div>
    </div>
  );
}

type RowProps = {
  row: InvoiceRow;
  index: number;
  columns: readonly ColumnDef[];
  showOrg: boolean;
  currencies: Record<string, number>;
  actions: RowActions;
};

/**
 * A row that re-renders only when one of its props changed (scrolling and the "pending" render
 * of a new query leave the rows alone). A class, not `memo` from preact/compat: importing
 * compat turns every `onChange` into an input listener, and the search box needs both.
 */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const props = this.props;
    return (Object.keys(next) as (keyof RowProps)[]).some((name) => props[name] !== next[name]);
  }

  override render() {
    return <RowContent {...this.props} />;
  }
}

function RowContent({ row, index, columns, showOrg, currencies, actions }: RowProps) {
  const { invoice } = row;
  const name = invoice.number ?? invoice.id ?? 'without number';
  const canLink = invoice.id !== null;
  return (
    <div
      class={`row${row.overdue ? ' row-overdue' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      data-testid="invoice-row"
      data-invoice-id={invoice.id ?? ''}
      data-overdue={row.overdue ? 'true' : 'false'}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      {showOrg && (
        <div class="cell col-org" role="cell" title={orgTitle(row)}>
          {orgName({ orgId: row.org, label: row.orgLabel })}
        </div>
      )}
      {columns.map((column) => (
        <div key={column.id} class={`cell col-${column.id}${column.numeric ? ' numeric' : ''}${isAmount(column.id) ? ' amount' : ''}`} role="cell">
          <Cell column={column.id} row={row} currencies={currencies} />
        </div>
      ))}
      <div class="cell col-actions" role="cell">
        <button type="button" data-testid="open-hosted" disabled={!canLink || !row.hasHosted} aria-label={`Open invoice ${name} in the browser`} onClick={() => actions.openHosted(row)}>
          Open
        </button>
        <button type="button" data-testid="open-pdf" disabled={!canLink || !(row.hasPdf || row.archived)} aria-label={`Open the PDF of invoice ${name}`} onClick={() => actions.openPdf(row)}>
          PDF
        </button>
        <button type="button" data-testid="copy-link" disabled={!canLink || !row.hasHosted} aria-label={`Copy the link of invoice ${name}`} title="Copy link" onClick={() => actions.copyLink(row)}>
          {/* "Copy link" would not leave the default columns room in a 1280 px window. */}
          Copy
        </button>
        <button type="button" data-testid="download-pdf" disabled={!canLink || !row.hasPdf} aria-label={`Download the PDF of invoice ${name}`} onClick={() => actions.downloadPdf(row)}>
          Download
        </button>
      </div>
    </div>
  );
}

/** The column shows the label when there is one: the title gives the whole name and the ID. */
function orgTitle(row: InvoiceRow): string {
  const name = orgName({ orgId: row.org, label: row.orgLabel });
  return name === row.org ? row.org : `${name} (${row.org})`;
}

function isAmount(column: SortColumn): boolean {
  return column !== 'org' && AMOUNT_COLUMNS.has(column);
}


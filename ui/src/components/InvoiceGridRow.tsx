import { Component } from 'preact';
import { AMOUNT_COLUMNS, type ColumnDef } from '../state/columns';
import { orgName } from '../state/orgs';
import { ROW_ACTIONS, rowActionEnabled, type RowAction } from '../state/rowActions';
import { ROW_ACTION_KEYS } from '../state/shortcuts';
import { ariaRowIndex, ROW_HEIGHT } from '../table/window';
import type { InvoiceRow, SortColumn } from '../types';
import { Cell, overdueWords } from './cells';

export type RowProps = {
  row: InvoiceRow;
  /** The row's place in the whole view. */
  index: number;
  columns: readonly ColumnDef[];
  showOrg: boolean;
  currencies: Record<string, number>;
  /** The cell holding the grid's Tab stop, when it is in this row. */
  activeCol: number | null;
};

/** Each row action's button: what it says, what it says to a screen reader, and its hover text with its key. */
const BUTTONS: Record<RowAction, { text: string; label: (name: string) => string; title: string }> =
  {
    openHosted: {
      text: 'Open',
      label: (name) => `Open invoice ${name} in the browser`,
      title: `Open in the browser (${ROW_ACTION_KEYS.openHosted})`,
    },
    openPdf: {
      text: 'PDF',
      label: (name) => `Open the PDF of invoice ${name}`,
      title: `Open the PDF (${ROW_ACTION_KEYS.openPdf})`,
    },
    openArchived: {
      text: 'Archived',
      label: (name) => `Open the archived PDF of invoice ${name}`,
      title: `Open the archived PDF (${ROW_ACTION_KEYS.openArchived})`,
    },
    // "Copy link" would not leave the default columns room in a 1280 px window.
    copyLink: {
      text: 'Copy',
      label: (name) => `Copy the link of invoice ${name}`,
      title: `Copy link (${ROW_ACTION_KEYS.copyLink})`,
    },
    downloadPdf: {
      text: 'Download',
      label: (name) => `Download the PDF of invoice ${name}`,
      title: `Download the PDF into the archive (${ROW_ACTION_KEYS.downloadPdf})`,
    },
  };

/** The test id of each action's button, which the end-to-end suites click. */
const TEST_IDS: Record<RowAction, string> = {
  openHosted: 'open-hosted',
  openPdf: 'open-pdf',
  openArchived: 'open-archived',
  copyLink: 'copy-link',
  downloadPdf: 'download-pdf',
};

/**
 * One invoice of the grid, re-rendered only when one of its props changed (scrolling and the
 * "pending" render of a new query leave the rows alone; moving the focus re-renders the two
 * rows it leaves and enters). A class, not `memo` from preact/compat: importing compat turns
 * every `onChange` into an input listener, and the search box needs both. The row has no
 * listener of its own: the grid handles clicks, keys and focus for every row.
 */
export class InvoiceGridRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const props = this.props;
    return (Object.keys(next) as (keyof RowProps)[]).some((name) => props[name] !== next[name]);
  }

  override render() {
    return <RowContent {...this.props} />;
  }
}

function RowContent({ row, index, columns, showOrg, currencies, activeCol }: RowProps) {
  const { invoice } = row;
  const name = invoice.number ?? invoice.id ?? 'without number';
  const first = showOrg ? 1 : 0;
  const tab = (col: number) => (activeCol === col ? 0 : -1);
  const actionsFrom = first + columns.length;
  // With the Status and Days overdue columns hidden, only the row's tint would say "overdue":
  // its first cell says it in words to a screen reader.
  const unsaidOverdue = columns.some(
    (column) => column.id === 'status' || column.id === 'daysOverdue',
  )
    ? null
    : overdueWords(row);
  const note = unsaidOverdue && (
    <span class="visually-hidden" data-testid="overdue-note">{`${unsaidOverdue}: `}</span>
  );
  return (
    <div
      class={`row${row.overdue ? ' row-overdue' : ''}`}
      role="row"
      aria-rowindex={ariaRowIndex(index)}
      data-testid="invoice-row"
      data-invoice-id={invoice.id ?? ''}
      data-overdue={row.overdue ? 'true' : 'false'}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      {showOrg && (
        <div class="cell col-org" role="gridcell" tabIndex={tab(0)} title={orgTitle(row)}>
          {note}
          {orgName({ orgId: row.org, label: row.orgLabel })}
        </div>
      )}
      {columns.map((column, i) => (
        <div
          key={column.id}
          class={cellClass(column.id, column.numeric)}
          role="gridcell"
          tabIndex={tab(first + i)}
        >
          {!showOrg && i === 0 && note}
          <Cell column={column.id} row={row} currencies={currencies} />
        </div>
      ))}
      {/* One box for the column's width; each action is a cell of the grid of its own. */}
      <div class="cell col-actions" role="none">
        {ROW_ACTIONS.map((action, i) => {
          const enabled = rowActionEnabled(row, action);
          const button = BUTTONS[action];
          // The cell holds the focus itself while its button is disabled.
          const active = activeCol === actionsFrom + i;
          return (
            <span
              key={action}
              class="action-cell"
              role="gridcell"
              tabIndex={active && !enabled ? 0 : -1}
            >
              <button
                type="button"
                data-testid={TEST_IDS[action]}
                data-action={action}
                disabled={!enabled}
                tabIndex={active && enabled ? 0 : -1}
                aria-label={button.label(name)}
                aria-keyshortcuts={ROW_ACTION_KEYS[action]}
                title={button.title}
              >
                {button.text}
              </button>
            </span>
          );
        })}
      </div>
    </div>
  );
}

/** A row whose data has not arrived yet: one cell, which holds the focus when the keys reach it. */
export function LoadingGridRow({ index, active }: { index: number; active: boolean }) {
  return (
    <div
      class="row row-placeholder"
      role="row"
      aria-rowindex={ariaRowIndex(index)}
      aria-busy="true"
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      <span class="skeleton" role="gridcell" tabIndex={active ? 0 : -1}>
        <span class="visually-hidden">Loading</span>
      </span>
    </div>
  );
}

/** The classes of a column's cells, header included. */
export function cellClass(column: SortColumn, numeric: boolean): string {
  return `cell col-${column}${numeric ? ' numeric' : ''}${column !== 'org' && AMOUNT_COLUMNS.has(column) ? ' amount' : ''}`;
}

/** The column shows the label when there is one: the title gives the whole name and the ID. */
function orgTitle(row: InvoiceRow): string {
  const name = orgName({ orgId: row.org, label: row.orgLabel });
  return name === row.org ? row.org : `${name} (${row.org})`;
}

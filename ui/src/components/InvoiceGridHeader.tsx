import { ROW_ACTIONS } from '../state/rowActions';
import type { Sort, SortColumn } from '../types';
import { cellClass } from './InvoiceGridRow';

export type HeaderColumn = { id: SortColumn; label: string; numeric: boolean };

type Props = {
  columns: readonly HeaderColumn[];
  sort: Sort | null;
  onSort: (column: SortColumn) => void;
  /** The header cell holding the grid's Tab stop, when it is in the header. */
  activeCol: number | null;
};

/**
 * The grid's header row (row 1 of `aria-rowcount`): a sort button per column, whose header
 * says the order in `aria-sort`, and one "Actions" header over the row actions' cells.
 */
export function InvoiceGridHeader({ columns, sort, onSort, activeCol }: Props) {
  return (
    <div class="row row-header" role="row" aria-rowindex={1}>
      {columns.map((column, i) => {
        const direction = sort?.column === column.id ? (sort.direction ?? 'asc') : null;
        return (
          <div
            key={column.id}
            class={cellClass(column.id, column.numeric)}
            role="columnheader"
            aria-sort={
              direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'
            }
          >
            <button
              type="button"
              class="sort-button"
              data-testid={`sort-${column.id}`}
              tabIndex={activeCol === i ? 0 : -1}
              title={`Sort by ${column.label}`}
              onClick={() => onSort(column.id)}
            >
              {column.label}
              <span aria-hidden="true" class="sort-arrow">
                {direction === 'asc' ? ' ▲' : direction === 'desc' ? ' ▼' : ''}
              </span>
            </button>
          </div>
        );
      })}
      <div
        class="cell col-actions"
        role="columnheader"
        aria-colspan={ROW_ACTIONS.length}
        tabIndex={activeCol === columns.length ? 0 : -1}
      >
        Actions
      </div>
    </div>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Ref } from 'preact';
import {
  compareStatuses,
  daysOverdueText,
  hasDaysOverdue,
  STATUSES,
  type Filters as FilterState,
  type ViewAction,
} from '../state/query';
import type { InvoiceStatus } from '../types';
import { RangeFilters } from './RangeFilters';

type Props = {
  filters: FilterState;
  dispatch: (action: ViewAction) => void;
  currencies: readonly string[];
  /** The statuses Rust offers for the organizations in view, unknown ones included. */
  statuses?: readonly InvoiceStatus[];
  searchRef: Ref<HTMLInputElement>;
};

/**
 * Typing pauses this long before the search runs, so a burst of key presses is one query.
 * Short, because it is part of what the user waits for after the last key; queries that
 * arrive faster than Rust answers are merged anyway (one in flight, see useInvoicePages).
 */
const SEARCH_DEBOUNCE_MS = 80;

/**
 * Search, status chips, created date range, total and due ranges, overdue only, the days-overdue
 * range an age bar applied (shown only while set: there is no field for it), currency.
 */
export function Filters({ filters, dispatch, currencies, statuses = STATUSES, searchRef }: Props) {
  const [text, setText] = useState(filters.text);
  // A chosen status stays offered (so it can be switched off) after a switch to organizations without it.
  const offered = [...new Set([...statuses, ...filters.statuses])].sort(compareStatuses);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // "Clear filters" elsewhere empties the box too.
  useEffect(() => setText(filters.text), [filters.text]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onSearch = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => dispatch({ type: 'text', text: value }), SEARCH_DEBOUNCE_MS);
  };

  return (
    <div class="filters" role="search" aria-label="Filter invoices">
      <label class="filter-search">
        <span class="visually-hidden">Search by invoice number or ID</span>
        <input
          ref={searchRef}
          type="search"
          data-testid="search-input"
          placeholder="Search number or ID (Ctrl+F)"
          aria-keyshortcuts="Control+F Meta+F"
          value={text}
          onInput={(e) => onSearch(e.currentTarget.value)}
          // WebDriver's clear() and a committed value fire change, not input: run at once.
          onChange={(e) => {
            clearTimeout(timer.current);
            setText(e.currentTarget.value);
            dispatch({ type: 'text', text: e.currentTarget.value });
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              clearTimeout(timer.current);
              dispatch({ type: 'text', text });
            }
          }}
        />
      </label>
      <div class="status-chips" role="group" aria-label="Status">
        {offered.map((status) => (
          <button
            key={status}
            type="button"
            class={`chip chip-toggle chip-${STATUSES.includes(status) ? status : 'unknown'}`}
            data-testid={`filter-status-${status}`}
            aria-pressed={filters.statuses.includes(status)}
            onClick={() => dispatch({ type: 'toggleStatus', status })}
          >
            {status}
          </button>
        ))}
      </div>
      <label>
        Created from
        <input
          type="date"
          data-testid="filter-created-from"
          data-empty={filters.createdFrom ? undefined : 'true'}
          value={filters.createdFrom}
          onChange={(e) => dispatch({ type: 'createdFrom', day: e.currentTarget.value })}
        />
      </label>
      <label>
        to
        <input
          type="date"
          data-testid="filter-created-to"
          data-empty={filters.createdTo ? undefined : 'true'}
          value={filters.createdTo}
          onChange={(e) => dispatch({ type: 'createdTo', day: e.currentTarget.value })}
        />
      </label>
      <RangeFilters filters={filters} dispatch={dispatch} />
      <label class="checkbox">
        <input
          type="checkbox"
          data-testid="filter-overdue"
          checked={filters.overdueOnly}
          onChange={(e) => dispatch({ type: 'overdueOnly', on: e.currentTarget.checked })}
        />
        Overdue only
      </label>
      {hasDaysOverdue(filters) && (
        <span class="chip filter-chip" data-testid="filter-days-overdue">
          {daysOverdueText(filters.daysOverdueMin, filters.daysOverdueMax)}
          <button
            type="button"
            class="chip-clear"
            data-testid="filter-days-overdue-clear"
            aria-label="Clear days overdue"
            title="Clear days overdue"
            onClick={() => dispatch({ type: 'daysOverdue', min: null, max: null })}
          >
            ×
          </button>
        </span>
      )}
      <label>
        Currency
        <select
          data-testid="filter-currency"
          value={filters.currency}
          onChange={(e) => dispatch({ type: 'currency', currency: e.currentTarget.value })}
        >
          <option value="">All</option>
          {currencies.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/**
 * What the invoice table shows, as a reducer: the organization (or all), the filters and the
 * sort. `toInvoiceQuery` turns it into the `InvoiceQuery` Rust runs; only set filters are sent,
 * so the arguments stay readable in logs and tests.
 */
import { localDayEnd, localDayStart } from '../format/dates';
import type { InvoiceQuery, InvoiceStatus, Sort, SortColumn } from '../types';

/** The statuses this version knows, in lifecycle order; Rust's facet adds any other the API sends. */
export const STATUSES: readonly InvoiceStatus[] = [
  'draft',
  'open',
  'paid',
  'uncollectible',
  'void',
];

/** The facet's order: known statuses in lifecycle order, then the others by their text. */
export function compareStatuses(a: InvoiceStatus, b: InvoiceStatus): number {
  const rank = (status: InvoiceStatus) => {
    const index = STATUSES.indexOf(status);
    return index === -1 ? STATUSES.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * An amount bound as typed: `''` when blank, the trimmed text when Rust will read it, `null`
 * when it will not. Mirrors `MajorAmount::parse` (crates/billing-core/src/money/major.rs): an
 * optional sign, digits and at most one point, no grouping or exponent, at most 18 decimals
 * and 30 digits once leading and trailing zeros are dropped. Checked here so a typo marks the
 * field instead of failing the query.
 */
export function readAmount(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(trimmed)) return null;
  const [whole = '', fraction = ''] = trimmed.replace(/^[+-]/, '').split('.');
  const decimals = fraction.replace(/0+$/, '');
  const digits = whole.replace(/^0+/, '').length + decimals.length;
  return decimals.length <= 18 && digits <= 30 ? trimmed : null;
}

export type Filters = {
  /** Substring of the invoice number or ID. */
  text: string;
  statuses: InvoiceStatus[];
  /** Date input values, "YYYY-MM-DD" or "". */
  createdFrom: string;
  createdTo: string;
  overdueOnly: boolean;
  /** A currency code or "" for all. */
  currency: string;
  /** Total bounds in major units of each invoice's currency, as `readAmount` accepted them, or "". */
  amountMin: string;
  amountMax: string;
  /** Due-date inputs, "YYYY-MM-DD" or "". */
  dueFrom: string;
  dueTo: string;
  /**
   * Days overdue, both ends inclusive, `null` = unbounded: an aging bucket applied from the age
   * chart. Either end set means "overdue, in this range" (Rust's `daysOverdueMin`/`Max`).
   */
  daysOverdueMin: number | null;
  daysOverdueMax: number | null;
};

export type ViewState = {
  /** The organization shown, `null` = all organizations. */
  org: string | null;
  filters: Filters;
  sort: Sort | null;
  /**
   * The "as of" day ("YYYY-MM-DD", its end in local time), `null` = now. Not a filter: "Clear
   * filters" keeps it, and it has its own clear button ("Today").
   */
  asOf: string | null;
};

export const NO_FILTERS: Filters = {
  text: '',
  statuses: [],
  createdFrom: '',
  createdTo: '',
  overdueOnly: false,
  currency: '',
  amountMin: '',
  amountMax: '',
  dueFrom: '',
  dueTo: '',
  daysOverdueMin: null,
  daysOverdueMax: null,
};

export const INITIAL_VIEW: ViewState = { org: null, filters: NO_FILTERS, sort: null, asOf: null };

export type ViewAction =
  | { type: 'org'; org: string | null }
  | { type: 'text'; text: string }
  | { type: 'toggleStatus'; status: InvoiceStatus }
  | { type: 'createdFrom'; day: string }
  | { type: 'createdTo'; day: string }
  | { type: 'overdueOnly'; on: boolean }
  | { type: 'currency'; currency: string }
  | { type: 'amountMin'; amount: string }
  | { type: 'amountMax'; amount: string }
  | { type: 'dueFrom'; day: string }
  | { type: 'dueTo'; day: string }
  /** Days overdue, both ends inclusive; `null` for both clears it. */
  | { type: 'daysOverdue'; min: number | null; max: number | null }
  | { type: 'sort'; column: SortColumn }
  /** The "as of" day, `null` (or "") = now. */
  | { type: 'asOf'; day: string | null }
  | { type: 'clearFilters' }
  /** Everything at once: a saved view applied (see state/views.ts). */
  | { type: 'replace'; view: ViewState };

/** Clicking a header sorts ascending, then descending, then back to the order Rust sent. */
export function nextSort(current: Sort | null, column: SortColumn): Sort | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  if ((current.direction ?? 'asc') === 'asc') return { column, direction: 'desc' };
  return null;
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
  const filters = (patch: Partial<Filters>): ViewState => ({
    ...state,
    filters: { ...state.filters, ...patch },
  });
  switch (action.type) {
    case 'org':
      return { ...state, org: action.org };
    case 'text':
      return filters({ text: action.text });
    case 'toggleStatus': {
      const has = state.filters.statuses.includes(action.status);
      const statuses = has
        ? state.filters.statuses.filter((status) => status !== action.status)
        : [...state.filters.statuses, action.status].sort(compareStatuses);
      return filters({ statuses });
    }
    case 'createdFrom':
      return filters({ createdFrom: action.day });
    case 'createdTo':
      return filters({ createdTo: action.day });
    case 'overdueOnly':
      return filters({ overdueOnly: action.on });
    case 'currency':
      return filters({ currency: action.currency });
    case 'amountMin':
      return filters({ amountMin: action.amount });
    case 'amountMax':
      return filters({ amountMax: action.amount });
    case 'dueFrom':
      return filters({ dueFrom: action.day });
    case 'dueTo':
      return filters({ dueTo: action.day });
    case 'daysOverdue':
      return filters({ daysOverdueMin: action.min, daysOverdueMax: action.max });
    case 'sort':
      return { ...state, sort: nextSort(state.sort, action.column) };
    case 'asOf':
      return { ...state, asOf: action.day ? action.day : null };
    case 'clearFilters':
      return { ...state, filters: NO_FILTERS };
    case 'replace':
      return action.view;
  }
}

/** Whether any filter narrows the rows (for the empty state's wording). */
export function hasFilters(filters: Filters): boolean {
  return (
    filters.text.trim() !== '' ||
    filters.statuses.length > 0 ||
    filters.createdFrom !== '' ||
    filters.createdTo !== '' ||
    filters.overdueOnly ||
    filters.currency !== '' ||
    filters.amountMin !== '' ||
    filters.amountMax !== '' ||
    filters.dueFrom !== '' ||
    filters.dueTo !== '' ||
    hasDaysOverdue(filters)
  );
}

/** Whether a days-overdue range is applied. */
export function hasDaysOverdue(
  filters: Pick<Filters, 'daysOverdueMin' | 'daysOverdueMax'>,
): boolean {
  return filters.daysOverdueMin !== null || filters.daysOverdueMax !== null;
}

/** A days-overdue range in words ("31-60 days overdue", "91+ days overdue"); `''` when none. */
export function daysOverdueText(min: number | null, max: number | null): string {
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'} overdue`;
  if (min !== null && max !== null) return min === max ? days(min) : `${min}-${max} days overdue`;
  if (min !== null) return `${min}+ days overdue`;
  if (max !== null) return `Up to ${days(max)}`;
  return '';
}

/**
 * The query for Rust. Without `page`, it is the whole view (exports, PDF downloads). Dates
 * are local days: "to" asks for the next local midnight because the core's ranges are half-open.
 * Amounts go as the decimal text typed: Rust reads them exactly, in each invoice's currency.
 */
export function toInvoiceQuery(
  view: ViewState,
  page?: { offset: number; limit: number },
): InvoiceQuery {
  const { filters } = view;
  const query: InvoiceQuery = { orgs: view.org === null ? null : [view.org] };
  const text = filters.text.trim();
  if (filters.statuses.length > 0) query.statuses = [...filters.statuses];
  if (text) query.text = text;
  const from = localDayStart(filters.createdFrom);
  if (from) query.createdFrom = from;
  const to = localDayStart(filters.createdTo, 1);
  if (to) query.createdTo = to;
  const dueFrom = localDayStart(filters.dueFrom);
  if (dueFrom) query.dueFrom = dueFrom;
  const dueTo = localDayStart(filters.dueTo, 1);
  if (dueTo) query.dueTo = dueTo;
  if (filters.amountMin) query.amountMin = filters.amountMin;
  if (filters.amountMax) query.amountMax = filters.amountMax;
  if (filters.currency) query.currency = filters.currency;
  if (filters.overdueOnly) query.overdueOnly = true;
  if (filters.daysOverdueMin !== null) query.daysOverdueMin = filters.daysOverdueMin;
  if (filters.daysOverdueMax !== null) query.daysOverdueMax = filters.daysOverdueMax;
  const asOf = view.asOf ? localDayEnd(view.asOf) : null;
  if (asOf) query.asOf = asOf;
  if (view.sort) query.sort = { column: view.sort.column, direction: view.sort.direction ?? 'asc' };
  if (page) {
    query.offset = page.offset;
    query.limit = page.limit;
  }
  return query;
}

/** A key that changes exactly when the rows (not the page) change: a new query must start. */
export function viewKey(view: ViewState): string {
  return JSON.stringify(toInvoiceQuery(view));
}

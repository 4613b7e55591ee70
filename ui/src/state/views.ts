/**
 * Saved views (`SavedView`, kept by Rust per connection and read by `bdesk`): the pure parts.
 * `fromInvoiceQuery` is the inverse of `toInvoiceQuery` for every query the window can express;
 * `isModified` tells whether what is on screen still is the applied view, comparing queries the
 * way Rust reads them (instants by value, amounts normalized, an empty list = no filter).
 *
 * Dates: the window's ranges are local days ("created from" = local midnight of the day,
 * "created to" = the next local midnight). A saved instant that is not a local midnight (a view
 * saved by `bdesk` with a time, or in another time zone) is widened to the whole local days
 * covering it: "from" becomes the day it falls in, "to" the day before the first midnight at or
 * after it. No invoice of the view is left out, and the view then shows as modified.
 *
 * "As of": the window holds a local day and sends the end of it (the next local midnight minus
 * 1 ms, as `bdesk --as-of DAY` does); a saved instant reads back as the day it falls in, so a
 * day saved by the window comes back exactly, and any other instant shows as modified.
 *
 * Organizations: the window shows one organization or all of them. A view of exactly one is
 * shown as that one; a view of several (possible from `bdesk view save`) is shown with all
 * organizations and a note (`orgsNote`), and saving from it keeps its set while "All
 * organizations" stays selected (`queryToSave`), so an update never widens it silently.
 */
import type { ColumnPref, InvoiceQuery, SavedView } from '../types';
import { mergeColumns } from './columns';
import { NO_FILTERS, toInvoiceQuery, type ViewState } from './query';

/** Longest name Rust accepts, in characters (settings::views::VIEW_NAME_MAX_CHARS). */
export const VIEW_NAME_MAX_CHARS = 80;

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/**
 * The local day ("YYYY-MM-DD") a range bound reads as: for a start, the day `iso` falls in;
 * for an end (exclusive), the day before the first local midnight at or after `iso`. Local
 * midnights, as `localDayStart` makes them, come back exactly. `''` when `iso` does not parse.
 */
export function localDayOf(iso: string, end = false): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const date = new Date(time);
  const midnight = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  if (!end) return dayText(midnight);
  // An exclusive end at midnight closes the day before; later in a day, that day is included.
  if (midnight.getTime() === time)
    return dayText(new Date(date.getFullYear(), date.getMonth(), date.getDate() - 1));
  return dayText(midnight);
}

/** The window's state for a saved query: the inverse of `toInvoiceQuery` (see the module docs). */
export function fromInvoiceQuery(query: InvoiceQuery): ViewState {
  const orgs = query.orgs ?? null;
  return {
    org: orgs !== null && orgs.length === 1 ? orgs[0]! : null,
    filters: {
      ...NO_FILTERS,
      text: query.text ?? '',
      statuses: [...(query.statuses ?? [])],
      createdFrom: query.createdFrom ? localDayOf(query.createdFrom) : '',
      createdTo: query.createdTo ? localDayOf(query.createdTo, true) : '',
      dueFrom: query.dueFrom ? localDayOf(query.dueFrom) : '',
      dueTo: query.dueTo ? localDayOf(query.dueTo, true) : '',
      amountMin: query.amountMin ?? '',
      amountMax: query.amountMax ?? '',
      currency: query.currency ?? '',
      overdueOnly: query.overdueOnly === true,
      daysOverdueMin: query.daysOverdueMin ?? null,
      daysOverdueMax: query.daysOverdueMax ?? null,
    },
    sort: query.sort
      ? { column: query.sort.column, direction: query.sort.direction ?? 'asc' }
      : null,
    // The day the instant falls in: the end of a local day (what the window saves) comes back
    // exactly; another instant reads as its day, and the view then shows as modified.
    asOf: query.asOf ? localDayOf(query.asOf) || null : null,
  };
}

/**
 * How many organizations a view names when the window cannot show them as they are (several,
 * shown as all); `null` when it can (none = all, or exactly one).
 */
export function orgsNote(query: InvoiceQuery): number | null {
  const orgs = query.orgs ?? null;
  return orgs !== null && orgs.length > 1 ? orgs.length : null;
}

/**
 * The query saved for what is on screen: `toInvoiceQuery` without a page. While a view of
 * several organizations is applied and "All organizations" is still selected, its set is kept.
 */
export function queryToSave(view: ViewState, applied: SavedView | null): InvoiceQuery {
  const query = toInvoiceQuery(view);
  if (view.org === null && applied && orgsNote(applied.query) !== null)
    query.orgs = [...applied.query.orgs!];
  return query;
}

/** An amount as Rust's `MajorAmount` writes it: no sign for positives, no needless zeros. */
export function normalAmount(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text.trim();
  const [, sign, whole = '', fraction = ''] = match;
  const digits = whole.replace(/^0+/, '') || '0';
  const decimals = fraction.replace(/0+$/, '');
  const body = decimals ? `${digits}.${decimals}` : digits;
  return sign === '-' && body !== '0' ? `-${body}` : body;
}

/** A query in one canonical text: two queries Rust reads the same way give the same text. */
export function canonicalQuery(query: InvoiceQuery): string {
  const instant = (value: string | null | undefined) => {
    if (!value) return null;
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : time;
  };
  const list = (values: readonly string[] | null | undefined) =>
    values && values.length > 0 ? [...new Set(values)].sort() : null;
  return JSON.stringify([
    list(query.orgs),
    list(query.statuses),
    query.text ? query.text : null,
    instant(query.createdFrom),
    instant(query.createdTo),
    instant(query.dueFrom),
    instant(query.dueTo),
    query.amountMin ? normalAmount(query.amountMin) : null,
    query.amountMax ? normalAmount(query.amountMax) : null,
    query.currency ? query.currency.toUpperCase() : null,
    query.overdueOnly === true,
    query.daysOverdueMin ?? null,
    query.daysOverdueMax ?? null,
    query.sort ? [query.sort.column, query.sort.direction ?? 'asc'] : null,
    instant(query.asOf),
  ]);
}

export function sameQuery(a: InvoiceQuery, b: InvoiceQuery): boolean {
  return canonicalQuery(a) === canonicalQuery(b);
}

/** The column layout a view shows: its own in order, or the app's default when it has none. */
export function viewColumns(saved: SavedView): ColumnPref[] {
  return mergeColumns(saved.columns ?? []);
}

export function sameColumns(a: readonly ColumnPref[], b: readonly ColumnPref[]): boolean {
  return (
    a.length === b.length &&
    a.every((pref, at) => pref.id === b[at]!.id && pref.visible === b[at]!.visible)
  );
}

/** Whether the window (its state and its columns) differs from the applied view. */
export function isModified(
  applied: SavedView,
  view: ViewState,
  columns: readonly ColumnPref[],
): boolean {
  return (
    !sameQuery(queryToSave(view, applied), applied.query) ||
    !sameColumns(columns, viewColumns(applied))
  );
}

/** The view named `name`, ignoring case, as Rust finds it. */
export function findView(views: readonly SavedView[], name: string): SavedView | undefined {
  const folded = name.toLowerCase();
  return views.find((view) => view.name.toLowerCase() === folded);
}

/** The name as sent to Rust: spaces at either end dropped (Rust refuses them). */
export function viewNameFromInput(text: string): string {
  return text.trim();
}

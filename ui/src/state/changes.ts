/**
 * The words of the Export history and Changes tabs: category labels, the text of a field that
 * moved, signed per-currency differences, and the lines around them. Rust compares, filters
 * and sorts (`changes_view`); these only turn what it sends into text, so they are pure and
 * tested on their own (changes.test.ts).
 */
import { formatCount } from '../format/count';
import { formatInstant } from '../format/dates';
import { exponentOf, formatMoney } from '../format/money';
import type {
  ChangeKind,
  ChangesExported,
  ChangesFilter,
  ChangesSort,
  ChangesView,
  CurrencyDelta,
  ExportEntry,
  FieldChange,
  InvoiceChange,
  VerifyReport,
} from '../types';

/** Formatting options, for tests: the user's locale and time zone otherwise. */
export type TextOptions = { locale?: string; timeZone?: string };

/** Every category, in the order Rust decides them (and the category buttons show them). */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'new',
  'newlyPaid',
  'voided',
  'markedUncollectible',
  'statusChanged',
  'amountChanged',
  'dueDateChanged',
  'gone',
];

export const KIND_LABELS: Readonly<Record<ChangeKind, string>> = {
  new: 'New',
  newlyPaid: 'Newly paid',
  voided: 'Voided',
  markedUncollectible: 'Marked uncollectible',
  statusChanged: 'Other status change',
  amountChanged: 'Amount changed',
  dueDateChanged: 'Due date changed',
  gone: 'Gone',
};

/** The fields Rust compares, by the names it sends (the CSV header's). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  status: 'Status',
  currency: 'Currency',
  total: 'Total',
  amountDue: 'Amount due',
  amountPaid: 'Amount paid',
  amountRemaining: 'Amount remaining',
  dueAt: 'Due',
};

const AMOUNT_FIELDS: ReadonlySet<string> = new Set([
  'total',
  'amountDue',
  'amountPaid',
  'amountRemaining',
]);

/** What an empty value shows. */
export const EMPTY = '—';

/** The tab's filter before the user sets one: every change, in the comparison's order. */
export const INITIAL_CHANGES_FILTER: ChangesFilter = {
  kind: null,
  text: '',
  sort: null,
  descending: false,
  limit: null,
};

/** A local date and time for an RFC 3339 instant; the raw text when it does not parse. */
export function formatWhen(iso: string, options: TextOptions = {}): string {
  return formatInstant(iso, { ...options, withTime: true }) ?? iso;
}

/** An amount sent as integer minor units in text ("10000"); anything else is shown as sent. */
function amountText(
  value: string,
  currency: string | null,
  currencies: Record<string, number>,
  options: TextOptions,
): string {
  if (!/^-?\d+$/.test(value)) return value;
  return formatMoney(Number(value), currency, exponentOf(currencies, currency), options.locale);
}

/** One side of a field change as text; `currency` is the invoice's currency on that side. */
export function fieldValueText(
  field: string,
  value: string | null,
  currency: string | null,
  currencies: Record<string, number>,
  options: TextOptions = {},
): string {
  if (value === null || value === '') return EMPTY;
  if (AMOUNT_FIELDS.has(field)) return amountText(value, currency, currencies, options);
  if (field === 'dueAt') return formatInstant(value, options) ?? value;
  return value;
}

/**
 * "Amount paid: $0.00 → $100.00" for one field of `row`. Amounts are in the row's currency;
 * when the currency itself moved, the earlier amounts are in the earlier one.
 */
export function fieldChangeText(
  change: FieldChange,
  row: Pick<InvoiceChange, 'currency' | 'fields'>,
  currencies: Record<string, number>,
  options: TextOptions = {},
): string {
  const moved = row.fields.find((field) => field.field === 'currency');
  const before = moved ? moved.from : row.currency;
  const after = moved ? moved.to : row.currency;
  const label = FIELD_LABELS[change.field] ?? change.field;
  const from = fieldValueText(change.field, change.from, before, currencies, options);
  const to = fieldValueText(change.field, change.to, after, currencies, options);
  return `${label}: ${from} → ${to}`;
}

/** The "What changed" lines of a row. */
export function changeLines(
  row: InvoiceChange,
  currencies: Record<string, number>,
  options: TextOptions = {},
): string[] {
  if (row.kind === 'new') return ['New invoice'];
  if (row.kind === 'gone') return ['No longer in this view'];
  return row.fields.map((field) => fieldChangeText(field, row, currencies, options));
}

/** `after - before` in minor units, signed: "+€20.00", "−$100.00" (a true minus), or "€0.00". */
export function signedDelta(
  before: number,
  after: number,
  currency: string | null,
  currencies: Record<string, number>,
  options: TextOptions = {},
): string {
  const delta = after - before;
  const amount = formatMoney(
    Math.abs(delta),
    currency,
    exponentOf(currencies, currency),
    options.locale,
  );
  return delta > 0 ? `+${amount}` : delta < 0 ? `\u2212${amount}` : amount;
}

/** The cells of one per-currency row, each in its own currency. */
export function currencyRow(
  delta: CurrencyDelta,
  currencies: Record<string, number>,
  options: TextOptions = {},
) {
  const money = (minor: number) =>
    formatMoney(minor, delta.currency, exponentOf(currencies, delta.currency), options.locale);
  return {
    currency: delta.currency ?? 'No currency',
    outstandingBefore: money(delta.outstandingBefore),
    outstandingAfter: money(delta.outstandingAfter),
    outstandingChange: signedDelta(
      delta.outstandingBefore,
      delta.outstandingAfter,
      delta.currency,
      currencies,
      options,
    ),
    paidBefore: money(delta.paidBefore),
    paidAfter: money(delta.paidAfter),
    paidChange: signedDelta(delta.paidBefore, delta.paidAfter, delta.currency, currencies, options),
  };
}

/** The categories with changes, in their order, with how many; the chosen one stays listed so it can be left. */
export function kindCounts(
  counts: ChangesView['counts'],
  chosen: ChangeKind | null,
): { kind: ChangeKind; count: number }[] {
  return CHANGE_KINDS.flatMap((kind) => {
    const count = counts[kind] ?? 0;
    return count > 0 || kind === chosen ? [{ kind, count }] : [];
  });
}

/** A click on a column header: that column ascending, or the other direction when it is the one sorted by. */
export function toggleSort(filter: ChangesFilter, column: ChangesSort): ChangesFilter {
  if (filter.sort === column) return { ...filter, descending: !filter.descending };
  return { ...filter, sort: column, descending: false };
}

/** `aria-sort` of a column header. */
export function ariaSort(
  filter: ChangesFilter,
  column: ChangesSort,
): 'ascending' | 'descending' | 'none' {
  if (filter.sort !== column) return 'none';
  return filter.descending ? 'descending' : 'ascending';
}

/** "Export 3 · 3 Nov 2026, 14:02 · status open", for the export picker. */
export function exportLabel(
  entry: Pick<ExportEntry, 'number' | 'at' | 'view'>,
  options: TextOptions = {},
): string {
  return `Export ${entry.number} · ${formatWhen(entry.at, options)} · ${entry.view}`;
}

/** The Format column: CSV, XLSX, JSON. */
export function formatLabel(format: string): string {
  return format.toUpperCase();
}

/** The Changes tab's heading line. */
export function sinceText(view: Pick<ChangesView, 'since'>, options: TextOptions = {}): string {
  return `Changes since export ${view.since.export} of ${formatWhen(view.since.at, options)}`;
}

/** The notice about organizations of the export that are not loaded now. */
export function notComparedText(names: readonly string[]): string {
  const list = names.join(', ');
  return names.length === 1
    ? `1 organization of that export is not loaded now and was left out: ${list}. Refresh it to compare.`
    : `${names.length} organizations of that export are not loaded now and were left out: ${list}. Refresh them to compare.`;
}

/** The line under a table cut at what Rust sends. */
export function truncatedText(shown: number, matched: number, options: TextOptions = {}): string {
  return `Showing the first ${formatCount(shown, options.locale)} of ${formatCount(matched, options.locale)} matching changes; export them all below.`;
}

/** The outcome of "Export changes". */
export function exportedText(done: ChangesExported, options: TextOptions = {}): string {
  const what = done.invoices === 1 ? 'changed invoice' : 'changed invoices';
  return `Exported ${formatCount(done.invoices, options.locale)} ${what} to ${done.path}.`;
}

/** No entry of the history was edited, removed or reordered, and no exported file changed. */
export function verifies(report: VerifyReport): boolean {
  return report.tampered.length === 0 && report.filesChanged.length === 0;
}

/** The first line of a verification's outcome. */
export function verifyHeadline(report: VerifyReport, options: TextOptions = {}): string {
  if (!verifies(report)) return 'The history does not verify:';
  const exports =
    report.entries === 1 ? '1 export' : `${formatCount(report.entries, options.locale)} exports`;
  return `The history of ${exports} verifies: no entry was edited, removed or reordered, and every exported file still there is unchanged.`;
}

/** What breaks the history (tampered entries, then changed files). */
export function verifyProblems(report: VerifyReport): string[] {
  return [...report.tampered, ...report.filesChanged];
}

/** What is worth knowing without breaking it: interrupted writes, files no longer there. */
export function verifyNotes(report: VerifyReport): string[] {
  return [...report.interrupted, ...report.filesMissing];
}

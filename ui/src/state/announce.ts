/**
 * What the invoice view says to screen readers after a filter or sort change: the result
 * count and the order, in one sentence ("1,204 of 100,000 invoices, sorted by due date,
 * descending"). A polite live region reads it once the new query has answered.
 */
import { formatCount } from '../format/count';
import { effectiveLocale } from '../format/locale';
import type { Sort, SortColumn } from '../types';

/** Each sortable column as it reads in a sentence (the header labels are too terse to say). */
const SPOKEN: Readonly<Record<SortColumn, string>> = {
  org: 'organization',
  number: 'number',
  id: 'invoice ID',
  status: 'status',
  currency: 'currency',
  total: 'total',
  amountDue: 'amount due',
  amountPaid: 'amount paid',
  amountRemaining: 'amount remaining',
  createdAt: 'created date',
  dueAt: 'due date',
  periodStart: 'period start',
  periodEnd: 'period end',
  daysOverdue: 'days overdue',
};

/** The sentence for `matched` of `loaded` invoices in the order `sort` (null: as Rust keeps them). */
export function resultsAnnouncement(
  matched: number,
  loaded: number,
  sort: Sort | null,
  locale: string = effectiveLocale(),
): string {
  const noun = loaded === 1 ? 'invoice' : 'invoices';
  const results = `${formatCount(matched, locale)} of ${formatCount(loaded, locale)} ${noun}`;
  if (!sort) return results;
  return `${results}, sorted by ${SPOKEN[sort.column]}, ${(sort.direction ?? 'asc') === 'asc' ? 'ascending' : 'descending'}`;
}

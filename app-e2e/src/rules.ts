/**
 * The core's rules restated from the API data, so tests compute what the window should show
 * independently of the app: overdue, created-date ranges, currency matching, minor units.
 */
import type { WireInvoice } from './stub';

/** `Invoice::is_overdue`: open, something remaining, due before `now`. */
export function isOverdue(invoice: WireInvoice, now: number): boolean {
  return (
    invoice.status === 'open' &&
    (invoice.amountRemaining ?? 0) > 0 &&
    invoice.dueAt !== null &&
    Date.parse(invoice.dueAt) < now
  );
}

/** Stripe's decimals of a currency (the ones the demo data uses; two for the rest). */
export function exponentOf(currency: string): number {
  const code = currency.toUpperCase();
  if (['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX'].includes(code)) return 0;
  if (['KWD', 'BHD', 'JOD', 'OMR', 'TND'].includes(code)) return 3;
  return 2;
}

/** "YYYY-MM-DD" of the UTC day `daysAgo` days before `now`. */
export function utcDay(now: number, daysAgo: number): string {
  return new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The UI's "created from `from` to `to`" with local days = UTC days (the app runs with
 * TZ=UTC): from the start of `from` to the end of `to`, both included.
 */
export function createdWithin(invoice: WireInvoice, from: string, to: string): boolean {
  if (!invoice.createdAt) return false;
  const created = Date.parse(invoice.createdAt);
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  return created >= start && created < end;
}

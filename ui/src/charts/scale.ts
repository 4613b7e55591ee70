/**
 * Pure helpers of the charts above the invoice table: a "nice" axis top in whole major units,
 * month labels and the due-date range of a month. Amounts stay integer minor units; the axis
 * is per currency (never one axis across currencies).
 */
import { formatMoney } from '../format/money';

/** Months of `dueMonths` before the current one (Rust: 12 back, the current one, 2 ahead). */
export const MONTHS_BACK = 12;

/**
 * The axis top for `maxMinor` minor units of a currency with `exp` decimals: the smallest
 * 1, 2, 2.5 or 5 × 10^k major units at or above it (at least one major unit); 0 stays 0.
 */
export function niceMax(maxMinor: number, exp: number): number {
  if (!(maxMinor > 0)) return 0;
  const unit = 10 ** exp;
  const major = maxMinor / unit;
  if (major <= 1) return unit;
  const power = 10 ** Math.floor(Math.log10(major));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const top = step * power;
    if (top >= major) return Math.round(top * unit);
  }
  return Math.round(10 * power * unit);
}

/** The gridlines of an axis topped at `top` minor units: 0, half, top (just 0 for an empty one). */
export function ticks(top: number): number[] {
  return top > 0 ? [0, Math.round(top / 2), top] : [0];
}

/** `value` on a scale from 0 to `top` as a length of `span` (0 when the axis is empty). */
export function scaled(value: number, top: number, span: number): number {
  if (!(top > 0) || !(value > 0)) return 0;
  return (Math.min(value, top) / top) * span;
}

function monthDate(month: string): Date | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

/**
 * Month formats by locale and length, made once: building an `Intl.DateTimeFormat` costs far
 * more than formatting with one, and a chart labels every month several times.
 */
const monthFormats = new Map<string, Intl.DateTimeFormat>();

function monthFormat(locale: string | undefined, long: boolean): Intl.DateTimeFormat {
  const tag = locale ?? 'en-US';
  const key = `${tag}|${long}`;
  let found = monthFormats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(
      tag,
      long
        ? { month: 'long', year: 'numeric', timeZone: 'UTC' }
        : { month: 'short', timeZone: 'UTC' },
    );
    monthFormats.set(key, found);
  }
  return found;
}

/** "2026-03" → "Mar" (the locale's short month); the raw text when it is not a month. */
export function monthShort(month: string, locale?: string): string {
  const date = monthDate(month);
  return date ? monthFormat(locale, false).format(date) : month;
}

/** "2026-03" → "March 2026"; the raw text when it is not a month. */
export function monthLong(month: string, locale?: string): string {
  const date = monthDate(month);
  return date ? monthFormat(locale, true).format(date) : month;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The due-date filter of a month, as the due range inputs hold it: from its 1st to its last
 * day (the "to" day is inclusive, so the query asks for due dates before the 1st of the next
 * month, local days). `null` when `month` is not "YYYY-MM".
 */
export function monthDueRange(month: string): { from: string; to: string } | null {
  const date = monthDate(month);
  if (!date) return null;
  const year = date.getUTCFullYear();
  const index = date.getUTCMonth();
  const last = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
  return { from: `${year}-${pad(index + 1)}-01`, to: `${year}-${pad(index + 1)}-${pad(last)}` };
}

/** A month column's accessible name: "March 2026: €1,234.00 overdue, €500.00 not yet due". */
export function monthColumnLabel(
  month: string,
  overdue: number,
  notYetDue: number,
  currency: string,
  exp: number,
  locale?: string,
): string {
  return `${monthLong(month, locale)}: ${formatMoney(overdue, currency, exp, locale)} overdue, ${formatMoney(notYetDue, currency, exp, locale)} not yet due`;
}

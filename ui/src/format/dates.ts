/**
 * Dates as the user reads them: their locale and time zone on screen, the exact UTC value on
 * hover (`title`). A date the API sent that does not parse is shown as its raw text, flagged,
 * so nothing is silently hidden or guessed.
 */
import type { Timestamp } from '../types';
import { effectiveLocale } from './locale';

export type ShownDate = {
  /** What the cell shows. */
  text: string;
  /** Hover text: the UTC ISO value, or why the value is flagged. */
  title: string;
  /** True when `text` is the raw, unparsable value. */
  invalid: boolean;
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(
  requested: string | undefined,
  timeZone: string | undefined,
  withTime: boolean,
): Intl.DateTimeFormat {
  const locale = requested ?? effectiveLocale();
  const key = `${locale ?? ''}|${timeZone ?? ''}|${withTime}`;
  let found = dateFormats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      ...(timeZone ? { timeZone } : {}),
    });
    dateFormats.set(key, found);
  }
  return found;
}

export type DateOptions = { locale?: string; timeZone?: string; withTime?: boolean };

/** An RFC 3339 instant for people; `null` when it does not parse. */
export function formatInstant(iso: string, options: DateOptions = {}): string | null {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  return dateFormat(options.locale, options.timeZone, options.withTime ?? false).format(time);
}

/** A `Timestamp` of the API for a table cell; missing = empty text. */
export function showTimestamp(value: Timestamp | null, options: DateOptions = {}): ShownDate {
  if (!value) return { text: '', title: '', invalid: false };
  // The title repeats the raw text: a narrow column may cut it.
  if (value.kind === 'invalid') {
    return {
      text: value.raw,
      title: `Not a valid date (shown as received): ${value.raw}`,
      invalid: true,
    };
  }
  const text = formatInstant(value.value, options);
  if (text === null)
    return {
      text: value.value,
      title: `Not a valid date (shown as received): ${value.value}`,
      invalid: true,
    };
  return { text, title: `${new Date(value.value).toISOString()} (UTC)`, invalid: false };
}

/**
 * The UTC instant of local midnight starting `day` ("YYYY-MM-DD" of a date input), offset by
 * `addDays`: a "created to" date includes its whole day by asking for the next midnight
 * (the core's ranges are half-open).
 */
export function localDayStart(day: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d) + addDays);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * The last millisecond of the local day `day` ("YYYY-MM-DD"), as an ISO instant: the next local
 * midnight minus 1 ms. An "as of" day means its end (as `bdesk --as-of` reads it), so the whole
 * day counts. `null` when `day` is not a date.
 */
export function localDayEnd(day: string): string | null {
  const next = localDayStart(day, 1);
  return next === null ? null : new Date(Date.parse(next) - 1).toISOString();
}

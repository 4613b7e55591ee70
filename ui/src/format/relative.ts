/**
 * "How long ago" for people: recent instants as a rough age ("3 h ago"), older ones as their
 * date, the exact local time always in the hover text. `now` is passed in, so the same instant
 * reads the same in a test on any day.
 */
import { formatInstant, type DateOptions } from './dates';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** From this age on, a date says more than "41 days ago". */
const DATE_AFTER = 30 * DAY;

export type ShownAge = {
  /** What the screen shows. */
  text: string;
  /** Hover text: the exact local date and time, or why there is none. */
  title: string;
};

/**
 * `iso` (RFC 3339) relative to `now` (milliseconds since the epoch): "just now", "5 min ago",
 * "3 h ago", "2 days ago", then "on <date>". A time ahead of `now` by more than a minute (the
 * computer's clock went back) is shown as its date and time rather than as a negative age.
 * Text that is not a date is shown as received.
 */
export function relativeTime(
  iso: string,
  now: number,
  options: Omit<DateOptions, 'withTime'> = {},
): ShownAge {
  const time = Date.parse(iso);
  const exact = formatInstant(iso, { ...options, withTime: true });
  if (Number.isNaN(time) || exact === null)
    return { text: iso, title: `Not a valid date (shown as received): ${iso}` };
  const age = now - time;
  if (age < -MINUTE) return { text: `on ${exact}`, title: exact };
  if (age < MINUTE) return { text: 'just now', title: exact };
  if (age < HOUR) return { text: `${Math.floor(age / MINUTE)} min ago`, title: exact };
  if (age < DAY) return { text: `${Math.floor(age / HOUR)} h ago`, title: exact };
  if (age < DATE_AFTER) {
    const days = Math.floor(age / DAY);
    return { text: days === 1 ? '1 day ago' : `${days} days ago`, title: exact };
  }
  return { text: `on ${formatInstant(iso, options) ?? exact}`, title: exact };
}

/** A connection's last successful fetch (`null` = none kept), as the Connections screen says it. */
export function showLastFetched(
  iso: string | null,
  now: number,
  options: Omit<DateOptions, 'withTime'> = {},
): ShownAge {
  if (iso === null)
    return {
      text: 'Never fetched',
      title: 'No data from this connection is kept on this computer.',
    };
  const age = relativeTime(iso, now, options);
  return { text: `Last fetched ${age.text}`, title: age.title };
}

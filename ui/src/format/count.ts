/**
 * Counts for people, with the locale's digit grouping ("12,345"). The formatter of each
 * locale is made once: building an `Intl.NumberFormat` costs more than formatting with one,
 * and the results line is said after every filter or sort change.
 */
import { effectiveLocale } from './locale';

const counts = new Map<string, Intl.NumberFormat>();

/** `n` with the digit grouping of `locale` (default: the effective locale). */
export function formatCount(n: number, locale: string = effectiveLocale()): string {
  let found = counts.get(locale);
  if (!found) {
    found = new Intl.NumberFormat(locale);
    counts.set(locale, found);
  }
  return found.format(n);
}

/**
 * The locale amounts and dates are formatted in: the user's, except where the OS gives none.
 * Under the `C`/`POSIX` locale (an unset LANG: a minimal install, Xvfb, a service account)
 * the web view's default is a POSIX locale, and Intl then prints "$ 468584.25" without digit
 * grouping; American English is the readable stand-in.
 */

/** What formatting falls back to when the OS locale says nothing. */
export const FALLBACK_LOCALE = 'en-US';

/**
 * The web view's own locale made effective, worked out on first use: it stays the same while
 * the page lives, and asking Intl for it builds a formatter, which costs more than formatting
 * an amount (every amount and date on screen asks).
 */
let own: string | undefined;

/** `candidate` (default: the web view's own default locale), or the fallback for C/POSIX. */
export function effectiveLocale(candidate?: string): string {
  if (candidate === undefined) {
    own ??= resolve(defaultLocale());
    return own;
  }
  return resolve(candidate);
}

function resolve(candidate: string | undefined): string {
  const lower = (candidate ?? '').trim().toLowerCase();
  if (
    !lower ||
    lower === 'c' ||
    lower === 'posix' ||
    lower === 'und' ||
    lower.startsWith('c.') ||
    lower.includes('-u-va-posix')
  ) {
    return FALLBACK_LOCALE;
  }
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? FALLBACK_LOCALE;
  } catch {
    // Not a BCP 47 tag at all.
    return FALLBACK_LOCALE;
  }
}

function defaultLocale(): string | undefined {
  try {
    return new Intl.NumberFormat().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

/**
 * The locale amounts and dates are formatted in: the user's, except where the OS gives none.
 * Under the `C`/`POSIX` locale (an unset LANG: a minimal install, Xvfb, a service account)
 * the web view's default is a POSIX locale, and Intl then prints "$ 468584.25" without digit
 * grouping; American English is the readable stand-in.
 */

/** What formatting falls back to when the OS locale says nothing. */
export const FALLBACK_LOCALE = 'en-US';

/** `candidate` (default: the web view's own default locale), or the fallback for C/POSIX. */
export function effectiveLocale(candidate: string | undefined = defaultLocale()): string {
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

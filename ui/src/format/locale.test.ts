import { describe, expect, it } from 'vitest';
import { FALLBACK_LOCALE, effectiveLocale } from './locale';
import { formatMoney } from './money';

describe('effectiveLocale', () => {
  it('keeps a real locale', () => {
    expect(effectiveLocale('de-DE')).toBe('de-DE');
    expect(effectiveLocale('ja')).toBe('ja');
    expect(effectiveLocale('en-gb')).toBe('en-GB');
  });

  it('falls back where the OS gives no locale (C, POSIX, unset)', () => {
    for (const none of [
      'C',
      'c',
      'POSIX',
      'C.UTF-8',
      'en-US-u-va-posix',
      'und',
      '',
      undefined,
      'not a locale!',
    ]) {
      expect(effectiveLocale(none), String(none)).toBe(FALLBACK_LOCALE);
    }
  });

  it('so amounts keep grouping and symbol placement under a POSIX default', () => {
    expect(formatMoney(46858425, 'USD', 2, effectiveLocale('en-US-u-va-posix'))).toBe(
      '$468,584.25',
    );
  });
});

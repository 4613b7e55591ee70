import { describe, expect, it } from 'vitest';
import { exponentOf, formatMoney, minorToDecimal } from './money';

// Intl output contains narrow no-break spaces in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('minorToDecimal', () => {
  it('places the decimal point by the exponent', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(5, 2), 'small amounts get leading zeros').toBe('0.05');
    expect(minorToDecimal(-5, 2), 'the sign survives padding').toBe('-0.05');
    expect(minorToDecimal(1234, 0), 'zero-decimal currencies have no point').toBe('1234');
    expect(minorToDecimal(1234, 3)).toBe('1.234');
    expect(minorToDecimal(-0, 2), 'negative zero is not shown as -0').toBe('0.00');
  });

  it('keeps every digit of the largest safe integer', () => {
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
    expect(minorToDecimal(1e21, 2), 'no exponent notation for huge sums').toBe(
      '10000000000000000000.00',
    );
  });
});

describe('formatMoney', () => {
  it('formats USD with two decimals', () => {
    expect(formatMoney(123456, 'USD', 2, 'en-US')).toBe('$1,234.56');
  });

  it('formats JPY without decimals: the minor unit is the yen', () => {
    expect(plain(formatMoney(123456, 'JPY', 0, 'en-US'))).toBe('¥123,456');
  });

  it('formats KWD with three decimals', () => {
    expect(plain(formatMoney(1234567, 'KWD', 3, 'en-US'))).toBe('KWD 1,234.567');
  });

  it("uses Stripe's exponent for ISK (2), not Intl's ISO digits (0)", () => {
    const text = plain(formatMoney(12345, 'ISK', 2, 'en-US'));
    expect(text, 'ISK 12345 minor units are 123.45 kronur at Stripe').toBe('ISK 123.45');
  });

  it('formats negative amounts with a sign', () => {
    expect(formatMoney(-2500, 'USD', 2, 'en-US')).toBe('-$25.00');
  });

  it('formats huge amounts exactly', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 2, 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('follows the locale', () => {
    expect(plain(formatMoney(123456, 'EUR', 2, 'de-DE'))).toBe('1.234,56 €');
  });

  it('shows an amount without a currency as a plain number, and a code Intl rejects after it', () => {
    expect(formatMoney(123456, null, 2, 'en-US')).toBe('1,234.56');
    expect(formatMoney(123456, 'US1', 2, 'en-US'), 'Intl throws on malformed codes').toBe(
      '1,234.56 US1',
    );
  });
});

describe('exponentOf', () => {
  it("reads the page's map and defaults to 2", () => {
    const map = { JPY: 0, KWD: 3 };
    expect(exponentOf(map, 'JPY')).toBe(0);
    expect(exponentOf(map, 'KWD')).toBe(3);
    expect(exponentOf(map, 'USD'), 'missing from the map').toBe(2);
    expect(exponentOf(map, null)).toBe(2);
  });
});

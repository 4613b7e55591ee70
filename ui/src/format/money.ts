/**
 * Amounts arrive as integer minor units plus the Stripe exponent of their currency
 * (`InvoicePage.currencies`). Stripe's exponent differs from Intl's ISO digits for ISK, UGX…,
 * so the digits are always forced to the exponent; the major value is built as a decimal
 * string (not `minor / 10 ** exp`) so large amounts keep every digit.
 */
import { effectiveLocale } from './locale';

/** Stripe's default when a code is missing from the page's exponent map. */
export const DEFAULT_EXPONENT = 2;

/** `minor` as an exact decimal string with `exp` fraction digits, e.g. (-5, 2) → "-0.05". */
export function minorToDecimal(minor: number, exp: number): string {
  if (!Number.isFinite(minor)) return '0';
  const negative = minor < 0;
  // BigInt prints integers of any size without exponent notation (1e21 would otherwise).
  let digits = BigInt(Math.trunc(Math.abs(minor))).toString();
  if (exp > 0) {
    digits = digits.padStart(exp + 1, '0');
    digits = `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  }
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** A formatter, and whether it names the currency itself (else the code goes after the number). */
type MoneyFormat = { format: Intl.NumberFormat; named: boolean };

const formatters = new Map<string, MoneyFormat>();

function formatter(
  requested: string | undefined,
  currency: string | null,
  exp: number,
): MoneyFormat {
  const locale = requested ?? effectiveLocale();
  const key = `${locale ?? ''}|${currency ?? ''}|${exp}`;
  let found = formatters.get(key);
  if (!found) {
    const digits = { minimumFractionDigits: exp, maximumFractionDigits: exp };
    let format: Intl.NumberFormat;
    try {
      format = currency
        ? new Intl.NumberFormat(locale, { style: 'currency', currency, ...digits })
        : new Intl.NumberFormat(locale, digits);
    } catch {
      // A code Intl rejects (not three letters): plain number, the code is appended below.
      format = new Intl.NumberFormat(locale, digits);
    }
    found = { format, named: format.resolvedOptions().style === 'currency' };
    formatters.set(key, found);
  }
  return found;
}

/**
 * `minor` units of `currency` for people, e.g. (123456, "USD", 2) → "$1,234.56".
 * A currency Intl cannot name is shown as its code after the number.
 */
export function formatMoney(
  minor: number,
  currency: string | null,
  exp: number,
  locale?: string,
): string {
  const { format, named } = formatter(locale, currency, exp);
  // Intl formats decimal strings exactly (ES2023); the lib typing predates that.
  const text = format.format(minorToDecimal(minor, exp) as unknown as number);
  if (currency && !named) return `${text} ${currency}`;
  return text;
}

/** Exponent of `currency` from the page map, Stripe's default of 2 otherwise. */
export function exponentOf(currencies: Record<string, number>, currency: string | null): number {
  if (!currency) return DEFAULT_EXPONENT;
  return currencies[currency] ?? DEFAULT_EXPONENT;
}

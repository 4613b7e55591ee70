/**
 * What the Connections screen says about a saved connection and how it reads its edit form.
 * Rust decides what is allowed (ranges, URLs); this only turns typed text into the values the
 * command takes, so a typo is caught before a round trip and Rust's range message shows as is.
 */
import type { ConnectionInfo, ConnectionTest, TokenState } from '../types';

/** The token's state in words; never anything about the token itself. */
export function tokenStateText(state: TokenState): string {
  switch (state) {
    case 'stored':
      return 'Token stored';
    case 'missing':
      return 'No token';
    case 'unknown':
      return 'Keyring unavailable';
  }
}

/** The largest number the command's `u32` arguments carry. */
const U32_MAX = 4_294_967_295;

export type WholeNumber = { ok: true; value: number | null } | { ok: false };

/**
 * A "blank = default" number field: blank is `null`, digits are their number, anything else
 * (a sign, a decimal point, a unit) is refused. A number past what the command can carry is
 * sent as the largest one, so Rust answers with its range ("use 1 to 3600") instead of the
 * request failing before it reaches the check.
 */
export function parseWholeNumber(text: string): WholeNumber {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false };
  return { ok: true, value: Math.min(Number(trimmed), U32_MAX) };
}

/** A number field's value as the edit form first shows it (`null` = the default, blank). */
export function wholeNumberText(value: number | null): string {
  return value === null ? '' : String(value);
}

/**
 * The archive folder field as the edit form first shows it: blank while the connection uses the
 * default folder (shown as the placeholder), so saving unchanged keeps following the default.
 */
export function archiveDirText(
  connection: Pick<ConnectionInfo, 'archiveDir' | 'defaultArchiveDir'>,
): string {
  return connection.archiveDir === connection.defaultArchiveDir ? '' : connection.archiveDir;
}

/** The archive folder as the command takes it: `null` (the default folder) for blank; Rust judges the path. */
export function archiveDirValue(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The aging buckets field as the edit form first shows it: the boundaries joined by ", ", blank
 * while the connection uses the default (30, 60, 90), so saving unchanged keeps following it.
 */
export function agingBucketsText(bounds: readonly number[] | undefined): string {
  return bounds ? bounds.join(', ') : '';
}

/** The result of "Test" on a saved connection. */
export function checkText(result: ConnectionTest): string {
  return `OK: ${result.invoices} invoices, ${result.paymentMethods} payment methods in ${result.orgId}`;
}

/**
 * Whether a typed address is plain `http`, to offer the opt-in next to it. Only a hint for the
 * form: Rust parses the address and refuses plain `http` without the opt-in itself.
 */
export function looksPlainHttp(url: string): boolean {
  return /^\s*http:/i.test(url);
}

/** What the Connections screen says about a saved plain `http` connection. */
export function plainHttpText(allowed: boolean): string {
  return allowed
    ? 'Plain http: the token travels unencrypted'
    : 'Plain http not allowed: edit it to allow it, or use https';
}

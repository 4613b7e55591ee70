/**
 * The expiring-cards count over every loaded organization, from the card states Rust derived
 * (`cardState` of each payment-method row); the UI only adds them up and words them.
 */
import type { PaymentMethodRow } from '../types';

/**
 * Rust's `dates::EXPIRING_SOON_DAYS`, for the wording only (Rust decides each card's state);
 * a core test reads this line to keep the two equal.
 */
export const EXPIRING_SOON_DAYS = 60;

export type CardCounts = { expiring: number; expired: number };

/** Whether a card has expired or expires soon: the rows "expiring or expired only" keeps. */
export function needsAttention(row: PaymentMethodRow): boolean {
  return row.cardState === 'expired' || row.cardState === 'expiringSoon';
}

export function countCards(rows: readonly PaymentMethodRow[]): CardCounts {
  let expiring = 0;
  let expired = 0;
  for (const row of rows) {
    if (row.cardState === 'expiringSoon') expiring++;
    else if (row.cardState === 'expired') expired++;
  }
  return { expiring, expired };
}

/** "3 cards expire within 60 days, 1 expired"; `null` when no card needs attention. */
export function cardAlertText({ expiring, expired }: CardCounts): string | null {
  const cards = (n: number) => `${n} ${n === 1 ? 'card' : 'cards'}`;
  const soon =
    expiring > 0
      ? `${cards(expiring)} ${expiring === 1 ? 'expires' : 'expire'} within ${EXPIRING_SOON_DAYS} days`
      : null;
  if (soon && expired > 0) return `${soon}, ${expired} expired`;
  if (soon) return soon;
  if (expired > 0) return `${cards(expired)} expired`;
  return null;
}

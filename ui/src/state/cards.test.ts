import { describe, expect, it } from 'vitest';
import type { CardState, PaymentMethodRow } from '../types';
import { cardAlertText, countCards, needsAttention } from './cards';

const row = (cardState: CardState): PaymentMethodRow => ({
  org: 'org_a',
  orgLabel: null,
  cardState,
  method: {
    id: null,
    type: 'card',
    brand: null,
    last4: null,
    expMonth: null,
    expYear: null,
    isDefault: null,
    billingName: null,
    billingEmail: null,
    createdAt: null,
  },
});

describe('countCards', () => {
  it('counts the cards Rust marked expiring soon and expired, nothing else', () => {
    const rows = [
      'expiringSoon',
      'expired',
      'valid',
      'unknown',
      'expiringSoon',
      'expiringSoon',
    ].map((state) => row(state as CardState));
    expect(countCards(rows)).toEqual({ expiring: 3, expired: 1 });
    expect(rows.filter(needsAttention).map((r) => r.cardState)).toEqual([
      'expiringSoon',
      'expired',
      'expiringSoon',
      'expiringSoon',
    ]);
  });
});

describe('cardAlertText', () => {
  it('says how many cards expire soon and how many expired', () => {
    expect(cardAlertText({ expiring: 3, expired: 1 })).toBe(
      '3 cards expire within 60 days, 1 expired',
    );
    expect(cardAlertText({ expiring: 1, expired: 0 })).toBe('1 card expires within 60 days');
    expect(cardAlertText({ expiring: 0, expired: 2 })).toBe('2 cards expired');
    expect(cardAlertText({ expiring: 0, expired: 1 })).toBe('1 card expired');
  });

  it('says nothing when no card needs attention', () => {
    expect(cardAlertText({ expiring: 0, expired: 0 })).toBeNull();
  });
});

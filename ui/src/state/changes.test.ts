import { describe, expect, it } from 'vitest';
import type { ChangesView, InvoiceChange, VerifyReport } from '../types';
import {
  ariaSort,
  CHANGE_KINDS,
  changeLines,
  currencyRow,
  exportedText,
  exportLabel,
  fieldChangeText,
  fieldValueText,
  formatLabel,
  INITIAL_CHANGES_FILTER,
  KIND_LABELS,
  kindCounts,
  notComparedText,
  signedDelta,
  sinceText,
  toggleSort,
  truncatedText,
  verifies,
  verifyHeadline,
  verifyNotes,
  verifyProblems,
} from './changes';

const US = { locale: 'en-US', timeZone: 'UTC' };
const CURRENCIES = { USD: 2, EUR: 2, JPY: 0, KWD: 3 };

const row = (patch: Partial<InvoiceChange> = {}): InvoiceChange => ({
  kind: 'newlyPaid',
  org: 'org_acme',
  id: 'in_1',
  number: 'INV-1',
  currency: 'USD',
  fields: [],
  ...patch,
});

describe('labels', () => {
  it('name every category, in the order Rust decides them', () => {
    expect(CHANGE_KINDS.map((kind) => KIND_LABELS[kind])).toEqual([
      'New',
      'Newly paid',
      'Voided',
      'Marked uncollectible',
      'Other status change',
      'Amount changed',
      'Due date changed',
      'Gone',
    ]);
  });

  it('write formats in capitals', () => {
    expect(['csv', 'xlsx', 'json'].map(formatLabel)).toEqual(['CSV', 'XLSX', 'JSON']);
  });
});

describe('fieldChangeText', () => {
  it('words a status, an amount in minor units and a due date', () => {
    const paid = row({
      fields: [
        { field: 'status', from: 'open', to: 'paid' },
        { field: 'amountPaid', from: '0', to: '10000' },
        { field: 'dueAt', from: '2026-12-01T12:00:00Z', to: '2026-12-15T12:00:00Z' },
      ],
    });
    expect(changeLines(paid, CURRENCIES, US)).toEqual([
      'Status: open → paid',
      'Amount paid: $0.00 → $100.00',
      'Due: Dec 1, 2026 → Dec 15, 2026',
    ]);
  });

  it('uses each currency’s own exponent', () => {
    expect(
      fieldChangeText(
        { field: 'total', from: '1000', to: '1500' },
        row({ currency: 'JPY' }),
        CURRENCIES,
        US,
      ),
    ).toBe('Total: ¥1,000 → ¥1,500');
    expect(
      fieldChangeText(
        { field: 'amountRemaining', from: '1500', to: '0' },
        row({ currency: 'KWD' }),
        CURRENCIES,
        US,
      ),
    ).toBe('Amount remaining: KWD\u00a01.500 → KWD\u00a00.000');
  });

  it('puts earlier amounts in the earlier currency when the currency moved', () => {
    const moved = row({
      currency: 'EUR',
      fields: [
        { field: 'currency', from: 'USD', to: 'EUR' },
        { field: 'total', from: '2000', to: '1800' },
      ],
    });
    expect(changeLines(moved, CURRENCIES, US)).toEqual([
      'Currency: USD → EUR',
      'Total: $20.00 → €18.00',
    ]);
  });

  it('shows an empty side as a dash, and a value it cannot read as sent', () => {
    expect(
      fieldChangeText(
        { field: 'dueAt', from: null, to: '2026-12-15T12:00:00Z' },
        row(),
        CURRENCIES,
        US,
      ),
    ).toBe('Due: — → Dec 15, 2026');
    expect(
      fieldChangeText({ field: 'amountDue', from: '12.5', to: '' }, row(), CURRENCIES, US),
    ).toBe('Amount due: 12.5 → —');
    expect(fieldValueText('dueAt', 'soon', 'USD', CURRENCIES, US)).toBe('soon');
    expect(
      fieldChangeText({ field: 'memo', from: 'a', to: 'b' }, row(), CURRENCIES, US),
      'an unknown field keeps its name',
    ).toBe('memo: a → b');
  });

  it('says what a new or gone invoice is instead of listing fields', () => {
    expect(changeLines(row({ kind: 'new' }), CURRENCIES, US)).toEqual(['New invoice']);
    expect(changeLines(row({ kind: 'gone' }), CURRENCIES, US)).toEqual(['No longer in this view']);
  });
});

describe('per-currency differences', () => {
  it('are signed with a plus or a true minus, zero without a sign', () => {
    expect(signedDelta(50000, 52000, 'EUR', CURRENCIES, US)).toBe('+€20.00');
    expect(signedDelta(30000, 20000, 'USD', CURRENCIES, US)).toBe('\u2212$100.00');
    expect(signedDelta(10000, 10000, 'EUR', CURRENCIES, US)).toBe('€0.00');
  });

  it('fill a row in its own currency', () => {
    expect(
      currencyRow(
        {
          currency: 'JPY',
          outstandingBefore: 5000,
          outstandingAfter: 0,
          paidBefore: 0,
          paidAfter: 5000,
        },
        CURRENCIES,
        US,
      ),
    ).toEqual({
      currency: 'JPY',
      outstandingBefore: '¥5,000',
      outstandingAfter: '¥0',
      outstandingChange: '\u2212¥5,000',
      paidBefore: '¥0',
      paidAfter: '¥5,000',
      paidChange: '+¥5,000',
    });
    expect(
      currencyRow(
        {
          currency: null,
          outstandingBefore: 0,
          outstandingAfter: 100,
          paidBefore: 0,
          paidAfter: 0,
        },
        CURRENCIES,
        US,
      ).currency,
    ).toBe('No currency');
  });
});

describe('filter', () => {
  it('sorts by a new column ascending, then toggles its direction', () => {
    const byOrg = toggleSort(INITIAL_CHANGES_FILTER, 'org');
    expect(byOrg).toEqual({ ...INITIAL_CHANGES_FILTER, sort: 'org', descending: false });
    expect(ariaSort(byOrg, 'org')).toBe('ascending');
    const descending = toggleSort(byOrg, 'org');
    expect(descending.descending).toBe(true);
    expect(ariaSort(descending, 'org')).toBe('descending');
    expect(ariaSort(descending, 'kind')).toBe('none');
    expect(toggleSort(descending, 'kind')).toEqual({
      ...INITIAL_CHANGES_FILTER,
      sort: 'kind',
      descending: false,
    });
  });

  it('lists the categories with changes, and the chosen one even at zero', () => {
    const counts: ChangesView['counts'] = { gone: 2, newlyPaid: 3, voided: 0 };
    expect(kindCounts(counts, null)).toEqual([
      { kind: 'newlyPaid', count: 3 },
      { kind: 'gone', count: 2 },
    ]);
    expect(kindCounts(counts, 'new').map((entry) => entry.kind)).toEqual([
      'new',
      'newlyPaid',
      'gone',
    ]);
  });
});

describe('lines', () => {
  it('name the export compared with', () => {
    expect(sinceText({ since: { export: 3, at: '2026-11-03T14:02:00Z', snapshot: 's' } }, US)).toBe(
      'Changes since export 3 of Nov 3, 2026, 2:02 PM',
    );
    expect(
      exportLabel(
        { number: 3, at: '2026-11-03T14:02:00Z', view: 'status open' },
        { locale: 'en-GB', timeZone: 'UTC' },
      ),
    ).toBe('Export 3 · 3 Nov 2026, 14:02 · status open');
  });

  it('count organizations left out, one or several', () => {
    expect(notComparedText(['ACME Europe'])).toBe(
      '1 organization of that export is not loaded now and was left out: ACME Europe. Refresh it to compare.',
    );
    expect(notComparedText(['ACME Europe', 'org_kuwait'])).toBe(
      '2 organizations of that export are not loaded now and were left out: ACME Europe, org_kuwait. Refresh them to compare.',
    );
  });

  it('group the numbers of a cut table and of an export', () => {
    expect(truncatedText(2000, 12345, US)).toBe(
      'Showing the first 2,000 of 12,345 matching changes; export them all below.',
    );
    expect(exportedText({ path: '/tmp/changes.csv', invoices: 1234 }, US)).toBe(
      'Exported 1,234 changed invoices to /tmp/changes.csv.',
    );
    expect(exportedText({ path: '/tmp/changes.csv', invoices: 1 }, US)).toBe(
      'Exported 1 changed invoice to /tmp/changes.csv.',
    );
  });
});

describe('verification', () => {
  const report = (patch: Partial<VerifyReport> = {}): VerifyReport => ({
    entries: 12,
    tampered: [],
    filesChanged: [],
    filesMissing: [],
    interrupted: [],
    ...patch,
  });

  it('is clean with missing files and interrupted writes, listed as notes', () => {
    const missing = report({
      filesMissing: ['export 2: /tmp/a.csv is no longer there'],
      interrupted: ['the last line (13) is incomplete'],
    });
    expect(verifies(missing)).toBe(true);
    expect(verifyHeadline(missing, US)).toBe(
      'The history of 12 exports verifies: no entry was edited, removed or reordered, and every exported file still there is unchanged.',
    );
    expect(verifyNotes(missing)).toEqual([
      'the last line (13) is incomplete',
      'export 2: /tmp/a.csv is no longer there',
    ]);
    expect(verifyProblems(missing)).toEqual([]);
  });

  it('is not clean with a tampered entry or a changed file, listed', () => {
    const broken = report({
      tampered: ['line 3 (export 3): the entry before it was edited, removed or moved'],
      filesChanged: ['export 1: /tmp/b.csv was changed since'],
    });
    expect(verifies(broken)).toBe(false);
    expect(verifies(report({ filesChanged: ['x'] }))).toBe(false);
    expect(verifyHeadline(broken)).toBe('The history does not verify:');
    expect(verifyProblems(broken)).toEqual([
      'line 3 (export 3): the entry before it was edited, removed or moved',
      'export 1: /tmp/b.csv was changed since',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { resultsAnnouncement } from './announce';

describe('resultsAnnouncement', () => {
  it('says the count of the view, the whole and the order', () => {
    expect(
      resultsAnnouncement(1204, 100_000, { column: 'dueAt', direction: 'desc' }, 'en-US'),
    ).toBe('1,204 of 100,000 invoices, sorted by due date, descending');
  });

  it('reads an omitted direction as ascending, as Rust does', () => {
    expect(resultsAnnouncement(10, 40, { column: 'total' }, 'en-US')).toBe(
      '10 of 40 invoices, sorted by total, ascending',
    );
  });

  it('says nothing of the order when there is no sort', () => {
    expect(resultsAnnouncement(0, 80, null, 'en-US')).toBe('0 of 80 invoices');
  });

  it('groups digits the way the user reads them', () => {
    expect(resultsAnnouncement(1204, 100_000, null, 'de-DE')).toBe('1.204 of 100.000 invoices');
  });

  it('counts one invoice in the singular', () => {
    expect(resultsAnnouncement(1, 1, null, 'en-US')).toBe('1 of 1 invoice');
  });
});

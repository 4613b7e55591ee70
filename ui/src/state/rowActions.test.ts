import { describe, expect, it } from 'vitest';
import type { InvoiceRow } from '../types';
import { ROW_ACTIONS, rowActionEnabled } from './rowActions';

function row(
  patch: Partial<Pick<InvoiceRow, 'hasHosted' | 'hasPdf' | 'archived'>>,
  id: string | null = 'in_1',
): InvoiceRow {
  return {
    key: 'org_a/0',
    org: 'org_a',
    orgLabel: null,
    invoice: {
      id,
      number: 'INV-1',
      status: 'open',
      currency: 'USD',
      total: 1,
      amountDue: 1,
      amountPaid: 0,
      amountRemaining: 1,
      createdAt: null,
      dueAt: null,
      periodStart: null,
      periodEnd: null,
      hostedInvoiceUrl: null,
      invoicePdf: null,
    },
    overdue: false,
    daysOverdue: null,
    aging: 'current',
    hasHosted: false,
    hasPdf: false,
    archived: false,
    ...patch,
  };
}

const enabled = (target: InvoiceRow) =>
  ROW_ACTIONS.filter((action) => rowActionEnabled(target, action));

describe('rowActionEnabled', () => {
  it('offers the hosted page and its link only with a hosted link', () => {
    expect(enabled(row({ hasHosted: true }))).toEqual(['openHosted', 'copyLink']);
  });

  it('offers opening and downloading the PDF with a PDF link', () => {
    expect(enabled(row({ hasPdf: true }))).toEqual(['openPdf', 'downloadPdf']);
  });

  it('opens an archived PDF whose link is gone, but has nothing to download', () => {
    expect(enabled(row({ archived: true }))).toEqual(['openPdf', 'openArchived']);
  });

  it('offers the archived copy only once the PDF is in the archive', () => {
    expect(enabled(row({ hasPdf: true }))).not.toContain('openArchived');
    expect(enabled(row({ hasPdf: true, archived: true }))).toEqual([
      'openPdf',
      'openArchived',
      'downloadPdf',
    ]);
  });

  it('offers nothing for an invoice without an ID: Rust looks links up by it', () => {
    expect(enabled(row({ hasHosted: true, hasPdf: true, archived: true }, null))).toEqual([]);
  });
});

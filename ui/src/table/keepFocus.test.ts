import { describe, expect, it } from 'vitest';
import type { InvoiceRow } from '../types';
import { HEADER_ROW, type GridShape } from './gridNav';
import { identityAt, invoiceIdentity, keptCell, type HeldRows } from './keepFocus';

const SHAPE: GridShape = { rows: 1_000, cols: 8, headerCols: 5, pageRows: 20 };

function row(org: string, id: string | null, key = `${org}/${id ?? 'x'}`): InvoiceRow {
  return {
    key,
    org,
    orgLabel: null,
    invoice: {
      id,
      number: null,
      status: 'open',
      currency: 'USD',
      total: 100,
      amountDue: 100,
      amountPaid: 0,
      amountRemaining: 100,
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
  };
}

/** Rows `offset`.. of a view, one invoice per id. */
const held = (offset: number, ids: string[]): HeldRows => ({
  offset,
  rows: ids.map((id) => row('org_a', id)),
});

describe('keptCell', () => {
  it('follows the invoice to its new row after a sort, keeping the column', () => {
    const before = held(0, ['in_1', 'in_2', 'in_3', 'in_4']);
    const identity = identityAt({ row: 1, col: 5 }, before);
    expect(identity).toBe(invoiceIdentity(before.rows[1]!));
    const after = held(0, ['in_4', 'in_3', 'in_2', 'in_1']);
    expect(keptCell({ row: 1, col: 5 }, identity, after, SHAPE)).toEqual({ row: 2, col: 5 });
  });

  it('finds the invoice by its place in the whole view, not in the block', () => {
    const identity = identityAt({ row: 502, col: 1 }, held(500, ['in_a', 'in_b', 'in_c']));
    expect(
      keptCell({ row: 502, col: 1 }, identity, held(460, ['in_x', 'in_c', 'in_b']), SHAPE),
    ).toEqual({ row: 461, col: 1 });
  });

  it('stays at the same position when the invoice left the rows held (filtered out, or moved far away)', () => {
    const identity = identityAt({ row: 2, col: 3 }, held(0, ['in_1', 'in_2', 'in_3']));
    expect(
      keptCell({ row: 2, col: 3 }, identity, held(0, ['in_7', 'in_8', 'in_9']), SHAPE),
    ).toEqual({ row: 2, col: 3 });
  });

  it('keeps the same position inside a view that shrank, down to the header when nothing matches', () => {
    expect(
      keptCell({ row: 700, col: 3 }, 'org_a in_gone', held(0, ['in_1']), { ...SHAPE, rows: 50 }),
    ).toEqual({ row: 49, col: 3 });
    expect(
      keptCell({ row: 7, col: 3 }, 'org_a in_gone', held(0, []), { ...SHAPE, rows: 0 }),
    ).toEqual({ row: HEADER_ROW, col: 3 });
  });

  it('leaves the header where it is', () => {
    expect(keptCell({ row: HEADER_ROW, col: 2 }, null, held(0, ['in_1']), SHAPE)).toEqual({
      row: HEADER_ROW,
      col: 2,
    });
  });

  it('tells invoices apart by organization and ID, and falls back to the row key without an ID', () => {
    expect(invoiceIdentity(row('org_a', 'in_1'))).not.toBe(invoiceIdentity(row('org_b', 'in_1')));
    expect(
      invoiceIdentity(row('org_a', 'in_1', 'org_a/0')),
      'a refresh may shift the key; the ID holds',
    ).toBe(invoiceIdentity(row('org_a', 'in_1', 'org_a/7')));
    expect(invoiceIdentity(row('org_a', null, 'org_a/3'))).not.toBe(
      invoiceIdentity(row('org_a', null, 'org_a/4')),
    );
  });

  it('names no invoice on the header or on a row not held', () => {
    const block = held(100, ['in_1']);
    expect(identityAt({ row: HEADER_ROW, col: 0 }, block)).toBeNull();
    expect(identityAt({ row: 99, col: 0 }, block)).toBeNull();
    expect(identityAt({ row: 101, col: 0 }, block)).toBeNull();
    expect(identityAt({ row: 0, col: 0 }, null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  INITIAL_VIEW,
  compareStatuses,
  daysOverdueText,
  hasFilters,
  nextSort,
  readAmount,
  toInvoiceQuery,
  viewKey,
  viewReducer,
  type ViewState,
} from './query';

const apply = (...actions: Parameters<typeof viewReducer>[1][]): ViewState =>
  actions.reduce(viewReducer, INITIAL_VIEW);

describe('viewReducer', () => {
  it('starts on all organizations with no filter and no sort', () => {
    expect(toInvoiceQuery(INITIAL_VIEW), 'only orgs: null (all loaded orgs) is sent').toEqual({
      orgs: null,
    });
  });

  it('switches organization', () => {
    expect(toInvoiceQuery(apply({ type: 'org', org: 'org_1' })).orgs).toEqual(['org_1']);
    expect(
      toInvoiceQuery(apply({ type: 'org', org: 'org_1' }, { type: 'org', org: null })).orgs,
    ).toBeNull();
  });

  it('toggles statuses, keeping lifecycle order', () => {
    const view = apply(
      { type: 'toggleStatus', status: 'void' },
      { type: 'toggleStatus', status: 'open' },
    );
    expect(view.filters.statuses, 'open comes before void whatever the click order').toEqual([
      'open',
      'void',
    ]);
    const off = viewReducer(view, { type: 'toggleStatus', status: 'open' });
    expect(off.filters.statuses).toEqual(['void']);
  });

  it('keeps statuses the API added after the known ones, by their text', () => {
    const view = apply(
      { type: 'toggleStatus', status: 'in_review' },
      { type: 'toggleStatus', status: 'paid' },
      { type: 'toggleStatus', status: 'Disputed' },
      { type: 'toggleStatus', status: 'draft' },
    );
    expect(view.filters.statuses).toEqual(['draft', 'paid', 'Disputed', 'in_review']);
    expect(toInvoiceQuery(view).statuses, 'sent as the API wrote them').toEqual([
      'draft',
      'paid',
      'Disputed',
      'in_review',
    ]);
    expect(
      viewReducer(view, { type: 'toggleStatus', status: 'in_review' }).filters.statuses,
    ).toEqual(['draft', 'paid', 'Disputed']);
    expect(['zeta', 'void', 'alpha', 'open'].sort(compareStatuses)).toEqual([
      'open',
      'void',
      'alpha',
      'zeta',
    ]);
  });

  it('counts the total and due ranges as filters, and clears them', () => {
    for (const action of [
      { type: 'amountMin', amount: '10' },
      { type: 'amountMax', amount: '10' },
      { type: 'dueFrom', day: '2024-01-01' },
      { type: 'dueTo', day: '2024-01-01' },
      { type: 'daysOverdue', min: 31, max: 60 },
      { type: 'daysOverdue', min: 91, max: null },
    ] as const) {
      const view = apply(action);
      expect(hasFilters(view.filters), action.type).toBe(true);
      expect(hasFilters(viewReducer(view, { type: 'clearFilters' }).filters)).toBe(false);
    }
  });

  it('sorts ascending, then descending, then unsorted', () => {
    const asc = apply({ type: 'sort', column: 'total' });
    expect(asc.sort).toEqual({ column: 'total', direction: 'asc' });
    const desc = viewReducer(asc, { type: 'sort', column: 'total' });
    expect(desc.sort).toEqual({ column: 'total', direction: 'desc' });
    expect(
      viewReducer(desc, { type: 'sort', column: 'total' }).sort,
      'third click restores input order',
    ).toBeNull();
    expect(
      viewReducer(desc, { type: 'sort', column: 'dueAt' }).sort,
      'another column starts ascending',
    ).toEqual({ column: 'dueAt', direction: 'asc' });
  });

  it('clears every filter but keeps the organization and sort', () => {
    const view = apply(
      { type: 'org', org: 'org_1' },
      { type: 'sort', column: 'number' },
      { type: 'text', text: 'INV' },
      { type: 'overdueOnly', on: true },
      { type: 'clearFilters' },
    );
    expect(hasFilters(view.filters)).toBe(false);
    expect(view.org).toBe('org_1');
    expect(view.sort?.column).toBe('number');
  });
});

describe('nextSort', () => {
  it('treats a missing direction as ascending', () => {
    expect(nextSort({ column: 'id' }, 'id')).toEqual({ column: 'id', direction: 'desc' });
  });
});

describe('toInvoiceQuery', () => {
  it('sends only the filters that are set, trimmed, with the page', () => {
    const view = apply(
      { type: 'text', text: '  INV-0042 ' },
      { type: 'toggleStatus', status: 'open' },
      { type: 'currency', currency: 'JPY' },
      { type: 'overdueOnly', on: true },
      { type: 'sort', column: 'dueAt' },
    );
    expect(toInvoiceQuery(view, { offset: 40, limit: 80 })).toEqual({
      orgs: null,
      statuses: ['open'],
      text: 'INV-0042',
      currency: 'JPY',
      overdueOnly: true,
      sort: { column: 'dueAt', direction: 'asc' },
      offset: 40,
      limit: 80,
    });
  });

  it('turns the created range into local midnights, "to" inclusive of its day', () => {
    const query = toInvoiceQuery(
      apply({ type: 'createdFrom', day: '2024-01-01' }, { type: 'createdTo', day: '2024-01-31' }),
    );
    expect(query.createdFrom).toBe(new Date(2024, 0, 1).toISOString());
    expect(query.createdTo, 'half-open range: the next midnight includes Jan 31').toBe(
      new Date(2024, 1, 1).toISOString(),
    );
  });

  it('sends the total range as decimal text and the due range as local midnights', () => {
    const query = toInvoiceQuery(
      apply(
        { type: 'amountMin', amount: '1250.50' },
        { type: 'amountMax', amount: '9000' },
        { type: 'dueFrom', day: '2024-03-01' },
        { type: 'dueTo', day: '2024-03-31' },
      ),
    );
    expect(query.amountMin, "Rust reads the text exactly, in each invoice's currency").toBe(
      '1250.50',
    );
    expect(query.amountMax).toBe('9000');
    expect(query.dueFrom).toBe(new Date(2024, 2, 1).toISOString());
    expect(query.dueTo, 'half-open: the next midnight includes Mar 31').toBe(
      new Date(2024, 3, 1).toISOString(),
    );
  });

  it("sends an aging bucket's days overdue as set, an open end left out", () => {
    expect(toInvoiceQuery(apply({ type: 'daysOverdue', min: 31, max: 60 }))).toEqual({
      orgs: null,
      daysOverdueMin: 31,
      daysOverdueMax: 60,
    });
    expect(
      toInvoiceQuery(apply({ type: 'daysOverdue', min: 91, max: null })),
      'the last bucket has no last day',
    ).toEqual({ orgs: null, daysOverdueMin: 91 });
    expect(
      toInvoiceQuery(
        apply(
          { type: 'daysOverdue', min: 31, max: 60 },
          { type: 'daysOverdue', min: null, max: null },
        ),
      ),
    ).toEqual({ orgs: null });
  });

  it('ignores blank text', () => {
    expect(toInvoiceQuery(apply({ type: 'text', text: '   ' }))).toEqual({ orgs: null });
  });
});

describe('daysOverdueText', () => {
  it('names the range the way the chip shows it', () => {
    expect(daysOverdueText(31, 60)).toBe('31-60 days overdue');
    expect(daysOverdueText(91, null)).toBe('91+ days overdue');
    expect(daysOverdueText(1, 1)).toBe('1 day overdue');
    expect(daysOverdueText(null, 15)).toBe('Up to 15 days overdue');
    expect(daysOverdueText(null, null), 'no range').toBe('');
  });
});

describe('viewKey', () => {
  it('changes with a filter but not with the page', () => {
    const view = apply({ type: 'text', text: 'a' });
    expect(viewKey(view)).toBe(viewKey({ ...view }));
    expect(viewKey(view)).not.toBe(viewKey(viewReducer(view, { type: 'text', text: 'ab' })));
  });
});

describe('readAmount', () => {
  it('accepts the decimals Rust reads, trimmed', () => {
    for (const [typed, sent] of [
      ['10', '10'],
      [' 1250.50 ', '1250.50'],
      ['-0.5', '-0.5'],
      ['+3', '+3'],
      ['.5', '.5'],
      ['7.', '7.'],
      [`0.${'1'.repeat(18)}000`, `0.${'1'.repeat(18)}000`],
      ['9'.repeat(30), '9'.repeat(30)],
    ]) {
      expect(readAmount(typed!), typed).toBe(sent);
    }
    expect(readAmount('   '), 'blank is no bound').toBe('');
  });

  it('refuses what Rust would refuse', () => {
    for (const typed of [
      '1,000',
      '1e3',
      'ten',
      '1.2.3',
      '--1',
      '.',
      '-',
      '$10',
      `0.${'0'.repeat(18)}1`,
      '9'.repeat(31),
    ]) {
      expect(readAmount(typed), typed).toBeNull();
    }
  });
});

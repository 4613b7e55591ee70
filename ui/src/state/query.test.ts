import { describe, expect, it } from 'vitest';
import { INITIAL_VIEW, hasFilters, nextSort, toInvoiceQuery, viewKey, viewReducer, type ViewState } from './query';

const apply = (...actions: Parameters<typeof viewReducer>[1][]): ViewState => actions.reduce(viewReducer, INITIAL_VIEW);

describe('viewReducer', () => {
  it('starts on all organizations with no filter and no sort', () => {
    expect(toInvoiceQuery(INITIAL_VIEW), 'only orgs: null (all loaded orgs) is sent').toEqual({ orgs: null });
  });

  it('switches organization', () => {
    expect(toInvoiceQuery(apply({ type: 'org', org: 'org_1' })).orgs).toEqual(['org_1']);
    expect(toInvoiceQuery(apply({ type: 'org', org: 'org_1' }, { type: 'org', org: null })).orgs).toBeNull();
  });

  it('toggles statuses, keeping lifecycle order', () => {
    const view = apply({ type: 'toggleStatus', status: 'void' }, { type: 'toggleStatus', status: 'open' });
    expect(view.filters.statuses, 'open comes before void whatever the click order').toEqual(['open', 'void']);
    const off = viewReducer(view, { type: 'toggleStatus', status: 'open' });
    expect(off.filters.statuses).toEqual(['void']);
  });

  it('sorts ascending, then descending, then unsorted', () => {
    const asc = apply({ type: 'sort', column: 'total' });
    expect(asc.sort).toEqual({ column: 'total', direction: 'asc' });
    const desc = viewReducer(asc, { type: 'sort', column: 'total' });
    expect(desc.sort).toEqual({ column: 'total', direction: 'desc' });
    expect(viewReducer(desc, { type: 'sort', column: 'total' }).sort, 'third click restores input order').toBeNull();
    expect(viewReducer(desc, { type: 'sort', column: 'dueAt' }).sort, 'another column starts ascending').toEqual({ column: 'dueAt', direction: 'asc' });
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
    const query = toInvoiceQuery(apply({ type: 'createdFrom', day: '2024-01-01' }, { type: 'createdTo', day: '2024-01-31' }));
    expect(query.createdFrom).toBe(new Date(2024, 0, 1).toISOString());
    expect(query.createdTo, 'half-open range: the next midnight includes Jan 31').toBe(new Date(2024, 1, 1).toISOString());
  });

  it('ignores blank text', () => {
    expect(toInvoiceQuery(apply({ type: 'text', text: '   ' }))).toEqual({ orgs: null });
  });
});

describe('viewKey', () => {
  it('changes with a filter but not with the page', () => {
    const view = apply({ type: 'text', text: 'a' });
    expect(viewKey(view)).toBe(viewKey({ ...view }));
    expect(viewKey(view)).not.toBe(viewKey(viewReducer(view, { type: 'text', text: 'ab' })));
  });
});

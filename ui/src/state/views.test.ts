import { describe, expect, it } from 'vitest';
import { localDayStart } from '../format/dates';
import type { InvoiceQuery, SavedView } from '../types';
import { defaultColumns, moveColumn, toggleColumn } from './columns';
import { INITIAL_VIEW, toInvoiceQuery, viewReducer, type ViewState } from './query';
import {
  canonicalQuery,
  findView,
  fromInvoiceQuery,
  isModified,
  localDayOf,
  normalAmount,
  orgsNote,
  queryToSave,
  sameQuery,
  viewColumns,
} from './views';

const day = (text: string, add = 0) => localDayStart(text, add)!;

/** Queries the window can express, as `toInvoiceQuery` writes them. */
const EXPRESSIBLE: InvoiceQuery[] = [
  { orgs: null },
  { orgs: ['org_acme'] },
  { orgs: null, statuses: ['open', 'uncollectible'], overdueOnly: true, currency: 'EUR' },
  { orgs: ['org_tokyo'], text: 'INV-00', sort: { column: 'total', direction: 'desc' } },
  {
    orgs: null,
    statuses: ['draft', 'paid', 'Disputed', 'in_review'],
    sort: { column: 'dueAt', direction: 'asc' },
  },
  { orgs: null, createdFrom: day('2024-01-01'), createdTo: day('2024-01-31', 1) },
  { orgs: null, dueFrom: day('2024-02-29'), dueTo: day('2024-03-31', 1) },
  // Around the usual daylight-saving changes, and a year end.
  {
    orgs: null,
    createdFrom: day('2024-03-31'),
    createdTo: day('2024-10-27', 1),
    dueFrom: day('2024-12-31'),
    dueTo: day('2024-12-31', 1),
  },
  { orgs: null, createdTo: day('2025-01-01', 1) },
  { orgs: ['org_kuwait'], amountMin: '10', amountMax: '5000.50' },
  { orgs: null, amountMin: '-0.5' },
  { orgs: null, daysOverdueMin: 31, daysOverdueMax: 60 },
  { orgs: ['org_acme'], daysOverdueMin: 91, currency: 'USD' },
];

describe('fromInvoiceQuery', () => {
  it('is the inverse of toInvoiceQuery for every query the window can express', () => {
    for (const query of EXPRESSIBLE)
      expect(toInvoiceQuery(fromInvoiceQuery(query)), JSON.stringify(query)).toEqual(query);
  });

  it('gives back the state a user made, action by action', () => {
    const actions: Parameters<typeof viewReducer>[1][] = [
      { type: 'org', org: 'org_acme' },
      { type: 'text', text: 'acme' },
      { type: 'toggleStatus', status: 'void' },
      { type: 'toggleStatus', status: 'open' },
      { type: 'createdFrom', day: '2024-05-01' },
      { type: 'createdTo', day: '2024-05-31' },
      { type: 'dueFrom', day: '2024-06-01' },
      { type: 'dueTo', day: '2024-06-30' },
      { type: 'amountMin', amount: '1' },
      { type: 'amountMax', amount: '99.99' },
      { type: 'currency', currency: 'USD' },
      { type: 'overdueOnly', on: true },
      { type: 'daysOverdue', min: 16, max: 45 },
      { type: 'sort', column: 'number' },
      { type: 'sort', column: 'number' },
    ];
    const state = actions.reduce(viewReducer, INITIAL_VIEW);
    expect(fromInvoiceQuery(toInvoiceQuery(state))).toEqual(state);
  });

  it('reads a query without filters as the initial state, and drops a page', () => {
    expect(fromInvoiceQuery({})).toEqual(INITIAL_VIEW);
    expect(fromInvoiceQuery({ orgs: [], statuses: [], offset: 100, limit: 50 })).toEqual(
      INITIAL_VIEW,
    );
  });

  it('takes a sort without direction as ascending, as Rust does', () => {
    expect(fromInvoiceQuery({ sort: { column: 'total' } }).sort).toEqual({
      column: 'total',
      direction: 'asc',
    });
  });

  it('widens instants that are not local midnights to the whole local days covering them, and the view shows as modified', () => {
    const from = new Date(2024, 0, 10, 15, 30).toISOString();
    const to = new Date(2024, 0, 20, 6, 0).toISOString();
    const query: InvoiceQuery = { orgs: null, createdFrom: from, createdTo: to, dueTo: to };
    const state = fromInvoiceQuery(query);
    expect(state.filters.createdFrom, 'the day the start falls in').toBe('2024-01-10');
    expect(state.filters.createdTo, 'the day the end falls in is included').toBe('2024-01-20');
    expect(state.filters.dueTo).toBe('2024-01-20');
    const shown = toInvoiceQuery(state);
    expect(Date.parse(shown.createdFrom!)).toBeLessThanOrEqual(Date.parse(from));
    expect(Date.parse(shown.createdTo!)).toBeGreaterThanOrEqual(Date.parse(to));
    expect(isModified({ name: 'Timed', query, columns: [] }, state, defaultColumns())).toBe(true);
  });

  it('shows one organization as that one; several (from bdesk) as all, with a note', () => {
    expect(fromInvoiceQuery({ orgs: ['org_acme'] }).org).toBe('org_acme');
    expect(fromInvoiceQuery({ orgs: ['org_acme', 'org_tokyo'] }).org).toBeNull();
    expect(orgsNote({ orgs: ['org_acme', 'org_tokyo'] })).toBe(2);
    expect(orgsNote({ orgs: ['org_acme'] })).toBeNull();
    expect(orgsNote({ orgs: null })).toBeNull();
    expect(orgsNote({})).toBeNull();
  });
});

describe('localDayOf', () => {
  it('reads local midnights exactly, as a start and as an exclusive end', () => {
    expect(localDayOf(day('2024-02-29'))).toBe('2024-02-29');
    expect(localDayOf(day('2024-02-29', 1), true)).toBe('2024-02-29');
    expect(localDayOf('not a date')).toBe('');
  });
});

describe('saving and comparing', () => {
  const saved = (query: InvoiceQuery, columns: SavedView['columns'] = []): SavedView => ({
    name: 'Overdue EUR',
    query,
    columns,
  });
  const overdueEur: ViewState = fromInvoiceQuery({
    orgs: null,
    overdueOnly: true,
    currency: 'EUR',
  });

  it('compares queries as Rust reads them: instants by value, normalized amounts, empty lists as none', () => {
    const js = {
      orgs: null,
      createdFrom: '2024-01-01T00:00:00.000Z',
      amountMin: '129.50',
      statuses: ['paid', 'open'],
    };
    const rust = {
      createdFrom: '2024-01-01T00:00:00Z',
      amountMin: '129.5',
      statuses: ['open', 'paid'],
      orgs: [],
      sort: null,
    };
    expect(sameQuery(js, rust)).toBe(true);
    expect(
      sameQuery({ sort: { column: 'total' } }, { sort: { column: 'total', direction: 'asc' } }),
    ).toBe(true);
    expect(sameQuery({ currency: 'eur' }, { currency: 'EUR' })).toBe(true);
    expect(sameQuery({ overdueOnly: false }, {})).toBe(true);
    expect(canonicalQuery({ text: 'a' })).not.toBe(canonicalQuery({ text: 'b' }));
  });

  it('normalizes amounts like MajorAmount', () => {
    expect(['10', '010.00', '+10', '129.50', '-0.0', '.5', '-1.250'].map(normalAmount)).toEqual([
      '10',
      '10',
      '10',
      '129.5',
      '0',
      '0.5',
      '-1.25',
    ]);
  });

  it('is not modified while the state and columns are the view, and is once either changes', () => {
    const view = saved({ orgs: null, overdueOnly: true, currency: 'EUR' });
    const columns = viewColumns(view);
    expect(columns, 'no columns saved: the default layout').toEqual(defaultColumns());
    expect(isModified(view, overdueEur, columns)).toBe(false);
    expect(
      isModified(view, viewReducer(overdueEur, { type: 'sort', column: 'total' }), columns),
    ).toBe(true);
    expect(
      isModified(view, viewReducer(overdueEur, { type: 'org', org: 'org_acme' }), columns),
    ).toBe(true);
    expect(
      isModified(view, viewReducer(overdueEur, { type: 'daysOverdue', min: 31, max: 60 }), columns),
      'an aging bucket applied',
    ).toBe(true);
    expect(isModified(view, overdueEur, toggleColumn(columns, 'number'))).toBe(true);
    const moved = moveColumn(columns, 'status', 'left');
    expect(isModified(saved(view.query, moved), overdueEur, moved)).toBe(false);
  });

  it('saves what is on screen, keeping a view’s several organizations while all are shown', () => {
    expect(queryToSave(overdueEur, null)).toEqual({
      orgs: null,
      overdueOnly: true,
      currency: 'EUR',
    });
    const several = saved({ orgs: ['org_acme', 'org_tokyo'], overdueOnly: true, currency: 'EUR' });
    const shown = fromInvoiceQuery(several.query);
    expect(queryToSave(shown, several).orgs).toEqual(['org_acme', 'org_tokyo']);
    expect(
      isModified(several, shown, viewColumns(several)),
      'showing all is how the window shows them',
    ).toBe(false);
    const one = viewReducer(shown, { type: 'org', org: 'org_acme' });
    expect(queryToSave(one, several).orgs, 'picking one organization is a change').toEqual([
      'org_acme',
    ]);
    expect(isModified(several, one, viewColumns(several))).toBe(true);
  });

  it('finds a view by name ignoring case', () => {
    const views = [saved({}), { name: 'Paid', query: {} }];
    expect(findView(views, 'overdue eur')?.name).toBe('Overdue EUR');
    expect(findView(views, 'PAID')?.name).toBe('Paid');
    expect(findView(views, 'Open')).toBeUndefined();
  });
});

describe('the "as of" day', () => {
  it('is sent as the end of the local day, read back as that day, and compared by instant', () => {
    const state = [
      { type: 'asOf', day: '2026-11-30' } as const,
      { type: 'overdueOnly', on: true } as const,
    ].reduce(viewReducer, INITIAL_VIEW);
    const query = toInvoiceQuery(state);
    expect(Date.parse(query.asOf!)).toBe(new Date(2026, 10, 30, 23, 59, 59, 999).getTime());
    expect(fromInvoiceQuery(query)).toEqual(state);
    expect(fromInvoiceQuery(query).asOf).toBe('2026-11-30');
    const saved: SavedView = { name: 'November', query, columns: [] };
    expect(isModified(saved, state, defaultColumns()), 'the round trip is unmodified').toBe(false);
    expect(
      isModified(saved, viewReducer(state, { type: 'asOf', day: '2026-11-29' }), defaultColumns()),
      'another day',
    ).toBe(true);
    expect(
      isModified(saved, viewReducer(state, { type: 'asOf', day: null }), defaultColumns()),
      'now',
    ).toBe(true);
    expect(
      isModified(
        { name: 'Now', query: { orgs: null, overdueOnly: true }, columns: [] },
        state,
        defaultColumns(),
      ),
      'a view without asOf',
    ).toBe(true);
  });

  it('is the same instant whatever its spelling, and absent means now', () => {
    const end = new Date(2026, 10, 30, 23, 59, 59, 999);
    expect(
      sameQuery({ asOf: end.toISOString() }, { asOf: end.toISOString().replace('Z', '+00:00') }),
    ).toBe(true);
    expect(sameQuery({ asOf: null }, {})).toBe(true);
    expect(fromInvoiceQuery({}).asOf).toBeNull();
    expect(toInvoiceQuery(INITIAL_VIEW).asOf, 'not sent for now').toBeUndefined();
  });

  it('reads an instant in the middle of a day as that day (the view then shows as modified), and is kept by Clear filters', () => {
    const query: InvoiceQuery = { asOf: new Date(2026, 10, 30, 12, 0).toISOString() };
    const state = fromInvoiceQuery(query);
    expect(state.asOf).toBe('2026-11-30');
    expect(isModified({ name: 'Noon', query, columns: [] }, state, defaultColumns())).toBe(true);
    expect(viewReducer(state, { type: 'clearFilters' }).asOf).toBe('2026-11-30');
    expect(
      viewReducer(state, { type: 'asOf', day: '' }).asOf,
      'an emptied input is now',
    ).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { ColumnPref } from '../types';
import {
  canMoveColumn,
  COLUMNS,
  mergeColumns,
  moveColumn,
  movedAnnouncement,
  toggleColumn,
  visibleColumns,
} from './columns';

describe('mergeColumns', () => {
  it('takes the table columns, labels and defaults from the core registry', () => {
    expect(COLUMNS.map((column) => column.id)).toEqual([
      'number',
      'id',
      'status',
      'currency',
      'total',
      'amountDue',
      'amountPaid',
      'amountRemaining',
      'createdAt',
      'dueAt',
      'periodStart',
      'periodEnd',
      'daysOverdue',
    ]);
    expect(COLUMNS.filter((column) => column.numeric).map((column) => column.id)).toEqual([
      'total',
      'amountDue',
      'amountPaid',
      'amountRemaining',
      'daysOverdue',
    ]);
    expect(COLUMNS.filter((column) => column.defaultVisible).map((column) => column.label)).toEqual(
      ['Number', 'Status', 'Total', 'Remaining', 'Created', 'Due'],
    );
  });

  it('uses the defaults when nothing is saved', () => {
    const ids = visibleColumns(mergeColumns([])).map((column) => column.id);
    expect(ids).toEqual(
      COLUMNS.filter((column) => column.defaultVisible).map((column) => column.id),
    );
  });

  it('keeps the saved order and visibility, drops unknown ids, appends new columns', () => {
    const merged = mergeColumns([
      { id: 'total', visible: true },
      { id: 'fromTheFuture', visible: true },
      { id: 'number', visible: false },
    ]);
    expect(merged.slice(0, 2)).toEqual([
      { id: 'total', visible: true },
      { id: 'number', visible: false },
    ]);
    expect(
      merged.map((pref) => pref.id),
      'an unknown saved column cannot reach the table',
    ).not.toContain('fromTheFuture');
    expect(merged.length, 'every known column is listed once').toBe(COLUMNS.length);
  });
});

describe('toggleColumn', () => {
  it('flips one column only', () => {
    const before = mergeColumns([]);
    const after = toggleColumn(before, 'id');
    expect(after.find((pref) => pref.id === 'id')?.visible).toBe(true);
    expect(after.filter((pref) => pref.id !== 'id')).toEqual(
      before.filter((pref) => pref.id !== 'id'),
    );
  });
});

/** A list from a compact spec: `+id` shown, `-id` hidden. */
const prefs = (...spec: string[]): ColumnPref[] =>
  spec.map((entry) => ({ id: entry.slice(1), visible: entry.startsWith('+') }));
const order = (list: readonly ColumnPref[]) =>
  list.map((pref) => `${pref.visible ? '+' : '-'}${pref.id}`);

describe('moveColumn', () => {
  it('swaps a column with its shown neighbour, either way', () => {
    const list = prefs('+number', '+status', '+total');
    expect(order(moveColumn(list, 'status', 'left'))).toEqual(['+status', '+number', '+total']);
    expect(order(moveColumn(list, 'status', 'right'))).toEqual(['+number', '+total', '+status']);
  });

  it('passes hidden columns in between, so every move changes the table, and they keep their order', () => {
    const list = prefs('+createdAt', '-periodStart', '-periodEnd', '+dueAt');
    expect(order(moveColumn(list, 'dueAt', 'left'))).toEqual([
      '+dueAt',
      '+createdAt',
      '-periodStart',
      '-periodEnd',
    ]);
    expect(order(moveColumn(list, 'createdAt', 'right'))).toEqual([
      '-periodStart',
      '-periodEnd',
      '+dueAt',
      '+createdAt',
    ]);
    expect(
      visibleColumns(moveColumn(list, 'dueAt', 'left')).map((column) => column.id),
      'the table shows the two columns swapped',
    ).toEqual(['dueAt', 'createdAt']);
  });

  it('moves a hidden column past the nearest shown one, where it will appear once shown', () => {
    const list = prefs('+number', '-id', '+status', '+total');
    const moved = moveColumn(list, 'id', 'right');
    expect(order(moved)).toEqual(['+number', '+status', '-id', '+total']);
    expect(visibleColumns(toggleColumn(moved, 'id')).map((column) => column.id)).toEqual([
      'number',
      'status',
      'id',
      'total',
    ]);
  });

  it('leaves the list as it is at either end, or for an unknown id, and never changes the input', () => {
    const list = prefs('-id', '+number', '+status', '-currency');
    const before = order(list);
    expect(
      order(moveColumn(list, 'number', 'left')),
      'only hidden columns are on its left',
    ).toEqual(before);
    expect(order(moveColumn(list, 'status', 'right'))).toEqual(before);
    expect(order(moveColumn(list, 'nope', 'left'))).toEqual(before);
    moveColumn(list, 'status', 'left');
    expect(order(list), 'the caller keeps its list').toEqual(before);
  });

  it('keeps every column exactly once over any run of moves', () => {
    let list = mergeColumns([]);
    const ids = list.map((pref) => pref.id);
    for (let step = 0; step < 200; step++) {
      const id = ids[(step * 7) % ids.length]!;
      list = moveColumn(list, id, step % 3 === 0 ? 'right' : 'left');
    }
    expect([...list.map((pref) => pref.id)].sort()).toEqual([...ids].sort());
    expect(list.filter((pref) => pref.visible).length, 'moves never show or hide a column').toBe(
      mergeColumns([]).filter((pref) => pref.visible).length,
    );
  });
});

describe('canMoveColumn', () => {
  it('is true only when a shown column is on that side', () => {
    const list = prefs('-id', '+number', '+status', '-currency');
    expect(canMoveColumn(list, 'number', 'left')).toBe(false);
    expect(canMoveColumn(list, 'number', 'right')).toBe(true);
    expect(canMoveColumn(list, 'status', 'right')).toBe(false);
    expect(
      canMoveColumn(list, 'currency', 'left'),
      'a hidden column can move past shown ones',
    ).toBe(true);
    expect(canMoveColumn(list, 'nope', 'left')).toBe(false);
  });
});

describe('movedAnnouncement', () => {
  it('names the shown column the moved one now follows, or precedes when it comes first', () => {
    expect(movedAnnouncement(prefs('+number', '+dueAt', '+createdAt'), 'dueAt')).toBe(
      'Due now comes after Number.',
    );
    expect(movedAnnouncement(prefs('-id', '+dueAt', '+createdAt'), 'dueAt')).toBe(
      'Due now comes before Created.',
    );
    expect(movedAnnouncement(prefs('+number', '-id'), 'id')).toBe(
      'Invoice ID (hidden) now comes after Number.',
    );
  });
});

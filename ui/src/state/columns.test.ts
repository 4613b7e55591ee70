import { describe, expect, it } from 'vitest';
import { COLUMNS, mergeColumns, toggleColumn, visibleColumns } from './columns';

describe('mergeColumns', () => {
  it('uses the defaults when nothing is saved', () => {
    const ids = visibleColumns(mergeColumns([])).map((column) => column.id);
    expect(ids).toEqual(COLUMNS.filter((column) => column.defaultVisible).map((column) => column.id));
  });

  it("keeps the saved order and visibility, drops unknown ids, appends new columns", () => {
    const merged = mergeColumns([
      { id: 'total', visible: true },
      { id: 'fromTheFuture', visible: true },
      { id: 'number', visible: false },
    ]);
    expect(merged.slice(0, 2)).toEqual([
      { id: 'total', visible: true },
      { id: 'number', visible: false },
    ]);
    expect(merged.map((pref) => pref.id), 'an unknown saved column cannot reach the table').not.toContain('fromTheFuture');
    expect(merged.length, 'every known column is listed once').toBe(COLUMNS.length);
  });
});

describe('toggleColumn', () => {
  it('flips one column only', () => {
    const before = mergeColumns([]);
    const after = toggleColumn(before, 'id');
    expect(after.find((pref) => pref.id === 'id')?.visible).toBe(true);
    expect(after.filter((pref) => pref.id !== 'id')).toEqual(before.filter((pref) => pref.id !== 'id'));
  });
});

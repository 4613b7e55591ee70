import { describe, expect, it } from 'vitest';
import {
  clampPos,
  headerCol,
  HEADER_ROW,
  nextCell,
  type GridPos,
  type GridShape,
  type NavKey,
} from './gridNav';

/** 100k rows; Organization, Number, Status, Total (cols 0..3), then Open, PDF, Copy, Download (4..7). */
const SHAPE: GridShape = { rows: 100_000, cols: 8, headerCols: 5, pageRows: 20 };
const ACTIONS = 4;

const press = (key: string, mods: Partial<NavKey> = {}): NavKey => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const move = (from: GridPos, key: NavKey, shape = SHAPE) => nextCell(from, key, shape);

describe('nextCell', () => {
  it('moves one cell with each arrow', () => {
    const from = { row: 10, col: 2 };
    expect(move(from, press('ArrowRight'))).toEqual({ row: 10, col: 3 });
    expect(move(from, press('ArrowLeft'))).toEqual({ row: 10, col: 1 });
    expect(move(from, press('ArrowDown'))).toEqual({ row: 11, col: 2 });
    expect(move(from, press('ArrowUp'))).toEqual({ row: 9, col: 2 });
  });

  it('stays at the edges instead of wrapping', () => {
    expect(move({ row: 5, col: 0 }, press('ArrowLeft'))).toEqual({ row: 5, col: 0 });
    expect(move({ row: 5, col: 7 }, press('ArrowRight'))).toEqual({ row: 5, col: 7 });
    expect(move({ row: 99_999, col: 3 }, press('ArrowDown'))).toEqual({ row: 99_999, col: 3 });
    expect(move({ row: HEADER_ROW, col: 3 }, press('ArrowUp'))).toEqual({
      row: HEADER_ROW,
      col: 3,
    });
  });

  it('walks through the row actions as cells of their own', () => {
    expect(
      move({ row: 3, col: 3 }, press('ArrowRight')),
      'from the last data column to Open',
    ).toEqual({ row: 3, col: ACTIONS });
    expect(move({ row: 3, col: ACTIONS + 1 }, press('ArrowRight')), 'from PDF to Copy').toEqual({
      row: 3,
      col: ACTIONS + 2,
    });
  });

  it('goes up from the first row into the header and keeps the column for the way back', () => {
    const header = move({ row: 0, col: ACTIONS + 2 }, press('ArrowUp'));
    expect(header, 'the header row; the column is remembered').toEqual({
      row: HEADER_ROW,
      col: ACTIONS + 2,
    });
    expect(headerCol(header!.col, SHAPE), 'which is the one Actions header').toBe(ACTIONS);
    expect(move(header!, press('ArrowDown')), 'back down to Copy, not to Open').toEqual({
      row: 0,
      col: ACTIONS + 2,
    });
  });

  it('moves across the header by its own cells', () => {
    expect(
      move({ row: HEADER_ROW, col: ACTIONS + 2 }, press('ArrowLeft')),
      'left of Actions is Total',
    ).toEqual({ row: HEADER_ROW, col: 3 });
    expect(move({ row: HEADER_ROW, col: 3 }, press('ArrowRight'))).toEqual({
      row: HEADER_ROW,
      col: ACTIONS,
    });
    expect(
      move({ row: HEADER_ROW, col: ACTIONS }, press('ArrowRight')),
      'Actions is the last header cell',
    ).toEqual({ row: HEADER_ROW, col: ACTIONS });
    expect(move({ row: HEADER_ROW, col: 2 }, press('End'))).toEqual({
      row: HEADER_ROW,
      col: ACTIONS,
    });
  });

  it('Home and End go to the ends of the row', () => {
    expect(move({ row: 40, col: 5 }, press('Home'))).toEqual({ row: 40, col: 0 });
    expect(move({ row: 40, col: 1 }, press('End'))).toEqual({ row: 40, col: 7 });
  });

  it('Ctrl+Home and Ctrl+End go to the first and the last invoice of the whole view', () => {
    expect(move({ row: 500, col: 5 }, press('Home', { ctrlKey: true }))).toEqual({
      row: 0,
      col: 0,
    });
    expect(
      move({ row: 500, col: 1 }, press('End', { ctrlKey: true })),
      'row 100,000, far past the rendered ones',
    ).toEqual({ row: 99_999, col: 7 });
    expect(move({ row: 5, col: 1 }, press('End', { metaKey: true })), 'Cmd on macOS').toEqual({
      row: 99_999,
      col: 7,
    });
  });

  it('PageDown and PageUp move a screenful, stopping at the first and last invoice', () => {
    expect(move({ row: 10, col: 2 }, press('PageDown'))).toEqual({ row: 30, col: 2 });
    expect(move({ row: 99_990, col: 2 }, press('PageDown'))).toEqual({ row: 99_999, col: 2 });
    expect(move({ row: 30, col: 2 }, press('PageUp'))).toEqual({ row: 10, col: 2 });
    expect(move({ row: 5, col: 2 }, press('PageUp')), 'not into the header').toEqual({
      row: 0,
      col: 2,
    });
    expect(move({ row: HEADER_ROW, col: 2 }, press('PageUp'))).toEqual({ row: HEADER_ROW, col: 2 });
    expect(
      move({ row: HEADER_ROW, col: 2 }, press('PageDown')),
      'from the header, a screenful down',
    ).toEqual({ row: 19, col: 2 });
  });

  it('keeps to the header when the view has no rows', () => {
    const empty = { ...SHAPE, rows: 0 };
    for (const key of [
      press('ArrowDown'),
      press('PageDown'),
      press('Home', { ctrlKey: true }),
      press('End', { ctrlKey: true }),
    ]) {
      expect(move({ row: HEADER_ROW, col: 1 }, key, empty)?.row, key.key).toBe(HEADER_ROW);
    }
  });

  it('starts from the nearest cell that still exists after the view shrank', () => {
    expect(move({ row: 5_000, col: 2 }, press('ArrowUp'), { ...SHAPE, rows: 10 })).toEqual({
      row: 8,
      col: 2,
    });
  });

  it('leaves every other key, and arrows with Shift or Alt, to others', () => {
    expect(move({ row: 1, col: 1 }, press('a'))).toBeNull();
    expect(move({ row: 1, col: 1 }, press('Enter'))).toBeNull();
    expect(move({ row: 1, col: 1 }, press('Tab'))).toBeNull();
    expect(move({ row: 1, col: 1 }, press('ArrowDown', { shiftKey: true }))).toBeNull();
    expect(
      move({ row: 1, col: 1 }, press('ArrowLeft', { altKey: true })),
      'Alt+Left is "back" in some shells',
    ).toBeNull();
    expect(move({ row: 1, col: 1 }, press('ArrowDown', { ctrlKey: true }))).toBeNull();
  });
});

describe('clampPos', () => {
  it('pulls a position into a smaller grid, the header included', () => {
    expect(clampPos({ row: 70, col: 9 }, { ...SHAPE, rows: 40, cols: 6 })).toEqual({
      row: 39,
      col: 5,
    });
    expect(clampPos({ row: 3, col: 2 }, { ...SHAPE, rows: 0 })).toEqual({
      row: HEADER_ROW,
      col: 2,
    });
  });
});

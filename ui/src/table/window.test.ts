import { describe, expect, it } from 'vitest';
import { blockFor, covers, scrollHeight, visibleRange } from './window';

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan on each side', () => {
    // 10 rows of 36px fit in 360px; at row 100 with an overscan of 6.
    expect(visibleRange(3600, 360, 100_000, 36, 6)).toEqual({ start: 94, end: 116 });
  });

  it('stays inside the rows at the top', () => {
    expect(visibleRange(0, 360, 100_000, 36, 6)).toEqual({ start: 0, end: 16 });
  });

  it('stays inside the rows at the bottom, even when scrolled past the end', () => {
    const range = visibleRange(100_000 * 36, 360, 100_000, 36, 6);
    expect(range.end, 'never past the last row').toBe(100_000);
    expect(range.start).toBe(100_000 - 1 - 6);
  });

  it('counts a partly visible row', () => {
    expect(visibleRange(18, 36, 100, 36, 0), 'rows 0 and 1 are both partly in view').toEqual({ start: 0, end: 2 });
  });

  it('is empty when nothing matches', () => {
    expect(visibleRange(500, 360, 0)).toEqual({ start: 0, end: 0 });
  });

  it('renders a bounded number of rows however many match', () => {
    const few = visibleRange(500 * 36, 720, 1_000);
    const many = visibleRange(50_000 * 36, 720, 100_000);
    expect(many.end - many.start, 'the window does not grow with the row count').toBe(few.end - few.start);
  });
});

describe('blockFor', () => {
  it('widens the range by the pad each side', () => {
    expect(blockFor({ start: 100, end: 120 }, 100_000, 40)).toEqual({ offset: 60, limit: 100 });
  });

  it('clamps at both ends', () => {
    expect(blockFor({ start: 0, end: 16 }, 100_000, 40)).toEqual({ offset: 0, limit: 56 });
    expect(blockFor({ start: 99_990, end: 100_000 }, 100_000, 40)).toEqual({ offset: 99_950, limit: 50 });
  });

  it('asks for something before the row count is known', () => {
    expect(blockFor({ start: 0, end: 16 }, 0, 40).limit, 'the first query learns the count').toBeGreaterThan(0);
  });
});

describe('covers', () => {
  it('is true only when every row of the range is held', () => {
    expect(covers({ offset: 60, count: 100 }, { start: 100, end: 120 })).toBe(true);
    expect(covers({ offset: 60, count: 100 }, { start: 150, end: 170 }), 'rows 160..169 are missing').toBe(false);
    expect(covers(null, { start: 0, end: 1 })).toBe(false);
    expect(covers(null, { start: 0, end: 0 }), 'an empty range needs nothing').toBe(true);
  });
});

describe('scrollHeight', () => {
  it('is rows times the row height', () => {
    expect(scrollHeight(100_000, 36)).toBe(3_600_000);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ariaRowIndex,
  blockFor,
  covers,
  rowOfAriaIndex,
  rowsPerPage,
  scrollHeight,
  scrollToReveal,
  visibleRange,
} from './window';

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
    expect(visibleRange(18, 36, 100, 36, 0), 'rows 0 and 1 are both partly in view').toEqual({
      start: 0,
      end: 2,
    });
  });

  it('is empty when nothing matches', () => {
    expect(visibleRange(500, 360, 0)).toEqual({ start: 0, end: 0 });
  });

  it('renders a bounded number of rows however many match', () => {
    const few = visibleRange(500 * 36, 720, 1_000);
    const many = visibleRange(50_000 * 36, 720, 100_000);
    expect(many.end - many.start, 'the window does not grow with the row count').toBe(
      few.end - few.start,
    );
  });
});

describe('blockFor', () => {
  it('widens the range by the pad each side', () => {
    expect(blockFor({ start: 100, end: 120 }, 100_000, 40)).toEqual({ offset: 60, limit: 100 });
  });

  it('clamps at both ends', () => {
    expect(blockFor({ start: 0, end: 16 }, 100_000, 40)).toEqual({ offset: 0, limit: 56 });
    expect(blockFor({ start: 99_990, end: 100_000 }, 100_000, 40)).toEqual({
      offset: 99_950,
      limit: 50,
    });
  });

  it('asks for something before the row count is known', () => {
    expect(
      blockFor({ start: 0, end: 16 }, 0, 40).limit,
      'the first query learns the count',
    ).toBeGreaterThan(0);
  });
});

describe('covers', () => {
  it('is true only when every row of the range is held', () => {
    expect(covers({ offset: 60, count: 100 }, { start: 100, end: 120 })).toBe(true);
    expect(
      covers({ offset: 60, count: 100 }, { start: 150, end: 170 }),
      'rows 160..169 are missing',
    ).toBe(false);
    expect(covers(null, { start: 0, end: 1 })).toBe(false);
    expect(covers(null, { start: 0, end: 0 }), 'an empty range needs nothing').toBe(true);
  });
});

describe('scrollHeight', () => {
  it('is rows times the row height', () => {
    expect(scrollHeight(100_000, 36)).toBe(3_600_000);
  });
});

describe('ariaRowIndex', () => {
  it('numbers rows by their place in the whole view, the header being row 1', () => {
    expect(ariaRowIndex(0), 'the first invoice is the second row').toBe(2);
    expect(ariaRowIndex(99_999), 'the last of 100k, as aria-rowcount 100,001 counts it').toBe(
      100_001,
    );
    expect(rowOfAriaIndex(1), 'the header').toBe(-1);
  });

  it('gives each rendered row of a scrolled window its own place, not its place in the DOM', () => {
    // Scrolled half way through 100k rows: the first rendered row is row 49,994 of the view.
    const range = visibleRange(50_000 * 36, 720, 100_000);
    const indices = Array.from({ length: range.end - range.start }, (_, i) =>
      ariaRowIndex(range.start + i),
    );
    expect(indices[0]).toBe(49_996);
    expect(
      indices.every((index, i) => i === 0 || index === indices[i - 1]! + 1),
      'consecutive',
    ).toBe(true);
    expect(indices.map(rowOfAriaIndex), 'and back to the rows').toEqual(
      Array.from({ length: indices.length }, (_, i) => range.start + i),
    );
  });
});

describe('rowsPerPage', () => {
  it('counts whole rows in the body viewport, at least one', () => {
    expect(rowsPerPage(720, 36)).toBe(20);
    expect(rowsPerPage(730, 36), 'a partly visible row is not a whole one').toBe(20);
    expect(rowsPerPage(0, 36)).toBe(1);
  });
});

describe('scrollToReveal', () => {
  it('leaves the scroll alone when the row is in view', () => {
    expect(scrollToReveal(12, 360, 360, 36)).toBe(360);
  });

  it('brings a row below the view up to the bottom edge, and one above down to the top edge', () => {
    expect(scrollToReveal(30, 0, 360, 36), 'row 30 ends at 1116 px').toBe(31 * 36 - 360);
    expect(scrollToReveal(2, 3600, 360, 36)).toBe(72);
  });

  it('reaches rows far past the rendered window', () => {
    expect(scrollToReveal(99_999, 0, 720, 36)).toBe(100_000 * 36 - 720);
  });

  it('shows a partly hidden row whole', () => {
    expect(
      scrollToReveal(10, 370, 360, 36),
      'row 10 starts at 360, above a view scrolled to 370',
    ).toBe(360);
  });
});

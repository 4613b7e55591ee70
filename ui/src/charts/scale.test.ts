import { describe, expect, it } from 'vitest';
import {
  monthColumnLabel,
  monthDueRange,
  monthLong,
  monthShort,
  niceMax,
  scaled,
  ticks,
} from './scale';

describe('niceMax', () => {
  it('rounds up to 1, 2, 2.5 or 5 × 10^k major units, in minor units of the exponent', () => {
    expect(niceMax(0, 2)).toBe(0);
    expect(niceMax(50, 2), 'at least one major unit').toBe(100);
    expect(niceMax(123_456, 2)).toBe(200_000);
    expect(niceMax(2_100_00, 2)).toBe(2_500_00);
    expect(niceMax(4_000_00, 2)).toBe(5_000_00);
    expect(niceMax(5_000_00, 2), 'an exact step stays').toBe(5_000_00);
    expect(niceMax(7_500, 0), 'yen: no decimals').toBe(10_000);
    expect(niceMax(1_234, 3), 'three decimals').toBe(2_000);
  });

  it('gives ticks at 0, half and the top, and scales values into a span', () => {
    expect(ticks(0)).toEqual([0]);
    expect(ticks(200_000)).toEqual([0, 100_000, 200_000]);
    expect(scaled(50, 200, 100)).toBe(25);
    expect(scaled(500, 200, 100), 'clamped').toBe(100);
    expect(scaled(5, 0, 100), 'empty axis').toBe(0);
  });
});

describe('month labels', () => {
  it('names months short and long, and leaves other text alone', () => {
    expect(monthShort('2026-01', 'en-US')).toBe('Jan');
    expect(monthShort('2026-12', 'en-US')).toBe('Dec');
    expect(monthLong('2026-03', 'en-US')).toBe('March 2026');
    expect(monthShort('soon', 'en-US')).toBe('soon');
  });

  it('gives the due range of a month as the inputs hold it (last day inclusive)', () => {
    expect(monthDueRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthDueRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthDueRange('2025-12')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(monthDueRange('x')).toBeNull();
  });

  it('names a column with both amounts in its currency', () => {
    expect(monthColumnLabel('2026-03', 123_400, 50_000, 'EUR', 2, 'en-US')).toBe(
      'March 2026: €1,234.00 overdue, €500.00 not yet due',
    );
    expect(monthColumnLabel('2026-03', 1_500, 0, 'JPY', 0, 'en-US')).toBe(
      'March 2026: ¥1,500 overdue, ¥0 not yet due',
    );
  });
});

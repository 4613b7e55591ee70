import { describe, expect, it } from 'vitest';
import { nextStop } from './tabbable';

describe('nextStop', () => {
  it('moves one stop either way', () => {
    expect(nextStop(1, 4, false)).toBe(2);
    expect(nextStop(1, 4, true)).toBe(0);
  });

  it('wraps from the last stop to the first and back, so the focus stays inside', () => {
    expect(nextStop(3, 4, false)).toBe(0);
    expect(nextStop(0, 4, true)).toBe(3);
  });

  it('enters at the near end from outside, and has nowhere to go without stops', () => {
    expect(nextStop(-1, 4, false)).toBe(0);
    expect(nextStop(-1, 4, true)).toBe(3);
    expect(nextStop(0, 0, false)).toBe(-1);
  });

  it('keeps a single stop', () => {
    expect(nextStop(0, 1, false)).toBe(0);
    expect(nextStop(0, 1, true)).toBe(0);
  });
});

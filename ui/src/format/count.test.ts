import { describe, expect, it } from 'vitest';
import { formatCount } from './count';

describe('formatCount', () => {
  it("groups digits the locale's way, each locale with its own formatter", () => {
    expect(formatCount(1234567, 'en-US')).toBe('1,234,567');
    expect(formatCount(1234567, 'de-DE')).toBe('1.234.567');
    // Asked again after another locale: the kept formatter of the first still answers.
    expect(formatCount(1000, 'en-US')).toBe('1,000');
  });
});

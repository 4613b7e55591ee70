import { describe, expect, it } from 'vitest';
import { schemeFor } from './scheme';

describe('schemeFor', () => {
  it('follows the OS for "system"', () => {
    expect(schemeFor('system', true)).toBe('dark');
    expect(schemeFor('system', false)).toBe('light');
  });

  it('shows a chosen theme whatever the OS asks for', () => {
    expect(schemeFor('dark', false)).toBe('dark');
    expect(schemeFor('light', true)).toBe('light');
  });
});

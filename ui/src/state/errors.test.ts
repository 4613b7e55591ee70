import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../ipc';
import { errorAdvice } from './errors';

describe('errorAdvice', () => {
  it('has a title for every code Rust can send', () => {
    expect(ALL_ERROR_CODES.length, 'the contract lists 15 codes').toBe(15);
    for (const code of ALL_ERROR_CODES) {
      expect(errorAdvice(code).title, `${code} needs a heading`).not.toBe('');
    }
  });

  it('offers the token form for a missing or refused token only', () => {
    const withToken = ALL_ERROR_CODES.filter((code) => errorAdvice(code).fix === 'token').sort();
    expect(withToken).toEqual(['noToken', 'unauthorized']);
    expect(errorAdvice('noToken').title).toBe('Set token');
    expect(errorAdvice('unauthorized').title).toBe('Check the token');
  });
});

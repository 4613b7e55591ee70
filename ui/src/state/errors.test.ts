import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../ipc';
import { errorAdvice, offersConnections } from './errors';

describe('errorAdvice', () => {
  it('has a title for every code Rust can send', () => {
    expect(ALL_ERROR_CODES.length, 'the contract lists 17 codes').toBe(17);
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

  it('sends a token, keyring or network problem to the Connections screen, and nothing else', () => {
    const toConnections = ALL_ERROR_CODES.filter(offersConnections).sort();
    expect(toConnections, 'the fix of these is a connection’s token or address').toEqual([
      'keyring',
      'network',
      'noToken',
      'unauthorized',
    ]);
    expect(
      errorAdvice('keyring').fix,
      'a keyring problem is not solved by typing a token into the banner',
    ).toBe('connection');
    expect(errorAdvice('network').fix).toBe('connection');
  });

  it('does not send invalid input there: the code also covers organization IDs and filters', () => {
    expect(offersConnections('invalidInput')).toBe(false);
    expect(
      offersConnections('ipc'),
      'a request that never reached Rust is not a connection problem',
    ).toBe(false);
  });
});

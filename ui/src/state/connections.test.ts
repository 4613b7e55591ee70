import { describe, expect, it } from 'vitest';
import {
  agingBucketsText,
  archiveDirText,
  archiveDirValue,
  checkText,
  parseWholeNumber,
  tokenStateText,
  wholeNumberText,
} from './connections';

describe('tokenStateText', () => {
  it('names each state the keyring can be in', () => {
    expect(tokenStateText('stored')).toBe('Token stored');
    expect(tokenStateText('missing')).toBe('No token');
    expect(
      tokenStateText('unknown'),
      'the keyring could not be asked: not the same as no token',
    ).toBe('Keyring unavailable');
  });
});

describe('parseWholeNumber', () => {
  it('reads blank as the default', () => {
    expect(parseWholeNumber('')).toEqual({ ok: true, value: null });
    expect(parseWholeNumber('   ')).toEqual({ ok: true, value: null });
  });

  it('reads digits, ignoring spaces around them', () => {
    expect(parseWholeNumber('30')).toEqual({ ok: true, value: 30 });
    expect(parseWholeNumber(' 8 ')).toEqual({ ok: true, value: 8 });
  });

  it('passes 0 on, so Rust says which range is allowed', () => {
    expect(parseWholeNumber('0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses anything that is not a whole number', () => {
    for (const text of ['2.5', '-1', '1e3', '30s', 'ten', '+4', '0x10']) {
      expect(parseWholeNumber(text), `"${text}" is not a whole number`).toEqual({ ok: false });
    }
  });

  it('caps a huge number at what the command carries, so it still reaches Rust’s range check', () => {
    expect(parseWholeNumber('99999999999999999999')).toEqual({ ok: true, value: 4_294_967_295 });
  });
});

describe('wholeNumberText', () => {
  it('shows the default as blank', () => {
    expect(wholeNumberText(null)).toBe('');
    expect(wholeNumberText(45)).toBe('45');
  });
});

describe('checkText', () => {
  it('gives the counts and the organization tested', () => {
    expect(checkText({ orgId: 'org_acme', invoices: 40, paymentMethods: 3 })).toBe(
      'OK: 40 invoices, 3 payment methods in org_acme',
    );
  });
});

describe('archiveDirText', () => {
  const DEFAULT = '/home/me/.local/share/billing-desk/pdfs/connections/Production';
  it('is blank while the default folder is in use, so the placeholder shows it', () => {
    expect(archiveDirText({ archiveDir: DEFAULT, defaultArchiveDir: DEFAULT })).toBe('');
  });
  it('shows a folder of its own', () => {
    expect(archiveDirText({ archiveDir: '/srv/invoices', defaultArchiveDir: DEFAULT })).toBe(
      '/srv/invoices',
    );
  });
});

describe('agingBucketsText', () => {
  it('is blank while the default buckets are in use, and lists a scale of its own', () => {
    expect(agingBucketsText(undefined)).toBe('');
    expect(agingBucketsText([15, 45])).toBe('15, 45');
  });
});

describe('archiveDirValue', () => {
  it('sends blank as null, the default folder', () => {
    expect(archiveDirValue('')).toBeNull();
    expect(archiveDirValue('   ')).toBeNull();
  });
  it('sends a path without the spaces around it, relative or not: Rust judges it', () => {
    expect(archiveDirValue(' /srv/invoices ')).toBe('/srv/invoices');
    expect(archiveDirValue('invoices')).toBe('invoices');
  });
});

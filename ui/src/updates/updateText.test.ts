import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../types';
import {
  downloadShare,
  formatBytes,
  offeredVersion,
  offersCheck,
  updateBusy,
  updateSentence,
} from './updateText';

const SERVER = 'https://updates.example.com';
const at = { locale: 'en-GB', timeZone: 'Europe/Berlin' };

/** One status of each kind, so the rules below are checked against all of them. */
const EVERY: UpdateStatus[] = [
  { state: 'notConfigured' },
  { state: 'off', reason: 'turned off by IT in /etc/billing-desk/policy.toml' },
  { state: 'notChecked', server: SERVER },
  { state: 'checking', server: SERVER },
  { state: 'upToDate', server: SERVER, checked: '2025-06-01T00:00:00Z' },
  { state: 'available', version: '9.0.0', notes: null },
  { state: 'downloading', version: '9.0.0', received: 0, total: null },
  { state: 'verified', version: '9.0.0', installable: true },
  {
    state: 'failed',
    message:
      'The update server https://updates.example.com could not be reached: connection refused.',
  },
];

describe('updateSentence', () => {
  it('says each status in the words the real-window tests read', () => {
    expect(EVERY.map((status) => updateSentence(status, at))).toEqual([
      'Updates are not part of this build: install new versions with your package manager.',
      'Update checks are off: turned off by IT in /etc/billing-desk/policy.toml.',
      'Not checked yet (https://updates.example.com).',
      'Checking https://updates.example.com for updates…',
      'Billing Desk is up to date (checked https://updates.example.com at 1 Jun 2025, 02:00).',
      'Version 9.0.0 is available.',
      'Downloading version 9.0.0… 0 KB',
      'Version 9.0.0 is downloaded and its signature verified.',
      'The update server https://updates.example.com could not be reached: connection refused.',
    ]);
  });

  it('tells a copy that is not a package to use the package manager', () => {
    expect(updateSentence({ state: 'verified', version: '9.0.0', installable: false })).toBe(
      'Version 9.0.0 is downloaded and its signature verified. This copy was not installed from a package: install it with your package manager.',
    );
  });

  it('ends an off reason with one full stop', () => {
    expect(updateSentence({ state: 'off', reason: 'BDESK_UPDATES=off is set.' })).toBe(
      'Update checks are off: BDESK_UPDATES=off is set.',
    );
  });

  it('shows the check time in the user’s time zone, and an unreadable time as sent', () => {
    const status = (checked: string): UpdateStatus => ({
      state: 'upToDate',
      server: SERVER,
      checked,
    });
    expect(
      updateSentence(status('2025-06-01T00:00:00Z'), {
        locale: 'en-US',
        timeZone: 'America/New_York',
      }),
    ).toBe(
      'Billing Desk is up to date (checked https://updates.example.com at May 31, 2025, 8:00 PM).',
    );
    expect(updateSentence(status('yesterday'), at)).toBe(
      'Billing Desk is up to date (checked https://updates.example.com at yesterday).',
    );
  });

  it('counts a download in percent when its size is known, else in bytes', () => {
    const downloading = (received: number, total: number | null): UpdateStatus => ({
      state: 'downloading',
      version: '9.0.0',
      received,
      total,
    });
    expect(updateSentence(downloading(512 * 1024, 2 * 1024 * 1024), at)).toBe(
      'Downloading version 9.0.0… 25%',
    );
    expect(updateSentence(downloading(3_500_000, null), at)).toBe(
      'Downloading version 9.0.0… 3.3 MB',
    );
  });
});

describe('downloadShare and formatBytes', () => {
  it('round the percentage down and never past 100', () => {
    expect(downloadShare(999, 1000)).toBe('99%');
    expect(downloadShare(1000, 1000)).toBe('100%');
    expect(downloadShare(1200, 1000), 'a server that said too little').toBe('100%');
  });

  it('take a size of 0 as unknown', () => {
    expect(downloadShare(2048, 0, 'en-US')).toBe('2 KB');
  });

  it('write KB below a megabyte and MB with one decimal above, in the locale', () => {
    expect(formatBytes(0, 'en-US')).toBe('0 KB');
    expect(formatBytes(700 * 1024, 'en-US')).toBe('700 KB');
    expect(formatBytes(1024 * 1024, 'en-US')).toBe('1 MB');
    expect(formatBytes(12.25 * 1024 * 1024, 'de-DE')).toBe('12,3 MB');
  });
});

describe('what each status offers', () => {
  it('offers a check unless updates are not part of the build or off', () => {
    expect(EVERY.filter(offersCheck).map((status) => status.state)).toEqual([
      'notChecked',
      'checking',
      'upToDate',
      'available',
      'downloading',
      'verified',
      'failed',
    ]);
  });

  it('makes the buttons wait while checking or downloading', () => {
    expect(EVERY.filter(updateBusy).map((status) => status.state)).toEqual([
      'checking',
      'downloading',
    ]);
  });

  it('puts a version in the header when one is available or downloaded', () => {
    expect(EVERY.map(offeredVersion)).toEqual([
      null,
      null,
      null,
      null,
      null,
      '9.0.0',
      null,
      '9.0.0',
      null,
    ]);
    expect(offeredVersion(null)).toBeNull();
  });
});

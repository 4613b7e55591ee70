import { describe, expect, it } from 'vitest';
import type { OrgStatus, Settings } from '../types';
import {
  failedOrgs,
  labelFromInput,
  orgName,
  savedLabel,
  splitOrgIds,
  staleSince,
  stateLabel,
} from './orgs';

const org = (patch: Partial<OrgStatus>): OrgStatus => ({
  orgId: 'org_1',
  label: null,
  state: 'fresh',
  fetchedAt: null,
  invoices: 0,
  paymentMethods: 0,
  refused: false,
  error: null,
  ...patch,
});

describe('splitOrgIds', () => {
  it('splits on whitespace, commas and semicolons like Rust', () => {
    expect(splitOrgIds(' org_1, org_2;org_3\norg_4\t\n')).toEqual([
      'org_1',
      'org_2',
      'org_3',
      'org_4',
    ]);
    expect(splitOrgIds('   ')).toEqual([]);
  });
});

describe('orgName', () => {
  it('prefers a label and falls back to the ID', () => {
    expect(orgName({ orgId: 'org_1', label: 'ACME' })).toBe('ACME');
    expect(orgName({ orgId: 'org_1', label: ' ' })).toBe('org_1');
  });
});

describe('staleSince', () => {
  const NOW = Date.parse('2024-05-03T13:00:00Z');
  const UTC = { locale: 'en-US', timeZone: 'UTC' } as const;
  /** Intl puts narrow no-break spaces before AM/PM; the tests read plain spaces. */
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

  it('is null when all data is fresh', () => {
    expect(staleSince([org({ fetchedAt: '2024-05-01T10:00:00Z' })], NOW)).toBeNull();
  });

  it('gives the age of the oldest cached or failed-with-data fetch, with its exact time on hover', () => {
    const age = staleSince(
      [
        org({ state: 'cached', fetchedAt: '2024-05-03T10:00:00Z' }),
        org({
          state: 'failed',
          fetchedAt: '2024-05-01T10:00:00Z',
          error: { code: 'network', message: 'x' },
        }),
        org({ state: 'failed', fetchedAt: null, error: { code: 'network', message: 'x' } }),
      ],
      NOW,
      UTC,
    );
    expect(age?.since, 'the oldest data on screen is what the user must know about').toBe(
      '2024-05-01T10:00:00Z',
    );
    expect(age?.text).toBe('2 days ago');
    expect(plain(age?.title ?? '')).toBe('May 1, 2024, 10:00 AM');
  });

  it('says the age in hours, then the date once it is a month old', () => {
    expect(
      staleSince([org({ state: 'cached', fetchedAt: '2024-05-03T10:00:00Z' })], NOW, UTC)?.text,
    ).toBe('3 h ago');
    expect(
      staleSince([org({ state: 'cached', fetchedAt: '2024-03-01T10:00:00Z' })], NOW, UTC)?.text,
    ).toBe('on Mar 1, 2024');
  });

  it('marks data that is shown while its refresh is in flight, such as the saved copy at launch', () => {
    const refreshing = org({ state: 'loading', fetchedAt: '2024-05-03T10:00:00Z', invoices: 7 });
    expect(staleSince([refreshing], NOW, UTC)?.since).toBe('2024-05-03T10:00:00Z');
    expect(stateLabel(refreshing)).toBe('7 invoices (refreshing…)');
    const firstLoad = org({ state: 'loading' });
    expect(staleSince([firstLoad], NOW), 'nothing is shown yet, so nothing is stale').toBeNull();
    expect(stateLabel(firstLoad)).toBe('loading…');
  });

  it('ignores a failed organization without older data, and a fetch time that is not a date', () => {
    expect(
      staleSince([org({ state: 'failed', error: { code: 'server', message: 'x' } })], NOW),
    ).toBeNull();
    expect(
      failedOrgs([org({ state: 'failed', error: { code: 'server', message: 'x' } })]).length,
    ).toBe(1);
    expect(staleSince([org({ state: 'cached', fetchedAt: 'yesterday' })], NOW)).toBeNull();
  });
});

describe('labelFromInput', () => {
  it('trims a label and turns a blank one into no label', () => {
    expect(labelFromInput('  ACME Europe ')).toBe('ACME Europe');
    expect(labelFromInput(' \t\n')).toBeNull();
    expect(labelFromInput('')).toBeNull();
  });
});

describe('savedLabel', () => {
  const settings = (active: string | null): Settings => ({
    connections: [
      {
        name: 'Staging',
        baseUrl: 'https://s.example/',
        concurrency: null,
        timeoutSecs: null,
        allowPlainHttp: false,
        archiveDir: null,
        organizations: [{ orgId: 'org_1', label: 'Wrong connection' }],
      },
      {
        name: 'Production',
        baseUrl: 'https://p.example/',
        concurrency: null,
        timeoutSecs: null,
        allowPlainHttp: false,
        archiveDir: null,
        organizations: [
          { orgId: 'org_1', label: 'ACME' },
          { orgId: 'org_2', label: null },
        ],
      },
    ],
    activeConnection: active,
    ui: { columns: [], theme: 'system' },
  });

  it('reads the label from the active connection only', () => {
    expect(savedLabel(settings('Production'), 'org_1')).toBe('ACME');
    expect(
      savedLabel(settings('Production'), 'org_2'),
      'a cleared label is null, not unknown',
    ).toBeNull();
  });

  it('is undefined when the active connection does not list the organization, or there is none', () => {
    expect(savedLabel(settings('Production'), 'org_9')).toBeUndefined();
    expect(
      savedLabel(settings(null), 'org_1'),
      'demo data has no active connection',
    ).toBeUndefined();
  });
});

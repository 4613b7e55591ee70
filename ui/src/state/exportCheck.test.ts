import { describe, expect, it } from 'vitest';
import type { OrgStatus } from '../types';
import { exportDoneText, isLeftOut, shortfallSummary, shortfallText } from './exportCheck';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const UTC = { locale: 'en-US', timeZone: 'UTC' } as const;

function org(state: OrgStatus['state'], fetchedAt: string | null, message?: string): OrgStatus {
  return {
    orgId: `org_${state}`,
    label: null,
    state,
    fetchedAt,
    refused: false,
    invoices: fetchedAt ? 10 : 0,
    paymentMethods: 0,
    error: message ? { code: 'server', message } : null,
  };
}

describe('shortfallText', () => {
  it('gives the age of a cached answer', () => {
    expect(shortfallText(org('cached', '2025-06-01T09:00:00Z'), NOW, UTC).text).toBe(
      'cached 3 h ago',
    );
  });

  it('says whether a failed or loading organization is exported from an older answer or left out', () => {
    expect(
      shortfallText(org('failed', '2025-05-30T12:00:00Z', 'The server failed.'), NOW, UTC).text,
    ).toBe('failed: The server failed. — its answer from 2 days ago is exported');
    expect(shortfallText(org('failed', null, 'Organization x was not found.'), NOW, UTC).text).toBe(
      'failed: Organization x was not found. — left out of the export',
    );
    expect(shortfallText(org('loading', '2025-06-01T11:50:00Z'), NOW, UTC).text).toBe(
      'still loading — its answer from 10 min ago is exported',
    );
    expect(shortfallText(org('loading', null), NOW, UTC).text).toBe(
      'still loading — left out of the export',
    );
    expect(shortfallText(org('notLoaded', null), NOW, UTC).text).toBe(
      'not loaded — left out of the export',
    );
  });

  it('puts the exact time of the answer in the hover text', () => {
    expect(shortfallText(org('cached', '2025-06-01T09:00:00Z'), NOW, UTC).title).toContain('9:00');
  });
});

describe('shortfallSummary', () => {
  it('counts what is left out and what is old', () => {
    const orgs = [
      org('failed', null, 'x'),
      org('cached', '2025-06-01T09:00:00Z'),
      org('loading', '2025-06-01T09:00:00Z'),
    ];
    expect(orgs.map(isLeftOut)).toEqual([true, false, false]);
    expect(shortfallSummary(orgs)).toBe(
      '3 organizations of this view are not up to date: 1 would be left out, 2 would be exported from an older answer.',
    );
    expect(shortfallSummary([org('cached', '2025-06-01T09:00:00Z')])).toBe(
      '1 organization of this view is not up to date: 1 would be exported from an older answer.',
    );
  });
});

describe('exportDoneText', () => {
  const done = {
    path: '/x/e.csv',
    rows: 12,
    manifestPath: '/x/e.csv.manifest.json',
    missingOrgs: 0,
    staleOrgs: 0,
    historyNumber: null,
  };

  it('names the file and the manifest, and nothing more when the view was complete', () => {
    expect(exportDoneText(done)).toBe(
      'Exported 12 invoices to /x/e.csv (manifest: /x/e.csv.manifest.json)',
    );
    expect(exportDoneText(null)).toBe('Export cancelled.');
    expect(exportDoneText({ ...done, historyNumber: 3 })).toBe(
      'Exported 12 invoices to /x/e.csv (manifest: /x/e.csv.manifest.json), export 3 of the history',
    );
  });

  it('says what is not up to date when the user exported anyway', () => {
    expect(exportDoneText({ ...done, missingOrgs: 1, staleOrgs: 2 })).toBe(
      'Exported 12 invoices to /x/e.csv (manifest: /x/e.csv.manifest.json). Not up to date: 1 organization left out, 2 from an older answer, as the manifest lists.',
    );
    expect(exportDoneText({ ...done, manifestPath: null, missingOrgs: 2 })).toBe(
      'Exported 12 invoices to /x/e.csv. Not up to date: 2 organizations left out.',
    );
  });
});

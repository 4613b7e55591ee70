import { describe, expect, it } from 'vitest';
import { fuzzyMatch, rank, segments } from './fuzzy';

const labels = (items: readonly string[], query: string) =>
  rank(items, query, (item) => item).map((ranked) => ranked.item);

describe('fuzzyMatch', () => {
  it('matches the query as a subsequence and says which characters matched', () => {
    expect(fuzzyMatch('rfs', 'Refresh')?.positions).toEqual([0, 2, 5]);
    expect(fuzzyMatch('xyz', 'Refresh'), 'a character the text lacks').toBeNull();
    expect(fuzzyMatch('hser', 'Refresh'), 'the right characters in the wrong order').toBeNull();
    expect(fuzzyMatch('refreshes', 'Refresh'), 'a query longer than the text').toBeNull();
  });

  it('ignores case, accents and the spaces of the query', () => {
    expect(fuzzyMatch('ACME', 'acme europe')).not.toBeNull();
    expect(fuzzyMatch('acme', 'ACME Europe')?.positions).toEqual([0, 1, 2, 3]);
    expect(fuzzyMatch('zurich', 'Zürich AG')?.positions).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fuzzyMatch('acme eu', 'ACME Europe')?.positions).toEqual([0, 1, 2, 3, 5, 6]);
  });

  it('matches everything with an empty or blank query', () => {
    expect(fuzzyMatch('', 'Refresh')).toEqual({ score: 0, positions: [] });
    expect(fuzzyMatch('   ', 'Refresh')).toEqual({ score: 0, positions: [] });
  });

  it('reads user text with regular-expression characters as plain characters', () => {
    expect(fuzzyMatch('.*', 'Organization: ACME')).toBeNull();
    expect(fuzzyMatch('(a+', 'Organization: (a+b) Ltd')?.positions).toEqual([14, 15, 16]);
    expect(fuzzyMatch('[', 'Organization: Shop [EU]')?.positions).toEqual([19]);
    expect(fuzzyMatch('$^|\\', 'Connection: $^|\\')?.positions).toEqual([12, 13, 14, 15]);
  });

  it('picks the best of several ways to match: word starts and runs', () => {
    // A greedy left-to-right scan would take the "t" of "Organization"; "Tokyo" is better.
    expect(fuzzyMatch('tok', 'Organization: Tokyo KK')?.positions).toEqual([14, 15, 16]);
    expect(fuzzyMatch('oe', 'Organization: ACME Europe')?.positions, 'both word starts').toEqual([
      0, 19,
    ]);
  });

  it('treats camelCase humps and characters after punctuation as word starts', () => {
    const hump = fuzzyMatch('id', 'orgId')?.score ?? 0;
    const inside = fuzzyMatch('id', 'orgxidx')?.score ?? 0;
    expect(hump).toBeGreaterThan(inside);
    expect(fuzzyMatch('k', 'org_kuwait')?.positions).toEqual([4]);
  });
});

describe('rank', () => {
  it('puts word-start matches ahead of matches inside words', () => {
    expect(labels(['Paid invoices', 'ACME Europe'], 'ae')).toEqual([
      'ACME Europe',
      'Paid invoices',
    ]);
    expect(
      labels(['Download PDFs of this view', 'Status filter: add open', 'Theme: Dark'], 'ad'),
    ).toEqual(['Status filter: add open', 'Download PDFs of this view']);
  });

  it('puts a contiguous run ahead of the same characters scattered', () => {
    expect(labels(['xaxbxc', 'xxabcx'], 'abc')).toEqual(['xxabcx', 'xaxbxc']);
    expect(labels(['Credit status overview', 'Export CSV', 'Export Excel (XLSX)'], 'csv')).toEqual([
      'Export CSV',
      'Credit status overview',
    ]);
  });

  it('keeps the list order between equal scores and when nothing is typed', () => {
    const items = ['Theme: Light', 'Theme: Dark', 'Theme: System'];
    expect(labels(items, 'theme')).toEqual(items);
    expect(labels(items, '')).toEqual(items);
  });

  it('leaves out what does not match, down to nothing', () => {
    expect(labels(['Refresh', 'Open Connections'], 'qq')).toEqual([]);
  });
});

describe('segments', () => {
  it('cuts the text into matched and unmatched runs that put it back together', () => {
    const parts = segments('Organization: Tokyo KK', [14, 15, 16]);
    expect(parts).toEqual([
      { text: 'Organization: ', matched: false },
      { text: 'Tok', matched: true },
      { text: 'yo KK', matched: false },
    ]);
    expect(parts.map((part) => part.text).join('')).toBe('Organization: Tokyo KK');
    expect(segments('abc', [])).toEqual([{ text: 'abc', matched: false }]);
  });
});

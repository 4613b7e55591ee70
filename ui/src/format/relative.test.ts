import { describe, expect, it } from 'vitest';
import { relativeTime, showLastFetched } from './relative';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const UTC = { locale: 'en-US', timeZone: 'UTC' } as const;
/** Intl puts narrow no-break spaces before AM/PM; the tests read plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('relativeTime', () => {
  it('says "just now" under a minute, and for a few seconds ahead (clocks differ slightly)', () => {
    expect(relativeTime('2025-06-01T11:59:30Z', NOW, UTC).text).toBe('just now');
    expect(relativeTime('2025-06-01T12:00:20Z', NOW, UTC).text).toBe('just now');
  });

  it('counts whole minutes, then whole hours, rounding down', () => {
    expect(relativeTime('2025-06-01T11:55:00Z', NOW, UTC).text).toBe('5 min ago');
    expect(
      relativeTime('2025-06-01T11:00:01Z', NOW, UTC).text,
      '59 min 59 s is not yet an hour',
    ).toBe('59 min ago');
    expect(relativeTime('2025-06-01T09:00:00Z', NOW, UTC).text).toBe('3 h ago');
    expect(relativeTime('2025-05-31T12:00:01Z', NOW, UTC).text).toBe('23 h ago');
  });

  it('counts days up to a month, with "1 day" in the singular', () => {
    expect(relativeTime('2025-05-31T12:00:00Z', NOW, UTC).text).toBe('1 day ago');
    expect(relativeTime('2025-05-20T08:00:00Z', NOW, UTC).text).toBe('12 days ago');
  });

  it('shows the date of anything older than 30 days', () => {
    expect(relativeTime('2025-04-01T08:00:00Z', NOW, UTC).text).toBe('on Apr 1, 2025');
  });

  it('gives the exact local time as the title, in the time zone given', () => {
    expect(plain(relativeTime('2025-06-01T09:00:00Z', NOW, UTC).title)).toBe(
      'Jun 1, 2025, 9:00 AM',
    );
    const tokyo = relativeTime('2025-06-01T09:00:00Z', NOW, {
      locale: 'en-US',
      timeZone: 'Asia/Tokyo',
    });
    expect(tokyo.text, 'an age does not depend on the time zone').toBe('3 h ago');
    expect(plain(tokyo.title), 'the title is local time').toBe('Jun 1, 2025, 6:00 PM');
  });

  it('shows a time well ahead of now as its date and time, never a negative age', () => {
    const ahead = relativeTime('2025-06-02T12:00:00Z', NOW, UTC);
    expect(plain(ahead.text)).toBe('on Jun 2, 2025, 12:00 PM');
    expect(ahead.text).not.toContain('-');
  });

  it('shows text that is not a date as received, and says so on hover', () => {
    expect(relativeTime('yesterday', NOW, UTC)).toEqual({
      text: 'yesterday',
      title: 'Not a valid date (shown as received): yesterday',
    });
  });
});

describe('showLastFetched', () => {
  it('says "Never fetched" when nothing was kept', () => {
    expect(showLastFetched(null, NOW, UTC).text).toBe('Never fetched');
  });

  it('puts the age after "Last fetched", with the exact time on hover', () => {
    const shown = showLastFetched('2025-06-01T09:00:00Z', NOW, UTC);
    expect(shown.text).toBe('Last fetched 3 h ago');
    expect(plain(shown.title)).toBe('Jun 1, 2025, 9:00 AM');
  });
});

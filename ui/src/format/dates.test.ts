import { describe, expect, it } from 'vitest';
import { formatInstant, localDayEnd, localDayStart, showTimestamp } from './dates';

describe('showTimestamp', () => {
  it("shows a valid date in the user's locale and time zone, with the UTC value as the title", () => {
    const shown = showTimestamp(
      { kind: 'valid', value: '2024-05-01T23:30:00Z' },
      { locale: 'en-US', timeZone: 'Asia/Tokyo' },
    );
    expect(shown.text, 'in Tokyo 23:30 UTC is already the next day').toBe('May 2, 2024');
    expect(shown.title, 'hover shows the exact UTC instant').toBe('2024-05-01T23:30:00.000Z (UTC)');
    expect(shown.invalid).toBe(false);
  });

  it('uses the time zone given, so the same instant can be another day', () => {
    const shown = showTimestamp(
      { kind: 'valid', value: '2024-05-01T23:30:00Z' },
      { locale: 'en-US', timeZone: 'America/New_York' },
    );
    expect(shown.text).toBe('May 1, 2024');
  });

  it('follows the locale', () => {
    const shown = showTimestamp(
      { kind: 'valid', value: '2024-05-01T10:00:00Z' },
      { locale: 'de-DE', timeZone: 'UTC' },
    );
    expect(shown.text).toBe('01.05.2024');
  });

  it('shows an invalid date as its raw text, flagged', () => {
    const shown = showTimestamp({ kind: 'invalid', raw: 'yesterday' });
    expect(shown.text, 'the raw text is shown, not hidden or guessed').toBe('yesterday');
    expect(shown.invalid).toBe(true);
    expect(shown.title).toContain('Not a valid date');
    expect(shown.title, 'a cut cell still shows the whole raw text on hover').toContain(
      'yesterday',
    );
  });

  it('shows a missing date as empty', () => {
    expect(showTimestamp(null)).toEqual({ text: '', title: '', invalid: false });
  });
});

describe('formatInstant', () => {
  it('adds the time when asked', () => {
    const text = formatInstant('2024-05-01T10:05:00Z', {
      locale: 'en-US',
      timeZone: 'UTC',
      withTime: true,
    });
    expect(text?.replace(/[\u00a0\u202f]/g, ' ')).toBe('May 1, 2024, 10:05 AM');
  });

  it('returns null for text that is not a date', () => {
    expect(formatInstant('not a date')).toBeNull();
  });
});

describe('localDayStart', () => {
  it('is local midnight of the day, as UTC', () => {
    const iso = localDayStart('2024-03-10');
    expect(iso).not.toBeNull();
    const back = new Date(iso!);
    expect(
      [back.getFullYear(), back.getMonth(), back.getDate(), back.getHours()],
      'local midnight',
    ).toEqual([2024, 2, 10, 0]);
  });

  it('moves to the next midnight so a "to" day is included', () => {
    const back = new Date(localDayStart('2024-12-31', 1)!);
    expect([back.getFullYear(), back.getMonth(), back.getDate()]).toEqual([2025, 0, 1]);
  });

  it('rejects anything but YYYY-MM-DD', () => {
    expect(localDayStart('')).toBeNull();
    expect(localDayStart('31/12/2024')).toBeNull();
  });
});

describe('localDayEnd', () => {
  it('is the last millisecond of the local day: the next local midnight minus 1 ms', () => {
    const end = localDayEnd('2026-11-30')!;
    expect(Date.parse(end)).toBe(Date.parse(localDayStart('2026-11-30', 1)!) - 1);
    expect(Date.parse(end)).toBe(new Date(2026, 10, 30, 23, 59, 59, 999).getTime());
    expect(end).toBe(new Date(2026, 10, 30, 23, 59, 59, 999).toISOString());
  });

  it('crosses month and year ends, and refuses what is not a day', () => {
    expect(Date.parse(localDayEnd('2026-12-31')!)).toBe(new Date(2027, 0, 1).getTime() - 1);
    expect(Date.parse(localDayEnd('2024-02-28')!)).toBe(new Date(2024, 1, 29).getTime() - 1);
    expect(localDayEnd('')).toBeNull();
    expect(localDayEnd('30/11/2026')).toBeNull();
  });
});

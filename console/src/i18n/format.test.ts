import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatIsoDuration, formatSpan, formatUtc, isoToLocalInput, localInputToIso } from './format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('countdowns', () => {
  it('show the two largest units, in each language', () => {
    expect(formatSpan(7 * HOUR + 59 * MINUTE + 30_000, 'en')).toBe('7 h 59 min');
    expect(formatSpan(2 * 24 * HOUR + 4 * HOUR + 5 * MINUTE, 'fr')).toBe('2 j 4 h');
    expect(formatSpan(59 * MINUTE + 12_000, 'en')).toBe('59 min 12 s');
    expect(formatSpan(12_000, 'en')).toBe('12 s');
    expect(formatSpan(3 * HOUR, 'en')).toBe('3 h');
    expect(formatSpan(0, 'fr')).toBe('0 s');
  });

  it('count overdue time the same way as time left', () => {
    expect(formatSpan(-(5 * MINUTE + 3000), 'en')).toBe('5 min 3 s');
  });
});

describe('dates', () => {
  it('show an instant in the time zone given, and in UTC on hover', () => {
    const iso = '2026-12-04T18:35:55.961Z';
    expect(formatDateTime(iso, 'en', 'Europe/Paris')).toMatch(/4 Dec 2026.*19:35/);
    expect(formatDateTime(iso, 'fr', 'America/New_York')).toMatch(/4 déc\.? 2026.*13:35/);
    expect(formatUtc(iso)).toBe('2026-12-04 18:35:55 UTC');
  });

  it('turn a datetime-local value into UTC and back', () => {
    const local = '2026-09-01T12:15';
    const iso = localInputToIso(local);
    expect(new Date(iso).getTime()).toBe(new Date(2026, 8, 1, 12, 15).getTime());
    expect(isoToLocalInput(iso)).toBe(local);
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('not a date')).toBe('');
  });
});

describe('routing durations and sizes', () => {
  it('word ISO 8601 durations', () => {
    expect(formatIsoDuration('P10D', 'en')).toBe('10 days');
    expect(formatIsoDuration('PT8H', 'fr')).toBe('8 heures');
    expect(formatIsoDuration('PT1H', 'en')).toBe('1 hour');
    expect(formatIsoDuration('P1DT2H30M', 'en')).toBe('1 day 2 hours 30 minutes');
    expect(formatIsoDuration('P2W', 'en')).toBe('P2W');
  });

  it('size files in decimal units, in each language', () => {
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(100_000, 'en')).toBe('100 kB');
    expect(formatBytes(1_500_000, 'fr')).toBe('1,5 Mo');
  });
});

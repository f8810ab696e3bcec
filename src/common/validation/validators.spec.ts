import { validateSync } from 'class-validator';
import { isOffsetTimestamp, toUtc } from '../../../libs/domain/order-content.js';
import { IsCalendarDate, IsIsoCountry, IsLanguageCode, IsUtcTimestamp } from './validators.js';

class Sample {
  @IsUtcTimestamp() timestamp: unknown;
  @IsCalendarDate() date: unknown = '2026-09-01';
  @IsIsoCountry() country: unknown = 'FR';
  @IsLanguageCode() language: unknown = 'fr';
}
const messagesFor = (values: Partial<Sample>): string[] =>
  validateSync(Object.assign(new Sample(), { timestamp: '2026-09-01T10:15:30Z', ...values })).flatMap((error) => Object.values(error.constraints ?? {}));

describe('calendar-exact timestamps', () => {
  it.each([
    '2026-09-01T10:15:30Z',
    '2026-09-01T12:15:30+02:00',
    '2026-09-01T12:15:30.123456789-05:30',
    '2028-02-29T23:59:59Z',
    '2000-02-29T00:00:00Z',
    '1000-01-01T12:00:00Z',
    '9999-12-31T10:00:00Z',
    '2026-09-01T12:15:30+14:00',
    '2026-09-01T12:15:30-14:00',
  ])('accepts %s', (value) => {
    expect(isOffsetTimestamp(value)).toBe(true);
    expect(messagesFor({ timestamp: value })).toEqual([]);
  });

  it.each([
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['29 February 1900 (not a leap year)', '1900-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['day 0', '2026-09-00T00:00:00Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 0999', '0999-12-31T00:00:00Z'],
    ['hour 24', '2026-09-01T24:00:00Z'],
    ['minute 60', '2026-09-01T10:60:00Z'],
    ['second 60', '2026-09-01T10:15:60Z'],
    ['offset +14:30', '2026-09-01T10:15:30+14:30'],
    ['offset -15:00', '2026-09-01T10:15:30-15:00'],
    ['offset minutes 60', '2026-09-01T10:15:30+01:60'],
    ['a UTC instant past year 9999', '9999-12-31T23:00:00-14:00'],
    ['no offset', '2026-09-01T10:15:30'],
    ['no seconds', '2026-09-01T10:15Z'],
    ['a date alone', '2026-09-01'],
    ['a number', 1788257730],
  ])('refuses %s', (_name, value) => {
    expect(isOffsetTimestamp(value)).toBe(false);
    expect(messagesFor({ timestamp: value })).toHaveLength(1);
  });

  it('converts to UTC, keeping a fraction only when given, and refuses what is not on the calendar', () => {
    expect(toUtc('2026-09-01T12:15:30+02:00')).toBe('2026-09-01T10:15:30Z');
    expect(toUtc('2026-09-01T12:15:30.5+02:00')).toBe('2026-09-01T10:15:30.500Z');
    expect(() => toUtc('2026-02-30T00:00:00Z')).toThrow(RangeError);
  });
});

describe('messages of the shared validators', () => {
  it('say what is expected, with an example, without naming the field', () => {
    expect(messagesFor({ timestamp: '2026-09-01 10:15' })).toEqual(['must be a date and time with seconds and an offset, e.g. 2026-09-01T12:15:30+02:00']);
    expect(messagesFor({ timestamp: '2026-02-30T00:00:00Z' })).toEqual([
      'must be a date and time that exists, with seconds and an offset, e.g. 2026-09-01T12:15:30+02:00 (years 1000 to 9999, offsets up to ±14:00)',
    ]);
    expect(messagesFor({ country: 'XX' })).toEqual(['must be an ISO 3166-1 alpha-2 country code that exists, e.g. FR or GB']);
    expect(messagesFor({ country: 'fr' })).toEqual(['must be an ISO 3166-1 alpha-2 code in capitals, e.g. FR or GB']);
    expect(messagesFor({ language: 'english' })).toEqual(['must be an ISO 639-1 language code in lower case, e.g. en']);
  });
});

describe('calendar dates', () => {
  it('accept days that exist and refuse the rest, saying which', () => {
    expect(messagesFor({ date: '2028-02-29' })).toEqual([]);
    expect(messagesFor({ date: '2026-02-29' })).toEqual(['must be a date that exists, e.g. 2026-09-01 (years 1000 to 9999)']);
    expect(messagesFor({ date: '0000-01-01' })).toEqual(['must be a date that exists, e.g. 2026-09-01 (years 1000 to 9999)']);
    expect(messagesFor({ date: '01/09/2026' })).toEqual(['must be a date as year-month-day, e.g. 2026-09-01']);
  });
});

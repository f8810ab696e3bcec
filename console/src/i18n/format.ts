/** Dates, sizes and durations as a person reads them, in the user's time zone and language. */
import { translate, type Lang } from './i18n';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lang: Lang, timeZone?: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone ?? ''}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** In the user's time zone (or the one given, for tests). */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  return dateTimeFormat(lang, timeZone).format(new Date(iso));
}

/** `2026-12-04 18:35:55 UTC`: what a date shows on hover. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const number = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${lang === 'fr' ? units[unit].replace('B', 'o') : units[unit]}`;
}

/**
 * A span of time in its two largest units, as a countdown shows it: `2 d 4 h`, `7 h 59 min`,
 * `59 min 12 s`, `12 s`.
 */
export function formatSpan(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const parts: [number, 'unit.day' | 'unit.hour' | 'unit.minute' | 'unit.second'][] = [
    [Math.floor(total / 86400), 'unit.day'],
    [Math.floor((total % 86400) / 3600), 'unit.hour'],
    [Math.floor((total % 3600) / 60), 'unit.minute'],
    [total % 60, 'unit.second'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first === -1) return `0 ${translate(lang, 'unit.second')}`;
  return parts
    .slice(first, first + 2)
    .filter(([value], index) => index === 0 || value > 0)
    .map(([value, unit]) => `${value} ${translate(lang, unit)}`)
    .join(' ');
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 duration from the routing catalogue (`P10D`, `PT8H`) in words; unknown forms as given. */
export function formatIsoDuration(duration: string, lang: Lang): string {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P') return duration;
  const [days, hours, minutes] = match.slice(1, 4).map((part) => Number(part ?? 0));
  const words: string[] = [];
  if (days) words.push(translate(lang, days === 1 ? 'duration.day' : 'duration.days', { n: days }));
  if (hours) words.push(translate(lang, hours === 1 ? 'duration.hour' : 'duration.hours', { n: hours }));
  if (minutes) words.push(translate(lang, minutes === 1 ? 'duration.minute' : 'duration.minutes', { n: minutes }));
  return words.join(' ') || duration;
}

/** A `datetime-local` value (the user's wall clock) as an instant in UTC; '' when empty or invalid. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** An instant as a `datetime-local` value in the user's time zone. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

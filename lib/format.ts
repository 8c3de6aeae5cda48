// The one place numbers, money, dates, durations and counted nouns are put into words, so every
// page reads the same in a language (issue #15: four date formats, "1 times", "24000" without a currency).

/** Translates a message key with optional substitutions; the extension supplies browser.i18n. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.RelativeTimeFormat;
const cache = new Map<string, Formatter>();
// Building an Intl formatter costs far more than using one; the pages format thousands of cells.
function cached<T extends Formatter>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** A number in the locale's digits and grouping ("2,018"); at most `maximumFractionDigits` decimals (default 0). */
export function formatNumber(n: number, locale: string, maximumFractionDigits = 0): string {
  return cached(`n|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits })).format(n);
}

/** The currency a locale starts with before the user chooses one: JPY in Japanese, USD otherwise. */
export function defaultCurrency(locale: string): string {
  return locale.toLowerCase().startsWith('ja') ? 'JPY' : 'USD';
}

/** True for a three-letter currency code Intl knows ("EUR"); the settings accept nothing else. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** An amount of money in the user's currency ("$24,000", "￥24,000", "€1,200.50"); cents only when there are any. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, trailingZeroDisplay: 'stripIfInteger' })).format(amount);
}

/** A day in the locale's one date format ("Dec 2, 2026", "2026/12/02"); `timeZone` for dates stored as UTC days. */
export function formatDate(at: number | Date, locale: string, timeZone?: string): string {
  return cached(`d|${locale}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(at);
}

/** A moment in the locale's one date-and-time format ("Dec 2, 2026, 9:30 AM", "2026/12/02 9:30"). */
export function formatDateTime(at: number | Date, locale: string): string {
  return cached(`dt|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(at);
}

/** A moment as an HTML `<time dateTime>` value (machine-readable, never shown). */
export function machineTime(at: number | Date): string {
  return new Date(at).toISOString();
}

/** The plural category ('one', 'other'…) the locale uses for `count`. */
export function pluralCategory(count: number, locale: string): Intl.LDMLPluralRule {
  return cached(`p|${locale}`, () => new Intl.PluralRules(locale)).select(count);
}

/**
 * A counted message: `key_one`, `key_other`… chosen by Intl.PluralRules (Japanese has only `_other`, with its
 * counter word: 件, 人, 日, 回). The substitutions default to the count in the locale's digits.
 */
export function plural(t: Translate, locale: string, key: string, count: number, substitutions?: string[]): string {
  const subs = substitutions ?? [formatNumber(count, locale)];
  const exact = `${key}_${pluralCategory(count, locale)}`;
  const text = t(exact, subs);
  if (text !== exact) return text;
  // A category a message does not spell out reads as the general form; a message with no forms (a count in brackets) as itself.
  const other = t(`${key}_other`, subs);
  return other === `${key}_other` ? t(key, subs) : other;
}

/** The units a duration is put in. */
export type DurationUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNITS: { unit: DurationUnit; ms: number; below: number }[] = [
  { unit: 'minute', ms: 60_000, below: HOUR },
  { unit: 'hour', ms: HOUR, below: DAY },
  { unit: 'day', ms: DAY, below: 14 * DAY },
  { unit: 'week', ms: 7 * DAY, below: 13 * 7 * DAY },
  { unit: 'month', ms: 30.4375 * DAY, below: 2 * 365.25 * DAY },
  { unit: 'year', ms: 365.25 * DAY, below: Infinity },
];

/** A length of time in the unit a person would use and whether it was rounded: 2,018 hours → 12 weeks, rounded. */
export function durationParts(ms: number): { value: number; unit: DurationUnit; rounded: boolean } {
  const abs = Math.abs(ms);
  const { unit, ms: size } = UNITS.find((u) => abs < u.below) ?? UNITS[UNITS.length - 1];
  const value = Math.max(unit === 'minute' ? 0 : 1, Math.round(abs / size));
  // "about" whenever the figure is not exact in its unit (2,018 hours is about 12 weeks; 21 days are 3 weeks).
  return { value, unit, rounded: Math.abs(value * size - abs) > abs * 1e-9 };
}

// CLDR spaces Japanese units ("12 週間", "7 日前"); in running Japanese text the figure sits against its counter.
const tightJapanese = (text: string) => text.replace(/(\d) (?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u, '$1');

/** An exact count of a unit with its plural ("1 day", "90 days", "90日"), for figures that must not be rounded (a horizon, a setting). */
export function formatUnit(value: number, unit: DurationUnit, locale: string): string {
  return tightJapanese(cached(`u|${locale}|${unit}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })).format(value));
}

/**
 * A length of time in words, in the unit a person would use ("3 days", "about 12 weeks", "約12週間"); `about`
 * is the message that wraps a rounded figure (en "about $1", ja "約$1").
 */
export function formatDuration(ms: number, locale: string, about: (text: string) => string = (s) => s): string {
  const { value, unit, rounded } = durationParts(ms);
  const text = formatUnit(value, unit, locale);
  return rounded ? about(text) : text;
}

// The contacts list's risk chips say each trend's look-back in words: two per row, on every render.
const relativeTime = (locale: string) => cached(`rt|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'always' }));

/** How long ago, in the unit a person would use ("7 days ago", "about 3 months ago", "7日前"). */
export function formatAgo(ms: number, locale: string, about: (text: string) => string = (s) => s): string {
  const { value, unit, rounded } = durationParts(ms);
  const text = tightJapanese(relativeTime(locale).format(-value, unit));
  return rounded ? about(text) : text;
}

/** `formatDuration` for a figure in days (the churn signals count days). */
export const formatDays = (days: number, locale: string, about?: (text: string) => string): string => formatDuration(days * DAY, locale, about);

/** `formatDuration` for a figure in hours (reply times). */
export const formatHours = (hours: number, locale: string, about?: (text: string) => string): string => formatDuration(hours * HOUR, locale, about);

/** `formatAgo` for a figure in days. */
export const formatDaysAgo = (days: number, locale: string, about?: (text: string) => string): string => formatAgo(days * DAY, locale, about);

/** An exact number of days ago, never rounded to weeks ("30 days ago", "30日前"), for fixed look-backs. */
export function formatExactDaysAgo(days: number, locale: string): string {
  return tightJapanese(relativeTime(locale).format(-days, 'day'));
}

/** A share as a percent in the locale's style ("23.5%"), from a fraction (0.235) with at most `digits` decimals. */
export function formatPercent(fraction: number, locale: string, digits = 1): string {
  return cached(`pc|${locale}|${digits}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })).format(fraction);
}

/** A day as YYYY-MM-DD (UTC) for file names and machine-readable fields, never shown as a date. */
export function fileDate(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Items read one after another (a chart's text for screen readers): "a; b; c" in English, 「a、b、c」 in Japanese. */
export function formatList(items: readonly string[], locale: string): string {
  return items.join(locale.startsWith('ja') ? '、' : '; ');
}

/** A time of day in the locale's style ("10:42"), for events of today. */
export function formatClock(at: number | Date, locale: string): string {
  return cached(`clock|${locale}`, () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })).format(at);
}

import { describe, expect, it, vi } from 'vitest';
import {
  defaultCurrency,
  durationParts,
  formatDaysAgo,
  formatDate,
  formatDateTime,
  formatExactDaysAgo,
  formatDays,
  formatHours,
  formatList,
  formatMoney,
  formatNumber,
  formatUnit,
  isCurrencyCode,
  plural,
} from '../../../lib/format';

const about = (s: string) => `about ${s}`;
const messages: Record<string, string> = {
  usedTimes_one: 'Used $1 time',
  usedTimes_other: 'Used $1 times',
  only_other: '$1 items',
};
const t = (key: string, subs?: string | string[]) => {
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return key in messages ? messages[key].replace(/\$(\d)/g, (_, i: string) => list[Number(i) - 1]) : key;
};

describe('plural', () => {
  it('picks the English form by Intl.PluralRules, and the only Japanese one', () => {
    expect(plural(t, 'en', 'usedTimes', 1)).toBe('Used 1 time');
    expect(plural(t, 'en', 'usedTimes', 2)).toBe('Used 2 times');
    expect(plural(t, 'en', 'usedTimes', 0)).toBe('Used 0 times');
    expect(plural(t, 'en', 'usedTimes', 1200)).toBe('Used 1,200 times');
    expect(plural(t, 'ja', 'usedTimes', 1)).toBe('Used 1 times'); // ja has only 'other'
  });
  it('falls back to the general form when a category is not spelled out', () => {
    expect(plural(t, 'en', 'only', 1)).toBe('1 items');
  });
  it('passes the given substitutions instead of the count', () => {
    expect(plural(t, 'en', 'usedTimes', 1, ['one'])).toBe('Used one time');
  });
});

describe('durations', () => {
  it('uses the unit a person would use', () => {
    expect(formatHours(2018, 'en', about)).toBe('about 12 weeks');
    expect(formatHours(2018, 'ja', (s) => `約${s}`)).toBe('約12週間');
    expect(formatHours(5, 'en', about)).toBe('5 hours');
    expect(formatHours(1, 'en', about)).toBe('1 hour');
    expect(formatHours(30, 'en', about)).toBe('about 1 day');
    expect(formatDays(1, 'en', about)).toBe('1 day');
    expect(formatDays(3, 'ja')).toBe('3日');
    expect(formatDays(21, 'en', about)).toBe('3 weeks');
    expect(formatDays(200, 'en', about)).toBe('about 7 months');
    expect(formatDays(800, 'en', about)).toBe('about 2 years');
  });
  it('says "about" only when the figure was rounded', () => {
    expect(durationParts(14 * 86_400_000)).toEqual({ value: 2, unit: 'week', rounded: false });
    expect(durationParts(15 * 86_400_000).rounded).toBe(true);
  });
  it('an exact unit count keeps its figure and plural', () => {
    expect(formatUnit(1, 'day', 'en')).toBe('1 day');
    expect(formatUnit(90, 'day', 'en')).toBe('90 days');
    expect(formatUnit(90, 'day', 'ja')).toBe('90日');
  });
});

describe('numbers, money and dates', () => {
  it('formats numbers with the locale grouping', () => {
    expect(formatNumber(24000, 'en')).toBe('24,000');
    expect(formatNumber(1.25, 'ja', 1)).toBe('1.3');
  });
  it('formats money in the chosen currency, cents only when there are any', () => {
    expect(formatMoney(24000, 'USD', 'en')).toBe('$24,000');
    expect(formatMoney(24000.5, 'USD', 'en')).toBe('$24,000.50');
    expect(formatMoney(24000, 'JPY', 'ja')).toBe('￥24,000');
    expect(formatMoney(24000, 'EUR', 'en')).toBe('€24,000');
  });
  it('defaults the currency from the language and accepts only real codes', () => {
    expect(defaultCurrency('ja')).toBe('JPY');
    expect(defaultCurrency('en')).toBe('USD');
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('XYZW')).toBe(false);
  });
  it('has one date and one date-time format per locale', () => {
    const at = Date.UTC(2026, 11, 2, 12, 0);
    expect(formatDate(at, 'en', 'UTC')).toBe('Dec 2, 2026');
    expect(formatDate(at, 'ja', 'UTC')).toBe('2026/12/02');
    expect(formatDateTime(at, 'en')).toMatch(/^Dec [23], 2026, \d{1,2}:\d\d\s?[AP]M$/);
    expect(formatDateTime(at, 'ja')).toMatch(/^2026\/12\/0[23] \d{1,2}:\d\d$/);
  });
});

describe('formatDaysAgo', () => {
  it('says how long ago in both languages', () => {
    expect(formatDaysAgo(7, 'en')).toBe('7 days ago');
    expect(formatDaysAgo(1, 'en')).toBe('1 day ago');
    expect(formatDaysAgo(7, 'ja')).toBe('7日前');
    expect(formatDaysAgo(30, 'en', about)).toBe('about 4 weeks ago');
  });
});

describe('relative times', () => {
  it('builds one Intl.RelativeTimeFormat per locale, not one per call (the contacts list words two per row)', () => {
    const Real = Intl.RelativeTimeFormat;
    let built = 0;
    vi.spyOn(Intl, 'RelativeTimeFormat').mockImplementation(function (this: unknown, ...args: ConstructorParameters<typeof Real>) {
      built++;
      return new Real(...args);
    } as unknown as typeof Real);
    try {
      const words = Array.from({ length: 50 }, (_, i) => [formatExactDaysAgo(7 + (i % 2) * 23, 'en'), formatDaysAgo(i + 1, 'en')]);
      expect(words[0]).toEqual(['7 days ago', '1 day ago']);
      expect(words[1][0]).toBe('30 days ago');
      expect(built).toBeLessThanOrEqual(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('plural without forms', () => {
  it('uses the message itself when it has no plural forms', () => {
    messages.bracket = 'Warnings ($1)';
    expect(plural(t, 'en', 'bracket', 1)).toBe('Warnings (1)');
  });
});

describe('formatList', () => {
  it('reads items one after another with the language’s own separator', () => {
    expect(formatList(['0–10: 3', '10–20: 5'], 'en')).toBe('0–10: 3; 10–20: 5');
    expect(formatList(['0–10：3', '10–20：5'], 'ja')).toBe('0–10：3、10–20：5');
  });
});

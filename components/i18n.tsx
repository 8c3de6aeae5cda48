import { createContext, useContext, useMemo } from 'react';
import { defaultCurrency, formatDate, formatDateTime, formatDays, formatDaysAgo, formatHours, formatMoney, formatNumber, formatUnit, plural, type Translate } from '@/lib/format';

export type { Translate };

/** What a page says things with: its messages, its locale and the user's currency for money. */
export interface I18n {
  t: Translate;
  locale: string;
  /** ISO 4217 code revenue is shown in: the user's choice, else the locale's default (JPY in Japanese, USD). */
  currency?: string;
}

const I18nContext = createContext<I18n>({ t: (key) => key, locale: 'en' });

export const I18nProvider = I18nContext.Provider;

/** The translation function, locale and currency of the surrounding page. */
export function useI18n(): Required<I18n> {
  const value = useContext(I18nContext);
  return { ...value, currency: value.currency ?? defaultCurrency(value.locale) };
}

/** The page's formatters (lib/format) bound to its locale, messages and currency. */
export function useFormat() {
  const { t, locale, currency } = useI18n();
  return useMemo(() => {
    const about = (text: string) => t('durationAbout', text);
    return {
      number: (n: number, maximumFractionDigits = 0) => formatNumber(n, locale, maximumFractionDigits),
      money: (amount: number) => formatMoney(amount, currency, locale),
      date: (at: number | Date, timeZone?: string) => formatDate(at, locale, timeZone),
      dateTime: (at: number | Date) => formatDateTime(at, locale),
      days: (days: number) => formatDays(days, locale, about),
      hours: (hours: number) => formatHours(hours, locale, about),
      daysAgo: (days: number) => formatDaysAgo(days, locale, about),
      /** An exact number of days ("90 days", "90日"), for horizons and settings. */
      exactDays: (days: number) => formatUnit(days, 'day', locale),
      /** A counted message (`key_one` / `key_other`); substitutions default to the count. */
      count: (key: string, count: number, substitutions?: string[]) => plural(t, locale, key, count, substitutions),
    };
  }, [t, locale, currency]);
}

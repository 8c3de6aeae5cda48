import { useId } from 'react';
import { defaultCurrency } from '@/lib/format';
import { useI18n } from './i18n';

// The currencies offered by name; a stored code outside the list is still shown and kept.
const COMMON = ['USD', 'EUR', 'JPY', 'GBP', 'CNY', 'KRW', 'TWD', 'HKD', 'SGD', 'INR', 'AUD', 'CAD', 'CHF', 'SEK', 'BRL', 'MXN'];

/** The currency revenue is shown in: the language's default until the user picks one. */
export function CurrencySelect({ value, onChange }: { value: string | undefined; onChange(currency: string | undefined): void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const names = new Intl.DisplayNames(locale, { type: 'currency' });
  const codes = value && !COMMON.includes(value) ? [value, ...COMMON] : COMMON;
  return (
    <label htmlFor={id} className="currency-select">
      {t('settingCurrency')}
      <select id={id} data-testid="currency" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('settingCurrencyDefault', `${names.of(defaultCurrency(locale))} (${defaultCurrency(locale)})`)}</option>
        {codes.map((code) => (
          <option key={code} value={code}>{`${names.of(code)} (${code})`}</option>
        ))}
      </select>
    </label>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { I18nProvider } from '@/components/i18n';
import { translate } from '@/lib/i18n';
import { loadSettings, parseSettings, settingsItem } from '@/lib/settings';
import { earlyStoredSettings } from './early-reads';

/** The page's messages and locale, with the currency from the settings, live (a change shows on every open page). */
export function I18nRoot({ locale, children }: { locale: string; children: ReactNode }) {
  const [currency, setCurrency] = useState<string | undefined>();
  useEffect(() => {
    let alive = true;
    void loadSettings(earlyStoredSettings()).then((s) => alive && setCurrency(s.currency));
    const unwatch = settingsItem.watch((value) => setCurrency(parseSettings(value).currency));
    return () => ((alive = false), unwatch());
  }, []);
  return <I18nProvider value={{ t: translate, locale, currency }}>{children}</I18nProvider>;
}

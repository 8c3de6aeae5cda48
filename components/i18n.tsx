import { createContext, useContext } from 'react';

/** Translates a message key with optional substitutions; the extension supplies browser.i18n. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

const I18nContext = createContext<{ t: Translate; locale: string }>({ t: (key) => key, locale: 'en' });

export const I18nProvider = I18nContext.Provider;

/** The translation function and locale of the surrounding page. */
export function useI18n(): { t: Translate; locale: string } {
  return useContext(I18nContext);
}

import type { Translate } from './format';

/** browser.i18n, with the key itself as a visible fallback so a missing message is noticed, not blank. */
export const translate: Translate = (key, substitutions) => browser.i18n.getMessage(key as never, substitutions) || key;

/** The UI language chosen by the browser ("en" or "ja"; anything else falls back to English). */
export function uiLocale(): 'en' | 'ja' {
  return browser.i18n.getUILanguage().toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

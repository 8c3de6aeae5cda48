// The browser's own API object, not the webextension-polyfill (wxt/browser): i18n is synchronous, and the side panel's
// first module (issue 13) would otherwise carry the polyfill's 10 kB for it.
import { browser } from '@wxt-dev/browser';
import type { Translate } from './format';

// A message without substitutions never changes while the extension runs (its UI language is fixed until the browser
// restarts): read once. A side panel's thread switch asked browser.i18n for about 85 messages, each a call into the
// extension bindings, for the same labels every time (issue 13).
const plain = new Map<string, string>();

/** browser.i18n, with the key itself as a visible fallback so a missing message is noticed, not blank. */
export const translate: Translate = (key, substitutions) => {
  if (substitutions !== undefined) return browser.i18n.getMessage(key as never, substitutions) || key;
  let message = plain.get(key);
  if (message === undefined) plain.set(key, (message = browser.i18n.getMessage(key as never) || key));
  return message;
};

/** The UI language chosen by the browser ("en" or "ja"; anything else falls back to English). */
export function uiLocale(): 'en' | 'ja' {
  return browser.i18n.getUILanguage().toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

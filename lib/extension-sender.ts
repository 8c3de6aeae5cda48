import { browser } from 'wxt/browser';

/**
 * Whether a runtime message comes from one of our own extension pages (the app, the sidebar), not
 * from the Gmail content script: both carry our extension id, only pages have our origin as URL.
 */
export function fromExtensionPage(sender: { id?: string; url?: string }): boolean {
  if (sender.id !== browser.runtime.id || !sender.url) return false;
  return sender.url.startsWith(browser.runtime.getURL('/'));
}

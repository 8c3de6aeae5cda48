import { describe, expect, it } from 'vitest';
import { isDockPage, isGmailUrl, panelPath, panelTabId } from '../../../lib/panel/messages';

describe('the side panel’s tab and page', () => {
  it('reads the Gmail tab id the background put in the panel’s URL, and nothing else', () => {
    expect(panelTabId(`?${panelPath(42).split('?')[1]}`)).toBe(42);
    expect(panelTabId('?tabId=0')).toBe(0);
    for (const search of ['', '?', '?tabId=', '?tabId=-1', '?tabId=1.5', '?tabId=abc', '?tabId=12345678901', '?tab=3']) expect(panelTabId(search), search).toBeUndefined();
  });

  it('knows Gmail pages (any port, as match patterns) from other pages', () => {
    expect(isGmailUrl('https://mail.google.com/mail/u/0/#inbox')).toBe(true);
    expect(isGmailUrl('https://mail.google.com:8443/mail/u/0/#inbox')).toBe(true);
    for (const url of ['http://mail.google.com/', 'https://mail.google.com.evil.example/', 'https://evil.example/?https://mail.google.com/', 'chrome://newtab', undefined, 'not a url'])
      expect(isGmailUrl(url), String(url)).toBe(false);
  });

  it('tells the in-Gmail dock from the side panel', () => {
    expect(isDockPage('?dock=1')).toBe(true);
    expect(isDockPage('?tabId=3')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fromExtensionPage } from '../../../lib/extension-sender';

describe('fromExtensionPage', () => {
  it('accepts our own pages and refuses the Gmail content script, other extensions and senders without a URL', () => {
    const id = fakeBrowser.runtime.id;
    const page = fakeBrowser.runtime.getURL('/app.html');
    expect(fromExtensionPage({ id, url: `${page}#/campaigns` })).toBe(true);
    expect(fromExtensionPage({ id, url: 'https://mail.google.com/mail/u/0/#inbox' })).toBe(false);
    expect(fromExtensionPage({ id: 'someone-else', url: page })).toBe(false);
    expect(fromExtensionPage({ id })).toBe(false);
  });
});

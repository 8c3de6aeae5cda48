import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, knownOwnAddresses, loadSettings, rememberGmailAccount, updateSettings } from '../../../lib/settings';

describe('the signed-in Gmail address, kept for the mailbox import', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is recorded once, most recent first, lower-cased; nothing for an unknown address', () => {
    expect(rememberGmailAccount(DEFAULT_SETTINGS, 'Ann@Kizuna.example')).toEqual({ gmailAccounts: ['ann@kizuna.example'] });
    expect(rememberGmailAccount({ gmailAccounts: ['ann@kizuna.example'] }, 'ann@kizuna.example')).toBeNull();
    expect(rememberGmailAccount({ gmailAccounts: ['b@x.com', 'ann@kizuna.example'] }, 'ann@kizuna.example')).toEqual({ gmailAccounts: ['ann@kizuna.example', 'b@x.com'] });
    expect(rememberGmailAccount(DEFAULT_SETTINGS, null)).toBeNull();
    expect(rememberGmailAccount(DEFAULT_SETTINGS, 'not an address')).toBeNull();
  });

  it('survives in the settings and comes first among the user’s own addresses the import fills in', async () => {
    await updateSettings({ aliases: ['Sales@Kizuna.example', 'ann@kizuna.example'] });
    await updateSettings(rememberGmailAccount(await loadSettings(), 'ann@kizuna.example')!);
    // Another settings change keeps it.
    await updateSettings({ autoCreate: false });
    const settings = await loadSettings();
    expect(settings.gmailAccounts).toEqual(['ann@kizuna.example']);
    expect(knownOwnAddresses(settings)).toEqual(['ann@kizuna.example', 'sales@kizuna.example']);
  });
});

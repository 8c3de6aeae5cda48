import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getToken, redirectUrl, signIn, signedIn } from '../../../lib/campaigns/auth';
import { CampaignSettingsSchema, saveCampaignSettings } from '../../../lib/campaigns/settings';
import { GmailApiError } from '../../../lib/gmail-api/errors';

const identity = fakeBrowser.identity as unknown as { launchWebAuthFlow: unknown; getRedirectURL: unknown };
let flow: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fakeBrowser.reset();
  flow = vi.fn(async ({ url }: { url: string }) => {
    const params = new URL(url).searchParams;
    if (params.get('prompt') === 'none' && params.get('login_hint') === 'needs@consent.com') throw new Error('User interaction required.');
    return `https://ext.chromiumapp.org/#access_token=tok-${flow.mock.calls.length}&token_type=Bearer&expires_in=3600`;
  });
  identity.launchWebAuthFlow = flow;
  identity.getRedirectURL = () => 'https://ext.chromiumapp.org/';
});

describe('Gmail sign-in', () => {
  it('uses the developer token when one is set, without any OAuth flow', async () => {
    await saveCampaignSettings({ developerToken: 'dev-1' });
    expect(await getToken({ refresh: true })).toBe('dev-1');
    expect(flow).not.toHaveBeenCalled();
    expect(await signedIn(CampaignSettingsSchema.parse({ developerToken: 'dev-1' }))).toBe('developer');
  });

  it('signs in through launchWebAuthFlow with both scopes, keeps the token in session storage and renews it on refresh', async () => {
    await saveCampaignSettings({ clientId: 'abc.apps.googleusercontent.com', senderAddress: 'me@example.com' });
    const settings = CampaignSettingsSchema.parse({ clientId: 'abc.apps.googleusercontent.com', senderAddress: 'me@example.com' });
    expect(await signIn(settings, true)).toBe('tok-1');
    const url = new URL(flow.mock.calls[0]![0].url);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'abc.apps.googleusercontent.com',
      response_type: 'token',
      redirect_uri: 'https://ext.chromiumapp.org/',
      scope: 'https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly',
    });
    expect(flow.mock.calls[0]![0].interactive).toBe(true);
    expect((await fakeBrowser.storage.session.get('gmailToken')).gmailToken).toMatchObject({ token: 'tok-1' });
    expect((await fakeBrowser.storage.local.get(null)) as object).not.toHaveProperty('gmailToken');
    // The stored token is reused; a 401 (refresh) renews it silently.
    expect(await getToken({ refresh: false })).toBe('tok-1');
    expect(await getToken({ refresh: true })).toBe('tok-2');
    expect(flow.mock.calls[1]![0]).toMatchObject({ interactive: false });
    expect(new URL(flow.mock.calls[1]![0].url).searchParams.get('prompt')).toBe('none');
  });

  it('turns a sign-in that needs the user, or a missing client id, into an auth error (the engine then pauses)', async () => {
    await saveCampaignSettings({ clientId: 'abc', senderAddress: 'needs@consent.com' });
    const error = await getToken({ refresh: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GmailApiError);
    expect((error as GmailApiError).kind).toBe('auth');
    await saveCampaignSettings({});
    expect(((await getToken({ refresh: false }).catch((e: unknown) => e)) as GmailApiError).message).toMatch(/no OAuth client id/);
  });

  it('never sends a Google token to another base URL: without a developer token it is an auth error, and no token is read', async () => {
    await saveCampaignSettings({ clientId: 'abc.apps.googleusercontent.com', senderAddress: 'me@example.com' });
    expect(await getToken({ refresh: false })).toBe('tok-1');
    await saveCampaignSettings({ clientId: 'abc.apps.googleusercontent.com', senderAddress: 'me@example.com', baseUrl: 'http://evil.example:8080' });
    const error = (await getToken({ refresh: false }).catch((e: unknown) => e)) as GmailApiError;
    expect(error).toBeInstanceOf(GmailApiError);
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/not Google's Gmail API/);
    expect(flow).toHaveBeenCalledTimes(1);
  });

  it('before the optional identity permission is granted: the redirect URL is still shown, and signing in is an auth error', async () => {
    const saved = identity;
    (fakeBrowser as { identity?: unknown }).identity = undefined;
    try {
      expect(redirectUrl()).toBe(`https://${fakeBrowser.runtime.id}.chromiumapp.org/`);
      const error = (await signIn(CampaignSettingsSchema.parse({ clientId: 'abc' }), true).catch((e: unknown) => e)) as GmailApiError;
      expect(error).toBeInstanceOf(GmailApiError);
      expect(error.message).toMatch(/permission has not been granted/);
    } finally {
      (fakeBrowser as { identity?: unknown }).identity = saved;
    }
  });
});

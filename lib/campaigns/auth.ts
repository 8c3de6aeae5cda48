import { DEFAULT_GMAIL_BASE_URL } from '../gmail-api/client';
import { browser } from 'wxt/browser';
import { GmailApiError } from '../gmail-api/errors';
import { effectiveClientId, loadCampaignSettings, type CampaignSettings } from './settings';

/** What sending needs: send, and read threads/search Sent for the stop rules and crash recovery. */
export const GMAIL_SCOPES = ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.readonly'];

const TOKEN_KEY = 'gmailToken';
interface StoredToken {
  token: string;
  expiresAt: number;
}

// Access tokens live in storage.session (memory, cleared when the browser closes), never on disk;
// Firefox MV2 without storage.session keeps them in this worker's memory only.
let memoryToken: StoredToken | undefined;
const session = () => (browser.storage as { session?: typeof browser.storage.local }).session;

async function readToken(): Promise<StoredToken | undefined> {
  const area = session();
  if (!area) return memoryToken;
  return (await area.get(TOKEN_KEY))[TOKEN_KEY] as StoredToken | undefined;
}

async function writeToken(value: StoredToken | undefined): Promise<void> {
  memoryToken = value;
  const area = session();
  if (!area) return;
  if (value) await area.set({ [TOKEN_KEY]: value });
  else await area.remove(TOKEN_KEY);
}

/** What sending needs beyond the install-time permissions; requested when the user signs in (a click). */
export const SENDING_PERMISSIONS = { permissions: ['identity' as const], origins: ['https://gmail.googleapis.com/*'] };

/** Asks for the sending permissions if they are not granted yet; must run in a user gesture. */
export async function requestSendingPermissions(): Promise<boolean> {
  if (await browser.permissions.contains(SENDING_PERMISSIONS)) return true;
  return (await browser.permissions.request(SENDING_PERMISSIONS)) as unknown as boolean;
}

/** The redirect URL to register with the OAuth client (https://<extension id>.chromiumapp.org/ in Chromium). */
export function redirectUrl(): string {
  // Before the optional identity permission is granted the API is absent; Chromium's URL is known anyway.
  return browser.identity?.getRedirectURL() ?? `https://${browser.runtime.id}.chromiumapp.org/`;
}

/** Runs Google's OAuth flow through the browser's identity API (works in Chromium and Firefox); returns the token. */
export async function signIn(settings: CampaignSettings, interactive: boolean): Promise<string> {
  const clientId = effectiveClientId(settings);
  if (!clientId) throw new GmailApiError('no OAuth client id is configured', 401, 'auth');
  if (!browser.identity) throw new GmailApiError('sign-in needed: the sign-in permission has not been granted', 401, 'auth');
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: 'token',
    redirect_uri: redirectUrl(),
    scope: GMAIL_SCOPES.join(' '),
    include_granted_scopes: 'true',
    ...(interactive ? {} : { prompt: 'none' }),
    ...(settings.senderAddress ? { login_hint: settings.senderAddress } : {}),
  });
  const answer = await browser.identity.launchWebAuthFlow({ url: `https://accounts.google.com/o/oauth2/v2/auth?${params}`, interactive });
  const fragment = new URLSearchParams(new URL(answer ?? '').hash.slice(1));
  const token = fragment.get('access_token');
  if (!token) throw new GmailApiError(`sign-in failed: ${fragment.get('error') ?? 'no token in the answer'}`, 401, 'auth');
  const expiresIn = Number(fragment.get('expires_in') ?? 3600);
  await writeToken({ token, expiresAt: Date.now() + Math.max(60, expiresIn - 60) * 1000 });
  return token;
}

/** Forgets the OAuth token (the developer token stays in settings until removed there). */
export async function signOut(): Promise<void> {
  await writeToken(undefined);
}

/** Whether sending can get a token without asking: a developer token, or an unexpired OAuth token. */
export async function signedIn(settings: CampaignSettings): Promise<'developer' | 'oauth' | false> {
  if (settings.developerToken) return 'developer';
  const stored = await readToken();
  return stored && stored.expiresAt > Date.now() ? 'oauth' : false;
}

/**
 * The GmailClient's token source. A 401 asks for `refresh`: the OAuth token is renewed silently
 * (prompt=none); if that needs the user, it throws an auth error and the engine pauses the campaign.
 */
export async function getToken({ refresh }: { refresh: boolean }): Promise<string> {
  const settings = await loadCampaignSettings();
  if (settings.developerToken) return settings.developerToken;
  // A Google token goes to Google only: another base URL (a test server) needs a developer token.
  if (new URL(settings.baseUrl).origin !== new URL(DEFAULT_GMAIL_BASE_URL).origin) {
    throw new GmailApiError(`sign-in needed: ${settings.baseUrl} is not Google's Gmail API; set a developer token for it`, 401, 'auth');
  }
  const stored = await readToken();
  if (!refresh && stored && stored.expiresAt > Date.now()) return stored.token;
  try {
    return await signIn(settings, false);
  } catch (error) {
    throw error instanceof GmailApiError ? error : new GmailApiError(`sign-in needed: ${(error as Error).message}`, 401, 'auth');
  }
}

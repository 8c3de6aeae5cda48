// Joining a team: what the form accepts (checked before anything is asked of the browser), the
// origin asked for as an optional host permission, and leaving (the local book stays).
import type { TeamConfig } from './config';

/** Why a join form is refused; each is a message `teamJoinError_<code>` in the UI. */
export type JoinError = 'url-empty' | 'url-invalid' | 'url-scheme' | 'url-insecure' | 'token-empty' | 'token-shape' | 'name-empty' | 'name-long';

export interface JoinForm {
  serverUrl: string;
  token: string;
  memberName: string;
}

export type JoinResult = { ok: true; config: TeamConfig } | { ok: false; errors: Partial<Record<keyof JoinForm, JoinError>> };

// The server's own shape (server/team-store.ts): kzn1_<team id>_<43 characters of base64url>.
const TOKEN = /^kzn1_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

function checkUrl(raw: string): JoinError | undefined {
  if (!raw) return 'url-empty';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url-invalid';
  }
  if (url.protocol === 'wss:') return url.hostname ? undefined : 'url-invalid';
  if (url.protocol === 'ws:') return LOCAL_HOSTS.has(url.hostname) ? undefined : 'url-insecure';
  return 'url-scheme';
}

/** Checks a join form: `wss://` only (`ws://` to localhost or 127.0.0.1), a token of the server's shape, a name. */
export function parseJoinForm(form: JoinForm, now = Date.now()): JoinResult {
  const serverUrl = form.serverUrl.trim();
  const token = form.token.trim();
  const memberName = form.memberName.trim();
  const errors: Partial<Record<keyof JoinForm, JoinError>> = {};
  const urlError = checkUrl(serverUrl);
  if (urlError) errors.serverUrl = urlError;
  const match = TOKEN.exec(token);
  if (!token) errors.token = 'token-empty';
  else if (!match) errors.token = 'token-shape';
  if (!memberName) errors.memberName = 'name-empty';
  else if (memberName.length > 80) errors.memberName = 'name-long';
  if (Object.keys(errors).length > 0 || !match) return { ok: false, errors };
  return { ok: true, config: { serverUrl: new URL(serverUrl).href.replace(/\/$/, ''), token, teamId: match[1]!, memberName, joinedAt: now } };
}

/** The match pattern asked for at join: the server's scheme and host, any port and path (ports are not part of match patterns). */
export function serverOriginPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

import type { z } from 'zod';
import { GmailApiError, errorFromResponse } from './errors';
import { toBase64Url } from './encoding';
import { MessageListSchema, SentMessageSchema, ThreadSchema, type GmailThread, type MessageRef, type SentMessage } from './schemas';

export const DEFAULT_GMAIL_BASE_URL = 'https://gmail.googleapis.com';

/** The Gmail calls the campaign engine needs; the engine depends on this, not on fetch. */
export interface GmailClient {
  /** users.messages.send with an RFC 2822 message; `threadId` keeps a follow-up in its thread. */
  send(rfc2822: string, opts?: { threadId?: string }): Promise<SentMessage>;
  /** users.messages.list with a search query (e.g. `rfc822msgid:<…>`). */
  list(q: string, maxResults?: number): Promise<MessageRef[]>;
  /** users.threads.get. */
  getThread(id: string, format?: 'metadata' | 'full'): Promise<GmailThread>;
}

export interface GmailClientOptions {
  /** Where the API lives; tests point this at a local server. */
  baseUrl?: string;
  /** An OAuth access token; `refresh` asks for a new one after a 401. */
  getToken: (opts: { refresh: boolean }) => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A minimal Gmail API client over fetch, with typed errors (status, kind, Retry-After). */
export function createGmailClient(options: GmailClientOptions): GmailClient {
  const base = `${(options.baseUrl ?? DEFAULT_GMAIL_BASE_URL).replace(/\/+$/, '')}/gmail/v1/users/me`;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T extends z.ZodType>(schema: T, path: string, init: RequestInit = {}): Promise<z.infer<T>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await options.getToken({ refresh: attempt > 0 });
      let res: Response;
      let text: string;
      try {
        res = await doFetch(`${base}${path}`, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await res.text();
      } catch (error) {
        throw new GmailApiError(`no answer from Gmail: ${(error as Error).message}`, 0, 'network');
      }
      // A 401 usually means an expired token: get a fresh one once before giving up.
      if (res.status === 401 && attempt === 0) continue;
      if (!res.ok) throw errorFromResponse(res.status, text, res.headers.get('retry-after'));
      const parsed = schema.safeParse(safeJson(text));
      if (!parsed.success) throw new GmailApiError('unexpected answer from Gmail', res.status, 'server');
      return parsed.data;
    }
    throw new GmailApiError('unreachable', 0, 'auth');
  }

  return {
    send(rfc2822, opts = {}) {
      const body = JSON.stringify({ raw: toBase64Url(rfc2822), ...(opts.threadId ? { threadId: opts.threadId } : {}) });
      return call(SentMessageSchema, '/messages/send', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    },
    async list(q, maxResults = 10) {
      const params = new URLSearchParams({ q, maxResults: String(maxResults) });
      const data = await call(MessageListSchema, `/messages?${params}`);
      return (data.messages ?? []).map((m) => ({ id: m.id, threadId: m.threadId }));
    },
    getThread(id, format = 'full') {
      return call(ThreadSchema, `/threads/${encodeURIComponent(id)}?format=${format}`);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGmailClient, type GmailClient } from '../../../lib/gmail-api/client';
import { GmailApiError, retryAfterMs } from '../../../lib/gmail-api/errors';
import { buildMessage } from '../../../lib/gmail-api/mime';
import { startFakeGmail, type FakeGmail } from '../../support/fake-gmail-server';

let server: FakeGmail;
let client: GmailClient;
const tokens: boolean[] = [];

beforeEach(async () => {
  server = await startFakeGmail();
  tokens.length = 0;
  client = createGmailClient({
    baseUrl: server.baseUrl,
    getToken: async ({ refresh }) => {
      tokens.push(refresh);
      return 'token';
    },
    timeoutMs: 2000,
  });
});
afterEach(() => server.close());

const raw = (to: string, messageId: string, extra: { inReplyTo?: string; subject?: string } = {}) =>
  buildMessage({
    from: { address: 'cs@kizuna-test.com' },
    to: [{ address: to }],
    bcc: [{ address: 'log@kizuna-test.com' }],
    subject: extra.subject ?? '更新のご案内',
    text: 'Hello',
    messageId,
    ...(extra.inReplyTo ? { inReplyTo: extra.inReplyTo, references: [extra.inReplyTo] } : {}),
    date: 0,
  });

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as GmailApiError,
  );

describe('Gmail API client against the fake server', () => {
  it('sends, threads, finds by Message-ID and reads the thread', async () => {
    const first = await client.send(raw('ann@acme.com', '<a.1@kizuna-test.com>'));
    const second = await client.send(raw('ann@acme.com', '<a.2@kizuna-test.com>', { inReplyTo: '<a.1@kizuna-test.com>', subject: 'Re: 更新のご案内' }), { threadId: first.threadId });
    expect(second.threadId).toBe(first.threadId);
    expect(server.messages.map((m) => [m.to, m.bcc, m.subject, m.messageId])).toEqual([
      [['ann@acme.com'], ['log@kizuna-test.com'], '更新のご案内', '<a.1@kizuna-test.com>'],
      [['ann@acme.com'], ['log@kizuna-test.com'], 'Re: 更新のご案内', '<a.2@kizuna-test.com>'],
    ]);
    expect(server.messages[1]!.inReplyTo).toBe('<a.1@kizuna-test.com>');
    expect(await client.list('rfc822msgid:a.2@kizuna-test.com')).toEqual([{ id: second.id, threadId: first.threadId }]);
    expect(await client.list('rfc822msgid:nothing@kizuna-test.com')).toEqual([]);
    server.inject({ kind: 'reply', threadId: first.threadId, from: 'ann@acme.com', text: 'thanks' });
    const thread = await client.getThread(first.threadId);
    expect(thread.messages.map((m) => m.labelIds)).toEqual([['SENT'], ['SENT'], ['INBOX']]);
    expect(tokens).toEqual([false, false, false, false, false]);
  });

  it('types a 429 with Retry-After in seconds or as an HTTP date', async () => {
    server.inject({ kind: 'status', status: 429, retryAfter: '7' });
    const e = await rejection(client.send(raw('ann@acme.com', '<b.1@kizuna-test.com>')));
    expect(e).toBeInstanceOf(GmailApiError);
    expect([e?.status, e?.kind, e?.retryAfter, e?.retryable, e?.ambiguous]).toEqual([429, 'rate-limit', '7', true, false]);
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs(new Date(90_000).toUTCString(), 30_000)).toBe(60_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(server.messages).toHaveLength(0);
  });

  it('types 5xx, 403 rate limits, other 4xx, and a reset connection', async () => {
    server.inject({ kind: 'status', status: 503 });
    server.inject({ kind: 'status', status: 403, reason: 'userRateLimitExceeded' });
    server.inject({ kind: 'status', status: 400, reason: 'invalidArgument' });
    server.inject({ kind: 'reset' });
    const kinds = [];
    for (let i = 0; i < 4; i++) {
      const e = await rejection(client.send(raw('ann@acme.com', `<c.${i}@kizuna-test.com>`)));
      kinds.push([e?.status, e?.kind, e?.ambiguous]);
    }
    expect(kinds).toEqual([
      [503, 'server', true],
      [403, 'rate-limit', false],
      [400, 'client', false],
      [0, 'network', true],
    ]);
    expect(server.messages).toHaveLength(0);
  });

  it('stores an accept-then-drop message although the client sees no answer', async () => {
    server.inject({ kind: 'accept-drop' });
    const e = await rejection(client.send(raw('ann@acme.com', '<d.1@kizuna-test.com>')));
    expect(e?.kind).toBe('network');
    expect(server.messages).toHaveLength(1);
    expect(await client.list('rfc822msgid:<d.1@kizuna-test.com>')).toHaveLength(1);
  });

  it('times out a slow answer, and asks for a fresh token once after a 401', async () => {
    const impatient = createGmailClient({ baseUrl: server.baseUrl, getToken: async () => 'token', timeoutMs: 200 });
    server.inject({ kind: 'slow', delayMs: 1000 });
    const slow = await rejection(impatient.send(raw('ann@acme.com', '<e.1@kizuna-test.com>')));
    expect(slow?.kind).toBe('network');
    server.inject({ kind: 'slow', delayMs: 100, route: 'list' });
    expect((await impatient.list('from:nobody@acme.com')).length).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ route: 'list', status: 200 });
    server.inject({ kind: 'status', status: 401, route: 'list' });
    expect(await client.list('from:ann@acme.com')).toEqual([]);
    expect(tokens.slice(-2)).toEqual([false, true]);
    const missing = await rejection(client.getThread('nope'));
    expect([missing?.status, missing?.kind]).toEqual([404, 'client']);
  });
});

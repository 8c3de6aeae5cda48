import { afterEach, describe, expect, it } from 'vitest';
import { lookupSent, nextLookupAt } from '../../../lib/campaigns/sent-lookup';
import type { GmailClient } from '../../../lib/gmail-api/client';
import { GmailApiError } from '../../../lib/gmail-api/errors';
import { buildMessage } from '../../../lib/gmail-api/mime';
import { DAY, T0 } from './fixtures';
import { contactsFor, setup, type Harness } from './harness';

// Issue #14: Gmail's search index may not show a just-sent message for a while. A send whose
// outcome is unknown must not be sent again because one look-up came too early.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ONE_STEP = [{ templateId: 1, delayDays: 0, condition: 'no-reply' as const }];
const sendsTo = (email: string) => h!.server.messages.filter((m) => m.to.includes(email));

/** The real client, but `rfc822msgid:` finds a message only `lagMs` after it reached Gmail, like a lagging search index. */
function laggingSearch(real: GmailClient, clock: { now: number }, lagMs: number) {
  const visibleAt = new Map<string, number>();
  const missed: number[] = [];
  const client: GmailClient = {
    async send(raw, opts) {
      const id = /^Message-ID: (\S+)/m.exec(raw)?.[1];
      if (id) visibleAt.set(id, clock.now + lagMs);
      return real.send(raw, opts);
    },
    async list(q, max) {
      const hits = await real.list(q, max);
      const id = /^rfc822msgid:(\S+)$/.exec(q)?.[1];
      const at = id === undefined ? undefined : visibleAt.get(`<${id}>`);
      if (at !== undefined && clock.now < at) {
        missed.push(clock.now);
        return [];
      }
      return hits;
    },
    getThread: (id, format) => real.getThread(id, format),
  };
  return { client, missed };
}

describe('a send whose outcome is unknown', () => {
  it('is not sent again when the look-up misses while the index lags (lost answer)', async () => {
    h = await setup({ contacts: contactsFor(1), campaign: { ratePerMinute: 60, steps: ONE_STEP } });
    const email = contactsFor(1)[0]!.email;
    // Gmail stores the message but the answer never arrives; search shows it only a minute later.
    h.server.inject({ kind: 'accept-drop', to: email });
    const lag = laggingSearch(h.gmail, h.clock, 60_000);
    const engine = h.engine({ gmail: lag.client });
    await engine.start('c1', T0);
    h.clock.now = T0;
    await h.run(engine, { stopAt: T0 + DAY });
    expect(lag.missed.length).toBeGreaterThan(0);
    expect(sendsTo(email)).toHaveLength(1);
    expect((await h.store.listRecipients('c1'))[0]).toMatchObject({ state: 'sent' });
    expect(await h.ledger()).toHaveLength(1);
  });

  it('is not sent again when the look-up misses while the index lags (worker stopped mid-send)', async () => {
    h = await setup({ contacts: contactsFor(1), campaign: { ratePerMinute: 60, steps: ONE_STEP, status: 'running' } });
    const [r] = await h.store.listRecipients('c1');
    const messageId = `<kz.c1.${r!.id}.0.x@kizuna-test.com>`;
    await h.store.transition(r!.id, 'queued', 'sending', { step: 0, attempts: 1, lastAttemptAt: T0, nextAttemptAt: undefined, messageId });
    const lag = laggingSearch(h.gmail, h.clock, 60_000);
    h.clock.now = T0;
    await lag.client.send(buildMessage({ from: { address: 'cs@kizuna-test.com' }, to: [{ address: r!.email }], subject: 's', text: 't', messageId, date: T0 }));
    // A new worker: an orphaned 'sending' row is first looked up 15 s after its attempt.
    const engine = h.engine({ gmail: lag.client, leaseMs: 15_000 });
    h.clock.now = T0 + 15_000;
    await h.run(engine, { stopAt: T0 + DAY });
    expect(lag.missed.length).toBeGreaterThan(0);
    expect(sendsTo(r!.email)).toHaveLength(1);
    expect(await h.store.getRecipient(r!.id)).toMatchObject({ state: 'sent', sentMessageIds: [messageId] });
  });

  it('is retried with the same Message-ID only after the last look-up of the window misses', async () => {
    h = await setup({ contacts: contactsFor(1), campaign: { ratePerMinute: 60, steps: ONE_STEP } });
    const email = contactsFor(1)[0]!.email;
    // The connection is cut before Gmail stores anything: the outcome is unknown, and it was not sent.
    h.server.inject({ kind: 'reset', to: email });
    const engine = h.engine();
    await engine.start('c1', T0);
    h.clock.now = T0;
    await engine.tick(T0);
    const [r] = await h.store.listRecipients('c1');
    expect(r).toMatchObject({ state: 'retrying', lastAttemptAt: T0 });
    await h.run(engine, { stopAt: T0 + DAY });
    const lookups = h.server.requests.filter((q) => q.route === 'list' && q.q?.startsWith('rfc822msgid:')).map((q) => q.at - T0);
    expect(lookups).toEqual([15_000, 120_000, 600_000]);
    const [message] = sendsTo(email);
    expect(sendsTo(email)).toHaveLength(1);
    expect(message!.messageId).toBe(r!.messageId);
    expect(message!.internalDate).toBeGreaterThanOrEqual(T0 + 600_000);
  });

  it('of a follow-up is found by reading its thread even while search still misses it', async () => {
    h = await setup({ contacts: contactsFor(1), campaign: { ratePerMinute: 60 } });
    const email = contactsFor(1)[0]!.email;
    // Search never catches up within the window; the thread read does not go through search.
    const lag = laggingSearch(h.gmail, h.clock, DAY);
    const engine = h.engine({ gmail: lag.client, checkUnsubscribeMail: false });
    await engine.start('c1', T0);
    h.clock.now = T0;
    await h.run(engine, { stopAt: T0 + 3 * DAY });
    expect(sendsTo(email)).toHaveLength(1);
    h.server.inject({ kind: 'accept-drop', to: email });
    await h.run(engine, { stopAt: T0 + 10 * DAY });
    expect(lag.missed.length).toBeGreaterThan(0);
    expect(sendsTo(email)).toHaveLength(2);
    expect((await h.store.listRecipients('c1'))[0]).toMatchObject({ state: 'sent', step: 1 });
  });

  it('in a cancelled campaign is not written off before the window is over, without busy ticks meanwhile', async () => {
    h = await setup({ contacts: contactsFor(2), campaign: { ratePerMinute: 60, jitter: 0, steps: ONE_STEP } });
    const emails = contactsFor(2).map((c) => c.email);
    for (const to of emails) h.server.inject({ kind: 'accept-drop', to });
    const lag = laggingSearch(h.gmail, h.clock, 60_000);
    const engine = h.engine({ gmail: lag.client, maxPerTick: 1 });
    await engine.start('c1', T0);
    h.clock.now = T0;
    await engine.tick(T0);
    h.clock.now = T0 + 1000;
    await engine.tick(T0 + 1000);
    expect((await h.store.listRecipients('c1', ['retrying'])).length).toBe(2);
    await engine.cancel('c1', T0 + 2000);
    h.clock.now = T0 + 2000;
    const ticks = await h.run(engine, { maxTicks: 20 });
    expect(ticks).toBeLessThan(20);
    expect(lag.missed.length).toBeGreaterThan(0);
    expect((await h.store.listRecipients('c1')).map((r) => r.state)).toEqual(['sent', 'sent']);
    for (const to of emails) expect(sendsTo(to)).toHaveLength(1);
    expect(await h.ledger()).toHaveLength(2);
  });
});

describe('looking a message up in Sent', () => {
  const message = (id: string, messageId: string) => ({ id, threadId: 't1', payload: { headers: [{ name: 'Message-Id', value: messageId }] } });
  const client = (thread: () => Promise<{ id: string; messages: ReturnType<typeof message>[] }>): GmailClient => ({
    send: async () => ({ id: 'x', threadId: 'x' }),
    list: async () => [],
    getThread: thread,
  });

  it('finds a follow-up in its thread by Message-ID when search does not, and only there when a thread is given', async () => {
    const gmail = client(async () => ({ id: 't1', messages: [message('g1', '<a@x>'), message('g2', ' <b@x> ')] }));
    expect(await lookupSent(gmail, '<b@x>', 't1')).toEqual({ id: 'g2', threadId: 't1' });
    expect(await lookupSent(gmail, '<c@x>', 't1')).toBeUndefined();
    expect(await lookupSent(gmail, '<b@x>')).toBeUndefined();
  });

  it('takes a deleted thread (404) as not found there, and lets other failures through', async () => {
    expect(
      await lookupSent(
        client(async () => Promise.reject(new GmailApiError('Gmail API 404', 404, 'client'))),
        '<b@x>',
        't1',
      ),
    ).toBeUndefined();
    await expect(
      lookupSent(
        client(async () => Promise.reject(new GmailApiError('no answer', 0, 'network'))),
        '<b@x>',
        't1',
      ),
    ).rejects.toThrow('no answer');
  });

  it('schedules the next look-up after the attempt, and none once the window is over', () => {
    const window = [15_000, 120_000, 600_000];
    expect(nextLookupAt(T0, T0, window)).toBe(T0 + 15_000);
    expect(nextLookupAt(T0, T0 + 15_000, window)).toBe(T0 + 120_000);
    expect(nextLookupAt(T0, T0 + 599_999, window)).toBe(T0 + 600_000);
    expect(nextLookupAt(T0, T0 + 600_000, window)).toBeUndefined();
  });
});

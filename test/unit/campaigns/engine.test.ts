import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignEngine } from '../../../lib/campaigns/engine';
import type { Recipient, SkipReason } from '../../../lib/campaigns/types';
import type { GmailClient } from '../../../lib/gmail-api/client';
import { DAY, T0 } from './fixtures';
import { contactsFor, setup, stepOf, type Harness } from './harness';

// 53 contacts: 50..52 are do-not-contact when planned; 0..49 get the campaign.
const contacts = contactsFor(53).map((c, i) => (i >= 50 ? { ...c, doNotContact: true } : c));
const email = (i: number) => contacts[i]!.email;
const REPLIED = [0, 1, 2, 4];
const BOUNCED = 6;
const UNSUB_REPLY = 8;
const UNSUB_MAILTO = 10;
const REJECTED = 11;
const LATE_DNC = 12;
const NO_STEP_2 = new Set([...REPLIED, BOUNCED, UNSUB_REPLY, UNSUB_MAILTO, REJECTED, LATE_DNC]);

/** A client whose send to `victim` never answers, as if the worker died mid-call (after or before Gmail got it). */
function dyingClient(real: GmailClient, victim: string, reachesGmail: boolean, died: () => void): GmailClient {
  return {
    list: (q, n) => real.list(q, n),
    getThread: (id, f) => real.getThread(id, f),
    async send(raw, opts) {
      if (!raw.includes(`<${victim}>`)) return real.send(raw, opts);
      if (reachesGmail) await real.send(raw, opts);
      died();
      return new Promise(() => {});
    },
  };
}

async function crashOn(h: Harness, victim: string, reachesGmail: boolean): Promise<void> {
  let died!: () => void;
  const death = new Promise<string>((resolve) => (died = () => resolve('died')));
  const doomed = h.engine({ gmail: dyingClient(h.gmail, victim, reachesGmail, died) });
  // The doomed engine's tick never finishes; it is abandoned, like a stopped service worker.
  expect(await Promise.race([h.run(doomed).then(() => 'finished'), death])).toBe('died');
  const stuck = (await h.store.listRecipients('c1', ['sending'])).map((r) => r.email);
  expect(stuck).toContain(victim);
}

describe.each(['memory', 'dexie'] as const)('campaign engine against the fake Gmail server (%s store)', (storeKind) => {
  let h: Harness;
  let engine: CampaignEngine;
  const suppressed = new Set([email(50), email(51), email(52)]);
  const stopped: [string, SkipReason][] = [];
  const sentTo = (i: number, step: number) => h.server.messages.filter((m) => m.to.includes(email(i)) && stepOf(m.messageId) === step);
  const recipient = async (i: number) => (await h.store.listRecipients('c1')).find((r) => r.email === email(i)) as Recipient;

  beforeAll(async () => {
    h = await setup({ contacts, campaign: { bcc: ['log@kizuna-test.com'] }, suppressed, store: storeKind });
    const first = h.engine();
    await first.sendTest({ campaignId: 'c1', to: 'cs@kizuna-test.com', rendered: { subject: 'preview', body: 'preview', warnings: [] }, now: h.clock.now });
    expect(await first.start('c1', h.clock.now)).toBe(true);
    h.server.inject({ kind: 'status', status: 429, retryAfter: '120', to: email(3) });
    h.server.inject({ kind: 'status', status: 500, to: email(5) });
    h.server.inject({ kind: 'reset', to: email(7) });
    h.server.inject({ kind: 'accept-drop', to: email(9) });
    h.server.inject({ kind: 'status', status: 400, reason: 'invalidArgument', to: email(REJECTED) });
    h.server.inject({ kind: 'slow', delayMs: 300, to: email(13) });

    // Two crashes in step 1: one after Gmail accepted the message, one before it got there.
    await crashOn(h, email(25), true);
    await crashOn(h, email(27), false);
    engine = h.engine({ events: { onStopped: (r, reason) => void stopped.push([r.email, reason]) } });
    await h.run(engine, { stopAt: T0 + DAY });
  });
  afterAll(() => h.close());

  it('sends step 1 exactly once to every recipient despite faults and crashes', async () => {
    for (let i = 0; i < 50; i++) expect(sentTo(i, 0), `person ${i}`).toHaveLength(i === REJECTED ? 0 : 1);
    expect((await h.store.listRecipients('c1', ['sending', 'queued', 'retrying'])).length).toBe(0);
    // The 429's Retry-After (120 s) was honoured before the retry.
    const limited = h.server.requests.find((r) => r.route === 'send' && r.status === 429)!;
    expect(sentTo(3, 0)[0]!.internalDate).toBeGreaterThanOrEqual(limited.at + 120_000);
    const rejected = await recipient(REJECTED);
    expect([rejected.state, rejected.lastError]).toEqual(['failed', expect.stringContaining('400')]);
  });

  it('stops follow-ups on reply, bounce and unsubscribe, and sends step 2 once in the same thread to the rest', async () => {
    for (const i of REPLIED) {
      const r = await recipient(i);
      h.server.inject({ kind: 'reply', threadId: r.threadId!, from: email(i), text: i === 1 ? 'ありがとうございます。検討します。' : 'Thanks, we are fine.' });
    }
    h.server.inject({ kind: 'bounce', threadId: (await recipient(BOUNCED)).threadId!, recipient: email(BOUNCED) });
    h.server.inject({ kind: 'reply', threadId: (await recipient(UNSUB_REPLY)).threadId!, from: email(UNSUB_REPLY), text: 'Please unsubscribe me.' });
    h.server.inject({ kind: 'unsubscribe-mail', from: email(UNSUB_MAILTO), to: 'cs@kizuna-test.com' });
    suppressed.add(email(LATE_DNC));
    h.server.inject({ kind: 'accept-drop', to: email(14) });
    h.server.inject({ kind: 'status', status: 503, to: email(15) });
    h.server.inject({ kind: 'status', status: 429, retryAfter: '30', route: 'thread' });
    await h.run(engine);

    for (let i = 0; i < 50; i++) {
      const second = sentTo(i, 1);
      expect(second, `person ${i}`).toHaveLength(NO_STEP_2.has(i) ? 0 : 1);
      if (NO_STEP_2.has(i)) continue;
      const [first] = sentTo(i, 0);
      expect(second[0]).toMatchObject({ threadId: first!.threadId, inReplyTo: first!.messageId, references: [first!.messageId], subject: `Re: ${first!.subject}` });
      expect(second[0]!.internalDate - first!.internalDate).toBeGreaterThanOrEqual(3 * DAY);
    }
    const reasons = Object.fromEntries(await Promise.all([...REPLIED, BOUNCED, UNSUB_REPLY, UNSUB_MAILTO, LATE_DNC].map(async (i) => [i, (await recipient(i)).reason])));
    expect(reasons).toEqual({ 0: 'replied', 1: 'replied', 2: 'replied', 4: 'replied', 6: 'bounced', 8: 'unsubscribed', 10: 'unsubscribed', 12: 'do-not-contact' });
    expect(stopped.map(([e]) => e).sort()).toEqual([...REPLIED, BOUNCED, UNSUB_REPLY, UNSUB_MAILTO, LATE_DNC].map(email).sort());
  });

  it('never reaches do-not-contact addresses and never sends a Message-ID twice', () => {
    for (const i of [50, 51, 52]) expect(h.server.mailbox.filter((m) => m.to.includes(email(i)))).toHaveLength(0);
    const ids = h.server.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(h.server.messages).toHaveLength(1 + 49 + 50 - NO_STEP_2.size);
  });

  it('keeps a ledger that matches what the server received, bcc and the test send included', async () => {
    const received = h.server.messages.reduce((sum, m) => sum + m.to.length + m.cc.length + m.bcc.length, 0);
    const ledger = await h.ledger();
    expect(ledger.reduce((sum, e) => sum + e.count, 0)).toBe(received);
    expect(ledger.filter((e) => e.kind === 'test')).toHaveLength(1);
    expect(received).toBe(1 + 2 * (49 + 41));
  });

  it('ends done with live counts that add up', async () => {
    expect((await h.store.getCampaign('c1'))?.status).toBe('done');
    expect(await engine.counts('c1')).toEqual({
      total: 53,
      queued: 0,
      sent: 49,
      messages: 90,
      awaitingFollowUp: 0,
      replied: 4,
      bounced: 1,
      unsubscribed: 2,
      failed: 1,
      skipped: 4,
      finished: 53,
    });
    expect((await engine.tick(h.clock.now + DAY)).nextWakeAt).toBeUndefined();
  });
});

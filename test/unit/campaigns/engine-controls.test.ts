import { afterEach, describe, expect, it } from 'vitest';
import { QuotaError } from '../../../lib/campaigns/controls';
import { usedInWindow } from '../../../lib/campaigns/ledger';
import { buildMessage } from '../../../lib/gmail-api/mime';
import { DAY, T0 } from './fixtures';
import { contactsFor, setup, stepOf, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const preview = { subject: 'preview', body: 'preview', warnings: [] };
const sendsTo = (email: string, step = 0) => h!.server.messages.filter((m) => m.to.includes(email) && stepOf(m.messageId) === step);
const campaignSends = () => h!.server.messages.filter((m) => m.messageId.startsWith('<kz.c1.c1-'));

describe('engine: retries and Retry-After', () => {
  it('honours Retry-After given as an HTTP date, holding the whole account', async () => {
    h = await setup({ contacts: contactsFor(3), campaign: { ratePerMinute: 60, jitter: 0 } });
    const engine = h.engine();
    await engine.start('c1', T0);
    h.clock.now = T0;
    h.server.inject({ kind: 'status', status: 429, retryAfter: new Date(T0 + 90_000).toUTCString() });
    const first = await engine.tick(T0);
    expect(first.outcomes.retrying).toBe(1);
    const limited = (await h.store.listRecipients('c1', ['retrying']))[0]!;
    expect(limited.nextAttemptAt).toBe(T0 + 90_000);
    expect((await h.store.getCampaign('c1'))!.nextSendAt).toBe(T0 + 90_000);
    expect(first.nextWakeAt).toBe(T0 + 90_000);
    expect((await engine.tick(T0 + 30_000)).outcomes.sent).toBe(0);
    h.clock.now = T0 + 90_000;
    await h.run(engine);
    for (const c of contactsFor(3)) expect(sendsTo(c.email)).toHaveLength(1);
    expect(sendsTo(limited.email)[0]!.internalDate).toBeGreaterThanOrEqual(T0 + 90_000);
  });

  it('fails a recipient after the capped attempts on repeated 5xx, looking it up in Sent before each retry', async () => {
    h = await setup({ contacts: contactsFor(2), campaign: { ratePerMinute: 60 } });
    const victim = contactsFor(2)[0]!.email;
    h.server.inject({ kind: 'status', status: 500, to: victim, times: 10 });
    const engine = h.engine({ maxAttempts: 3 });
    await engine.start('c1', T0);
    await h.run(engine);
    const r = (await h.store.listRecipients('c1')).find((x) => x.email === victim)!;
    expect([r.state, r.attempts, r.lastError]).toEqual(['failed', 3, expect.stringContaining('500')]);
    expect(h.server.requests.filter((q) => q.route === 'send' && q.status === 500)).toHaveLength(3);
    expect(h.server.requests.filter((q) => q.route === 'list').length).toBeGreaterThanOrEqual(3);
    expect(sendsTo(victim)).toHaveLength(0);
    expect(sendsTo(contactsFor(2)[1]!.email)).toHaveLength(1);
  });

  it('fails on another 4xx with the reason, and on a message that cannot be built safely', async () => {
    h = await setup({ contacts: contactsFor(3), campaign: { ratePerMinute: 60 } });
    const [a, b, c] = contactsFor(3).map((x) => x.email);
    h.server.inject({ kind: 'status', status: 400, reason: 'invalidArgument', to: a! });
    const engine = h.engine({
      renderStep: (_c, r) => ({ subject: r.email === b ? 'Hi\r\nBcc: victim@evil.com' : 'Hi', body: 'x', warnings: r.email === c ? ['no value for {{company}}'] : [] }),
    });
    await engine.start('c1', T0);
    await h.run(engine);
    const byEmail = new Map((await h.store.listRecipients('c1')).map((r) => [r.email, r]));
    expect(byEmail.get(a!)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('400') });
    expect(byEmail.get(b!)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('line break') });
    expect(byEmail.get(c!)).toMatchObject({ state: 'skipped', reason: 'missing-merge-value', lastError: 'no value for {{company}}' });
    expect(h.server.messages).toHaveLength(0);
  });

  it('pauses the campaign when Gmail rejects the sign-in, without using up an attempt', async () => {
    h = await setup({ contacts: contactsFor(1) });
    h.server.inject({ kind: 'status', status: 401, times: 2 });
    const engine = h.engine();
    await engine.start('c1', T0);
    expect((await engine.tick(T0)).outcomes.paused).toBe(1);
    expect(await h.store.getCampaign('c1')).toMatchObject({ status: 'paused', pauseReason: expect.stringMatching(/^sign-in needed/) });
    expect((await h.store.listRecipients('c1'))[0]).toMatchObject({ state: 'retrying', attempts: 0 });
    expect(await engine.resume('c1', T0 + 1000)).toBe(true);
    h.clock.now = T0 + 1000;
    await h.run(engine, { stopAt: T0 + DAY });
    expect(h.server.messages).toHaveLength(1);
  });
});

describe('engine: quota', () => {
  it('pauses at 90 % of the cap counting bcc and test sends, and resumes when the window allows', async () => {
    h = await setup({ contacts: contactsFor(6), campaign: { dailyCap: 10, bcc: ['log@kizuna-test.com'], ratePerMinute: 60 } });
    const engine = h.engine();
    await engine.sendTest({ campaignId: 'c1', to: 'cs@kizuna-test.com', rendered: preview, now: T0 - 60_000 });
    await engine.start('c1', T0);
    h.clock.now = T0;
    await h.run(engine, { stopAt: T0 + 3600_000 });
    // Pause at 9 of 10: the test send (1) + 4 messages × 2 recipients.
    expect(campaignSends()).toHaveLength(4);
    const firstSend = (await h.ledger()).find((e) => e.kind === 'send')!.at;
    expect((await h.store.getCampaign('c1'))!.quotaWaitUntil).toBe(firstSend + DAY);
    // A test send may still use the last 10 %, then the cap is hard.
    await engine.sendTest({ campaignId: 'c1', to: 'cs@kizuna-test.com', rendered: preview, now: h.clock.now });
    await expect(engine.sendTest({ campaignId: 'c1', to: 'cs@kizuna-test.com', rendered: preview, now: h.clock.now })).rejects.toBeInstanceOf(QuotaError);
    await h.run(engine, { stopAt: T0 + 1.5 * DAY });
    expect(campaignSends().filter((m) => stepOf(m.messageId) === 0)).toHaveLength(6);
    const ledger = await h.ledger();
    for (const e of ledger.filter((x) => x.kind === 'send')) expect(usedInWindow(ledger, e.at)).toBeLessThanOrEqual(10);
    expect(ledger.reduce((s, e) => s + e.count, 0)).toBe(h.server.messages.reduce((s, m) => s + m.to.length + m.bcc.length, 0));
  });
});

describe('engine: controls and pacing', () => {
  it('paces sends by the rate with jitter, one per tick', async () => {
    h = await setup({ contacts: contactsFor(8), campaign: { ratePerMinute: 6, jitter: 0.5, steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }] } });
    const engine = h.engine();
    await engine.start('c1', T0);
    h.clock.now = T0;
    const ticks = await h.run(engine);
    expect(ticks).toBe(8);
    const times = h.server.messages.map((m) => m.internalDate);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const g of gaps) expect(g >= 5000 && g <= 15_000).toBe(true);
    expect(new Set(gaps).size).toBeGreaterThan(1);
    expect((await h.store.getCampaign('c1'))!.status).toBe('done');
  });

  it('waits for a scheduled start', async () => {
    h = await setup({ contacts: contactsFor(2), campaign: { startAt: T0 + 3600_000 } });
    const engine = h.engine();
    await engine.start('c1', T0);
    expect((await engine.tick(T0)).nextWakeAt).toBe(T0 + 3600_000);
    expect((await h.store.getCampaign('c1'))!.status).toBe('scheduled');
    expect((await engine.tick(T0 + 3600_000)).outcomes.sent).toBe(1);
    expect((await h.store.getCampaign('c1'))!.status).toBe('running');
  });

  it('pauses, resumes, and cancels pending follow-ups', async () => {
    h = await setup({ contacts: contactsFor(5), campaign: { ratePerMinute: 60 } });
    const engine = h.engine();
    await engine.start('c1', T0);
    expect((await engine.tick(T0)).outcomes.sent).toBe(1);
    expect(await engine.pause('c1', T0)).toBe(true);
    expect((await engine.tick(T0 + 3600_000)).outcomes.sent).toBe(0);
    expect(await engine.resume('c1', T0 + 3600_000)).toBe(true);
    h.clock.now = T0 + 3600_000;
    await h.run(engine, { stopAt: T0 + DAY });
    expect(h.server.messages).toHaveLength(5);
    expect((await engine.counts('c1')).awaitingFollowUp).toBe(5);
    expect(await engine.cancel('c1', h.clock.now)).toBe(true);
    await h.run(engine);
    expect(h.server.messages).toHaveLength(5);
    expect(await engine.counts('c1')).toMatchObject({ sent: 5, messages: 5, awaitingFollowUp: 0, skipped: 5, finished: 5 });
    expect((await h.store.listRecipients('c1')).every((r) => r.reason === 'cancelled')).toBe(true);
    expect(await engine.resume('c1', h.clock.now)).toBe(false);
  });
});

describe('engine: crash recovery', () => {
  it("settles 'sending' rows after the lease: found in Sent → sent, not found → sent once by a retry", async () => {
    h = await setup({ contacts: contactsFor(2), campaign: { ratePerMinute: 60, steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }] } });
    const [a, b] = await h.store.listRecipients('c1');
    const claim = { step: 0, attempts: 1, lastAttemptAt: T0, nextAttemptAt: undefined, messageId: `<kz.c1.${a!.id}.0.x@kizuna-test.com>` };
    await h.store.transition(a!.id, 'queued', 'sending', claim);
    await h.store.transition(b!.id, 'queued', 'sending', { ...claim, messageId: `<kz.c1.${b!.id}.0.y@kizuna-test.com>` });
    // The worker died after Gmail accepted a's message.
    const raw = buildMessage({ from: { address: 'cs@kizuna-test.com' }, to: [{ address: a!.email }], subject: 's', text: 't', messageId: claim.messageId, date: T0 });
    await h.gmail.send(raw);
    await h.store.updateCampaign('c1', ['draft'], { status: 'running' });
    const engine = h.engine({ leaseMs: 120_000 });
    const early = await engine.tick(T0 + 60_000);
    expect(early.nextWakeAt).toBe(T0 + 120_000);
    expect(await h.store.listRecipients('c1', ['sending'])).toHaveLength(2);
    h.clock.now = T0 + 120_000;
    await h.run(engine);
    expect(await h.store.getRecipient(a!.id)).toMatchObject({ state: 'sent', sentMessageIds: [claim.messageId] });
    expect(await h.store.getRecipient(b!.id)).toMatchObject({ state: 'sent', sentMessageIds: [`<kz.c1.${b!.id}.0.y@kizuna-test.com>`] });
    expect(sendsTo(a!.email)).toHaveLength(1);
    expect(sendsTo(b!.email)).toHaveLength(1);
    expect(await h.ledger()).toHaveLength(2);
  });
});

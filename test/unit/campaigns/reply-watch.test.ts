import { afterEach, describe, expect, it } from 'vitest';
import { DAY, T0 } from './fixtures';
import { contactsFor, setup, type Harness } from './harness';

const WATCH_MS = 10 * 60_000;
const steps = [
  { templateId: 1, delayDays: 0, condition: 'no-reply' as const },
  { templateId: 2, delayDays: 3, condition: 'no-reply' as const },
  { templateId: 3, delayDays: 4, condition: 'no-reply' as const },
];

describe.each(['memory', 'dexie'] as const)('a reply before the next step is noticed at once (%s store)', (store) => {
  let h: Harness;
  afterEach(() => h.close());

  it('stops the recipient as replied on the next watch, days before its follow-up, and sends it nothing more', async () => {
    h = await setup({ contacts: contactsFor(3), campaign: { steps }, store });
    const engine = h.engine({ replyWatchMs: WATCH_MS });
    expect(await engine.start('c1', h.clock.now)).toBe(true);
    // Step 1 goes out to all three; the engine then waits days for step 2.
    await h.run(engine, { stopAt: T0 + 5 * 60_000 });
    const sent = await h.store.listRecipients('c1', ['sent']);
    expect(sent).toHaveLength(3);
    const [ann] = sent;
    h.server.inject({ kind: 'reply', threadId: ann!.threadId!, from: ann!.email, text: 'Thanks, we will renew.' });

    // The engine asks to be woken for the watch, not only when step 2 is due three days later.
    const { nextWakeAt } = await engine.tick(h.clock.now);
    expect(nextWakeAt).toBeDefined();
    expect(nextWakeAt!).toBeLessThanOrEqual(h.clock.now + WATCH_MS);
    h.clock.now = Math.max(h.clock.now, nextWakeAt!);
    await h.run(engine, { stopAt: T0 + WATCH_MS + 60_000 });
    const stopped = await h.store.getRecipient(ann!.id);
    expect([stopped?.state, stopped?.reason]).toEqual(['skipped', 'replied']);
    // The others are still waiting, their threads read once and marked.
    const others = await h.store.listRecipients('c1', ['sent']);
    expect(others).toHaveLength(2);
    for (const r of others) expect(r.repliesCheckedAt).toBeDefined();

    // The rest of the series, with a watch every two days to keep the run short.
    await h.run(h.engine({ replyWatchMs: 2 * DAY }));
    expect(h.server.messages.filter((m) => m.to.includes(ann!.email))).toHaveLength(1);
    expect(h.server.messages.filter((m) => !m.to.includes(ann!.email))).toHaveLength(2 * 3);
    expect(h.clock.now).toBeGreaterThanOrEqual(T0 + 7 * DAY);
  });

  it('reads at most maxPerTick threads per pass and paces the rest', async () => {
    h = await setup({ contacts: contactsFor(5), campaign: { steps }, store });
    const engine = h.engine({ replyWatchMs: WATCH_MS, maxPerTick: 2, pacing: false, checkUnsubscribeMail: false });
    expect(await engine.start('c1', h.clock.now)).toBe(true);
    await h.run(engine, { stopAt: T0 + 5 * 60_000 });
    expect(await h.store.listRecipients('c1', ['sent'])).toHaveLength(5);
    h.clock.now += WATCH_MS;
    const before = h.server.requests.filter((r) => r.route === 'thread').length;
    await engine.tick(h.clock.now);
    expect(h.server.requests.filter((r) => r.route === 'thread').length - before).toBe(2);
  });
});

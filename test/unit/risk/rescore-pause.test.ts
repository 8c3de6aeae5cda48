import { afterEach, describe, expect, it, vi } from 'vitest';
import { pauseBetweenChunks, recomputeNow, startRiskBackground } from '../../../lib/churn/background';
import { db } from '../../../lib/db';
import { noteForeground } from '../../../lib/db/foreground';
import type { Activity } from '../../../lib/db/types';
import { contact, DAY } from './fixtures';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { alertsOfContacts } from '../../../lib/churn/alert-store';

describe('background rescore, between chunks', () => {
  afterEach(() => vi.useRealTimers());

  const pauseLength = async (): Promise<number> => {
    const start = Date.now();
    let done = false;
    void pauseBetweenChunks().then(() => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(5);
    return Date.now() - start;
  };

  it('pauses briefly, and steps aside while Gmail shows threads (until a second after the last)', async () => {
    vi.useFakeTimers({ now: 5_000_000 });
    expect(await pauseLength()).toBeLessThan(100);
    noteForeground();
    const aside = await pauseLength();
    expect(aside).toBeGreaterThanOrEqual(1000);
    expect(aside).toBeLessThan(1100);
  });
});

describe('background rescore and the toolbar badge', () => {
  it('does not recount the open alerts after every chunk, and counts them again when done', async () => {
    const now = Date.now();
    await db.contacts.bulkAdd(Array.from({ length: 40 }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` })));
    // Each contact has a message waiting for an answer: every chunk raises alerts.
    await activityStoreOf(db).addMany(
      Array.from({ length: 40 }, (_, i) => ({
        kind: 'email',
        contactIds: [i + 1],
        at: now - 5 * DAY,
        direction: 'in',
        messageId: `m${i}`,
        threadId: `t${i}`,
        from: `c${i + 1}@x.example`,
        subject: 'Hello',
        snippet: 'Hi',
      })) as Activity[],
    );
    startRiskBackground();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const where = vi.spyOn(db.alerts, 'where');
    const summary = await recomputeNow({ chunkSize: 4 });
    expect(summary.alerts).toBeGreaterThanOrEqual(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const openReads = where.mock.calls.filter((call) => (call[0] as unknown) === 'open').length;
    // The end of the run: the badge count and the snooze alarm, and the live count once it watches again.
    expect(openReads).toBeLessThanOrEqual(4);
    where.mockRestore();
    // Still live afterwards: a dismissed alert reaches the count.
    const reads = vi.spyOn(db.alerts, 'where');
    await alertsOfContacts(db, [1]).modify({ open: 0 });
    await vi.waitFor(() => expect(reads.mock.calls.filter((call) => (call[0] as unknown) === 'open').length).toBeGreaterThan(0));
    reads.mockRestore();
  });
});

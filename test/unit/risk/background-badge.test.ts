import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Activity, Contact } from '../../../lib/db/types';
import { contact, DAY } from './fixtures';
import { activityStoreOf } from '../../../lib/activities/dexie-store';

// Counts the badge's reads of the open alerts (the live count and refreshBadge both call openAlertCount).
const counted = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../../lib/churn/alert-store', async (original) => {
  const actual = await original<typeof import('../../../lib/churn/alert-store')>();
  return { ...actual, openAlertCount: (...args: Parameters<typeof actual.openAlertCount>) => (counted.calls++, actual.openAlertCount(...args)) };
});

const { db } = await import('../../../lib/db');
const { recomputeNow, startRiskBackground } = await import('../../../lib/churn/background');

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no toolbar badge.
  const action = { setBadgeText: vi.fn(async () => {}), setBadgeBackgroundColor: vi.fn(async () => {}) };
  (fakeBrowser as unknown as { action: typeof action }).action = action;
});

describe('the background rescore and the badge', () => {
  it('does not recount the open alerts after every chunk of a rescore (only once it is done)', async () => {
    const now = Date.now();
    const contacts: Contact[] = Array.from({ length: 60 }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example`, createdAt: now - 400 * DAY, updatedAt: now }));
    await db.contacts.bulkAdd(contacts);
    // Each contact has a message waiting five days for an answer: every chunk adds alerts.
    const waiting = contacts.map((c, i): Omit<Activity, 'id'> => ({
      kind: 'email',
      contactIds: [c.id],
      at: now - 5 * DAY,
      direction: 'in',
      messageId: `m${i}`,
      threadId: `t${i}`,
      from: c.email,
      subject: 'Hello',
      snippet: 'Any news?',
    }));
    await activityStoreOf(db).addMany(waiting as Activity[]);
    startRiskBackground();
    await vi.waitFor(() => expect(counted.calls).toBeGreaterThan(0));
    await settle();
    counted.calls = 0;
    const summary = await recomputeNow({ chunkSize: 10 });
    await settle();
    expect(summary.alerts).toBe(60);
    expect(summary.openAlerts).toBe(60);
    // refreshBadge at the end, and the live count once when it resumes: not once per chunk (six chunks).
    expect(counted.calls).toBeLessThanOrEqual(2);
  });
});

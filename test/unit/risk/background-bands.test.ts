// The background rescore of a book whose bands follow it (issue #12): one scoring pass, not a pass that writes
// nothing to find the bands and then the real one (195 s of 256 s on 100,000 contacts).
import { storedScores } from '../../support/stored-scores';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEMO_SETTINGS, demoRows } from '../../../scripts/demo-data';
import type { Activity, Contact } from '../../../lib/db/types';
import { activityStoreOf } from '../../../lib/activities/dexie-store';

const counted = vi.hoisted(() => ({ scored: 0 }));
vi.mock('../../../lib/churn/scorer', async (original) => {
  const actual = await original<typeof import('../../../lib/churn/scorer')>();
  return {
    ...actual,
    scoreWith: (...args: Parameters<typeof actual.scoreWith>) => (counted.scored++, actual.scoreWith(...args)),
    scoreEvents: (...args: Parameters<typeof actual.scoreEvents>) => (counted.scored++, actual.scoreEvents(...args)),
  };
});

const { db } = await import('../../../lib/db');
const { recomputeNow } = await import('../../../lib/churn/background');
const { churnEligible } = await import('../../../lib/churn/eligible');
const { loadRiskSettings } = await import('../../../lib/churn/settings');
const { riskBand } = await import('../../../lib/segments/risk-band');
const { updateSettings } = await import('../../../lib/settings');

beforeEach(() => {
  fakeBrowser.reset();
  const action = { setBadgeText: vi.fn(async () => {}), setBadgeBackgroundColor: vi.fn(async () => {}) };
  (fakeBrowser as unknown as { action: typeof action }).action = action;
});

describe('the background rescore with bands from the book', () => {
  it('scores each customer once, settles the bands from those scores, and stores every band and crossing with them', async () => {
    const { contacts, activities } = demoRows() as unknown as { contacts: Contact[]; activities: Activity[] };
    await db.contacts.bulkAdd(contacts);
    await activityStoreOf(db).addMany(activities);
    await updateSettings({ customFields: DEMO_SETTINGS.customFields });
    const active = contacts.filter((c) => churnEligible(c)).length;
    counted.scored = 0;
    const summary = await recomputeNow({ chunkSize: 25 });
    expect(counted.scored).toBe(active);
    const bands = (await loadRiskSettings()).rules.bands;
    expect(bands).not.toEqual({ medium: 40, high: 70 });
    const scores = await storedScores(db).toArray();
    expect(scores).toHaveLength(active);
    expect(scores.every((s) => s.band === riskBand(s.score, bands))).toBe(true);
    const high = scores
      .filter((s) => s.band === 'high')
      .map((s) => s.contactId)
      .sort((a, b) => a - b);
    expect(high.length).toBeGreaterThan(0);
    expect(high.length / active).toBeLessThanOrEqual(0.15);
    const crossed = (await db.alerts.toArray())
      .filter((a) => a.kind === 'high-risk')
      .map((a) => a.contactId)
      .sort((a, b) => a - b);
    expect(crossed).toEqual(high);
    expect(summary.changed).toBe(active);
  });
});

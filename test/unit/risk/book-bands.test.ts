// Bands of a book scored by the rules (not yet calibrated) follow the book: a small, ranked high band (issue #12:
// on the demo, at most ~15 % of active customers), the user's own thresholds respected.
import { storedScores } from '../../support/stored-scores';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEMO_SETTINGS, demoRows } from '../../../scripts/demo-data';
import { bandsForBook, DEFAULT_HIGH_SHARE, highShareOf } from '../../../lib/churn/bands';
import { bookBandsOf } from '../../../lib/churn/book-bands';
import { churnEligible } from '../../../lib/churn/eligible';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { loadRiskSettings, onlyAutoBandsMoved, updateRiskSettings } from '../../../lib/churn/settings';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { riskBand } from '../../../lib/segments/risk-band';
import { config } from './fixtures';
import { activityStoreOf } from '../../../lib/activities/dexie-store';

const NOW = Date.UTC(2026, 10, 20);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('bandsForBook', () => {
  it('puts the top share of the book in high and three times that share in medium or high', () => {
    const scores = range(100); // 0…99
    expect(highShareOf({ scores, churnedWithin: 0 })).toBe(DEFAULT_HIGH_SHARE);
    expect(bandsForBook({ scores, churnedWithin: 0 })).toEqual({ medium: 70, high: 90 });
    // 5 churned within the horizon of 105 customers then: base rate 4.8 %, so about 4 % are high.
    expect(bandsForBook({ scores, churnedWithin: 5 })).toEqual({ medium: 86, high: 96 });
    // A base rate above 15 % still keeps high to 15 %.
    expect(highShareOf({ scores, churnedWithin: 60 })).toBe(0.15);
    expect(bandsForBook({ scores, churnedWithin: 60 }).high).toBe(85);
  });

  it('never splits a tie: a tie at the cut stays below it', () => {
    const scores = [...range(85).map(() => 10), ...range(15).map(() => 60)];
    // 15 % tie at 60, more than the 10 % allowed: none of them is high rather than an arbitrary 10; all are medium.
    expect(bandsForBook({ scores, churnedWithin: 0 }, { medium: 5, high: 50 })).toEqual({ medium: 11, high: 61 });
  });

  it('keeps a calm book low: a few points are never high', () => {
    expect(bandsForBook({ scores: range(100).map((i) => i % 8), churnedWithin: 0 }, { medium: 5, high: 6 })).toEqual({ medium: 10, high: 25 });
    // Thresholds that band every customer as the new ones would stay as they are (all low under both here).
    expect(bandsForBook({ scores: range(100).map((i) => i % 8), churnedWithin: 0 })).toEqual({ medium: 40, high: 70 });
    // Too few customers to rank: the thresholds given (the rules' defaults) stay.
    expect(bandsForBook({ scores: [], churnedWithin: 0 })).toEqual({ medium: 40, high: 70 });
    expect(bandsForBook({ scores: range(19), churnedWithin: 0 }, { medium: 30, high: 60 })).toEqual({ medium: 30, high: 60 });
    expect(bandsForBook({ scores: range(20), churnedWithin: 0 })).toEqual({ medium: 14, high: 25 });
    expect(bandsForBook({ scores: range(20), churnedWithin: 0 }, { medium: 14, high: 30 })).toEqual({ medium: 14, high: 30 });
  });
});

describe('the demo book, scored by the rules', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = createDb(`book-bands-${++n}`);
    await db.open();
    const { contacts, activities } = demoRows() as unknown as { contacts: Contact[]; activities: Activity[] };
    await db.contacts.bulkAdd(contacts);
    await activityStoreOf(db).addMany(activities);
  });
  const demoConfig = async () => config(await loadRiskSettings(), { customFields: DEMO_SETTINGS.customFields });
  const stored = async () => {
    const active = (await db.contacts.toArray()).filter((c) => churnEligible(c)).length;
    const scores = await storedScores(db).toArray();
    return { active, scores, high: scores.filter((s) => s.band === 'high').length };
  };

  it('with the fixed 40/70 bands puts more than 15 % of the customers in high', async () => {
    await recomputeRisk(db, config({ bandsAuto: false }, { customFields: DEMO_SETTINGS.customFields }), { now: NOW });
    const { active, high } = await stored();
    // 19 of 110 on the demo book (its content customers write no churn wording and mostly give a good NPS).
    expect(high / active).toBeGreaterThan(0.15);
  });

  it('with bands from the book puts at most 15 % in high, the highest scores, and raises high-risk alerts for those only', async () => {
    const first = await demoConfig();
    const result = await recomputeRisk(db, first, { now: NOW, chunkSize: 25, bookBands: bookBandsOf(first) });
    const bands = (await loadRiskSettings()).rules.bands;
    expect(bands).not.toEqual({ medium: 40, high: 70 });
    const { active, scores, high } = await stored();
    expect(result.changed).toBe(active);
    expect(high).toBeGreaterThan(0);
    expect(high / active).toBeLessThanOrEqual(0.15);
    // Ranked: every high score is above every other score; each stored band is the one the pages compute.
    const lowestHigh = Math.min(...scores.filter((s) => s.band === 'high').map((s) => s.score));
    expect(scores.filter((s) => s.band !== 'high').every((s) => s.score < lowestHigh)).toBe(true);
    expect(scores.every((s) => s.band === riskBand(s.score, bands))).toBe(true);
    expect(result.alerts.filter((a) => a.kind === 'high-risk')).toHaveLength(high);
    // The next rescore, nothing changed: the same bands, nothing written, no alert raised again.
    const next = await demoConfig();
    const again = await recomputeRisk(db, next, { now: NOW, chunkSize: 25, bookBands: bookBandsOf(next) });
    expect((await loadRiskSettings()).rules.bands).toEqual(bands);
    expect(again.changed).toBe(0);
    expect(again.alerts).toEqual([]);
  });

  it("keeps the user's own thresholds, and the bands of an active model", async () => {
    const risk = await loadRiskSettings();
    await updateRiskSettings({ bandsAuto: false, rules: { ...risk.rules, bands: { medium: 40, high: 70 } } });
    const own = await demoConfig();
    expect(bookBandsOf(own)).toBeUndefined();
    await recomputeRisk(db, own, { now: NOW, bookBands: bookBandsOf(own) });
    expect((await loadRiskSettings()).rules.bands).toEqual({ medium: 40, high: 70 });
    await updateRiskSettings({ bandsAuto: true, useModel: true });
    const withModel = config(await loadRiskSettings(), { model: { kind: 'logistic' } as never });
    expect(bookBandsOf(withModel)).toBeUndefined();
    expect((await loadRiskSettings()).rules.bands).toEqual({ medium: 40, high: 70 });
  });

  it('tells its own band moves from a user edit (only the former skips the rescore it already made)', async () => {
    const before = await loadRiskSettings();
    const moved = { ...before, rules: { ...before.rules, bands: { medium: 20, high: 30 } } };
    expect(onlyAutoBandsMoved(before, moved)).toBe(true);
    expect(onlyAutoBandsMoved(before, { ...moved, bandsAuto: false })).toBe(false);
    expect(onlyAutoBandsMoved(before, { ...moved, rules: { ...moved.rules, intent: { ...moved.rules.intent, first: 30 } } })).toBe(false);
  });
});

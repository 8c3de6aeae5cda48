import { describe, expect, it } from 'vitest';
import { parseModel } from '../../../lib/churn/model/model';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { scoreFeatures } from '../../../lib/churn/scorer';
import { buildTrainingSet, labelOf, storedImportance, storedModelText, TooFewLabelsError, trainModels } from '../../../lib/churn/training';
import { contactFeatures } from '../../../lib/churn/features';
import { seededRandom } from '../../../lib/random';
import type { Activity, Contact } from '../../../lib/db/types';
import { contact, DAY, NOW } from './fixtures';

/** Churned contacts went quiet (and complained) before churning; retained ones keep writing. */
function history(n: number, seed = 1) {
  const random = seededRandom(seed);
  const contacts: Contact[] = [];
  const activities = new Map<number, Activity[]>();
  let aid = 1;
  for (let i = 1; i <= n; i++) {
    const churned = i % 3 === 0;
    const churnedAt = NOW - Math.floor(random() * 60) * DAY;
    const asOf = churned ? churnedAt : NOW;
    contacts.push(
      contact({
        id: i,
        email: `c${i}@x.example`,
        stage: churned ? 'churned' : i % 5 === 0 ? 'lead' : 'customer',
        churnedAt: churned ? churnedAt : undefined,
        custom: { plan: random() < 0.5 ? 'basic' : 'pro' },
      }),
    );
    const rows: Activity[] = [];
    const gap = churned ? 20 + random() * 60 : random() * 25;
    for (let k = 0; k < 4; k++) {
      const at = asOf - (gap + k * 10) * DAY;
      rows.push({
        id: aid++,
        kind: 'email',
        contactIds: [i],
        at,
        direction: 'in',
        messageId: `m${aid}`,
        threadId: `t${i}-${k}`,
        from: `c${i}@x.example`,
        snippet: churned && random() < 0.5 ? 'too expensive, we will cancel' : 'thanks',
      });
      rows.push({ id: aid++, kind: 'email', contactIds: [i], at: at + (churned ? 80 : 5) * 3_600_000, direction: 'out', messageId: `m${aid}`, threadId: `t${i}-${k}`, from: 'me@us.example' });
    }
    // After churning: silence would leak the label if it were counted; a late message must be left out.
    if (churned) rows.push({ id: aid++, kind: 'email', contactIds: [i], at: churnedAt + 5 * DAY, direction: 'in', messageId: `late${i}`, threadId: 'late', from: `c${i}@x.example`, snippet: 'bye' });
    activities.set(i, rows);
  }
  return { contacts, activitiesOf: (id: number) => activities.get(id) ?? [] };
}

const settings = { rules: DEFAULT_RULES, mapping: {} };

describe('labels', () => {
  it('churned is 1, customers (customer, at-risk, advocate) 0, leads and do-not-contact customers unlabelled', () => {
    expect(labelOf({ stage: 'churned' })).toBe(1);
    expect(labelOf({ stage: 'customer' })).toBe(0);
    expect(labelOf({ stage: 'advocate' })).toBe(0);
    expect(labelOf({ stage: 'at-risk' })).toBe(0);
    expect(labelOf({ stage: 'lead' })).toBeNull();
    expect(labelOf({ stage: 'customer', doNotContact: 1 })).toBeNull();
  });
});

describe('buildTrainingSet', () => {
  it('describes churned contacts as of a day within the horizon before churning, with the same features as scoring', () => {
    const h = history(30);
    const set = buildTrainingSet(h.contacts, h.activitiesOf, NOW, settings, [{ key: 'plan' }]);
    expect(set.positives).toBe(10);
    expect(set.negatives).toBe(30 - 10 - 4); // leads (5, 10, 20, 25; 15 and 30 are churned) are left out
    expect(set.horizonDays).toBe(90);
    const row = set.contactIds.indexOf(3);
    const c3 = h.contacts[2];
    const asOf = set.asOf[row];
    expect(set.snapshot[row]).toBe('before-churn');
    expect(asOf).toBeLessThan(c3.churnedAt!);
    expect(asOf).toBeGreaterThanOrEqual(c3.churnedAt! - 90 * DAY);
    const expected = contactFeatures(
      c3,
      h.activitiesOf(3).filter((a) => a.at <= asOf),
      asOf,
      {},
      [{ key: 'plan' }],
    );
    expect(set.dataset.rows[row]).toEqual(set.dataset.columns.map((col) => expected[col]));
    expect(set.dataset.columns).toContain('custom:plan');
    // The days before churn are spread over the horizon, and the same at every training.
    const days = set.snapshot.flatMap((k, i) => (k === 'before-churn' ? [(h.contacts[set.contactIds[i] - 1].churnedAt! - set.asOf[i]) / DAY] : []));
    expect(new Set(days).size).toBeGreaterThan(5);
    expect(buildTrainingSet(h.contacts, h.activitiesOf, NOW, settings, []).asOf).toEqual(set.asOf);
  });

  it('describes a retained customer as of the horizon ago when its history reaches back that far, else as of now', () => {
    const old = contact({ id: 1, stage: 'customer', customerSince: NOW - 400 * DAY });
    const fresh = contact({ id: 2, email: 'b@x.example', stage: 'customer', customerSince: NOW - 30 * DAY });
    const undated = contact({ id: 3, email: 'c@x.example', stage: 'advocate' });
    const set = buildTrainingSet([old, fresh, undated], () => [], NOW, { ...settings, horizonDays: 60 }, []);
    expect(set.snapshot).toEqual(['horizon-ago', 'today', 'today']);
    expect(set.asOf).toEqual([NOW - 60 * DAY, NOW, NOW]);
  });
});

describe('trainModels', () => {
  it('says how many labelled contacts it has when there are too few', () => {
    const h = history(9);
    const set = buildTrainingSet(h.contacts, h.activitiesOf, NOW, settings, []);
    expect(() => trainModels(set)).toThrow(TooFewLabelsError);
    try {
      trainModels(set);
    } catch (e) {
      expect((e as TooFewLabelsError).positives).toBe(3);
      expect((e as TooFewLabelsError).negatives).toBe(5);
    }
  });

  it('cross-validates the models and the rules on the same folds and fits a model that scores', () => {
    const h = history(90);
    const set = buildTrainingSet(h.contacts, h.activitiesOf, NOW, settings, [{ key: 'plan' }]);
    const steps: string[] = [];
    const r = trainModels(set, { seed: 7, onProgress: (step, done, total) => steps.push(`${step}:${done}/${total}`) });
    expect(r.folds).toBe(5);
    expect(r.logistic.foldAucs).toHaveLength(5);
    expect(r.rules.foldAucs).toHaveLength(5);
    expect(r.logistic.mean).toBeGreaterThan(0.8);
    expect(r.rules.mean).toBeGreaterThan(0.5);
    expect(steps.slice(0, 5)).toEqual(['cv-logistic:1/5', 'cv-logistic:2/5', 'cv-logistic:3/5', 'cv-logistic:4/5', 'cv-logistic:5/5']);
    expect(r.fitted).toHaveLength(1);
    expect(['logistic', 'gbdt', 'ensemble']).toContain(r.fitted[0].kind);
    // Stored text is a valid model plus its importance.
    const text = storedModelText(r.fitted[0]);
    const parsed = parseModel(text);
    expect(parsed.ok).toBe(true);
    expect(storedImportance(text)[0].points).toBeGreaterThan(0);
    // Deterministic with a seed.
    expect(trainModels(set, { seed: 7 }).logistic.foldAucs).toEqual(r.logistic.foldAucs);
    // A quiet contact scores higher than a chatty one.
    if (!parsed.ok) return;
    const quiet = scoreFeatures(parsed.model, { theirSilenceDays: 70, medianReplyHours: 80 }, { rules: DEFAULT_RULES });
    const chatty = scoreFeatures(parsed.model, { theirSilenceDays: 2, medianReplyHours: 5 }, { rules: DEFAULT_RULES });
    expect(quiet.score).toBeGreaterThan(chatty.score);
  });
});

// Churn risk, the model panel's work (as its Web Worker does it): features of 10,000 labelled contacts from
// their histories, 5-fold CV of logistic regression and GBDT plus the rules' AUC on the same folds, and the
// final fit(s); next to a baseline from the same run: one logistic fit on the same rows.
import type { Activity, Contact } from '../lib/db/types';
import { fitModel } from '../lib/churn/model/model';
import { DEFAULT_RULES } from '../lib/churn/rules-config';
import { buildTrainingSet, trainModels } from '../lib/churn/training';
import { seededRandom } from '../lib/random';
import { report } from './_measure';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22);
const N = 10_000;

/** Synthetic labelled history: churned contacts went quieter and got fewer answers before churning. */
function history() {
  const r = seededRandom(9);
  const contacts: Contact[] = [];
  const activities = new Map<number, Activity[]>();
  let aid = 1;
  for (let i = 1; i <= N; i++) {
    const churned = r() < 0.2;
    const asOf = churned ? NOW - Math.floor(r() * 300) * DAY : NOW;
    contacts.push({
      id: i,
      email: `c${i}@x.example`,
      name: '',
      tags: [],
      stage: churned ? 'churned' : 'customer',
      churnedAt: churned ? asOf : undefined,
      owner: '',
      custom: { plan: r() < 0.5 ? 'basic' : 'pro', seats: String(Math.floor(r() * 50)) },
      doNotContact: 0,
      createdAt: 0,
      updatedAt: 0,
      customerSince: asOf - Math.floor(r() * 900) * DAY,
    });
    const rows: Activity[] = [];
    const gap = (churned ? 20 : 0) + r() * 60;
    for (let k = 0; k < 5; k++) {
      const at = asOf - (gap + k * 12) * DAY;
      rows.push({ id: aid++, kind: 'email', contactIds: [i], at, direction: 'in', messageId: `m${aid}`, threadId: `t${i}-${k}`, from: `c${i}@x.example`, snippet: 'Thanks, see you then.' });
      if (r() < (churned ? 0.5 : 0.8))
        rows.push({ id: aid++, kind: 'email', contactIds: [i], at: at + r() * 72 * 3_600_000, direction: 'out', messageId: `m${aid}`, threadId: `t${i}-${k}`, from: 'me@us.example' });
    }
    activities.set(i, rows);
  }
  return { contacts, activitiesOf: (id: number) => activities.get(id) ?? [] };
}

export default async function bench(): Promise<void> {
  const h = history();
  const fields = [{ key: 'plan' }, { key: 'seats' }];
  let start = performance.now();
  const set = buildTrainingSet(h.contacts, h.activitiesOf, NOW, { rules: DEFAULT_RULES, mapping: {} }, fields);
  const featuresMs = performance.now() - start;
  start = performance.now();
  const result = trainModels(set, { seed: 42 });
  const trainMs = performance.now() - start;
  const all = Array.from({ length: set.labels.length }, (_, i) => i);
  start = performance.now();
  fitModel('logistic', set.dataset, set.labels, all);
  const baselineMs = performance.now() - start;
  report(
    `model panel training, ${N} labelled contacts (${set.positives} churned): features ${featuresMs.toFixed(0)} ms + CV and fits`,
    featuresMs + trainMs,
    'one logistic fit',
    baselineMs,
    '≤ 3 s for fitting on 10,000',
  );
  console.log(
    `AUC (5-fold) rules ${result.rules.mean.toFixed(3)} · logistic ${result.logistic.mean.toFixed(3)} · gbdt ${result.gbdt.mean.toFixed(3)}; saved: ${result.fitted.map((f) => f.kind).join(' + ')}`,
  );
}

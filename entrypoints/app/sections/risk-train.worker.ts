/// <reference lib="webworker" />
// Trains the churn models off the page's thread: reads the labelled contacts from the database itself
// (IndexedDB is open to workers of the extension's origin), cross-validates, fits, and posts progress.
import { db } from '@/lib/db';
import type { Activity } from '@/lib/db/types';
import { buildTrainingSet, storedModelText, TooFewLabelsError, trainModels, type TrainingSettings } from '@/lib/churn/training';
import type { CustomField } from '@/lib/settings';

export interface TrainRequest {
  settings: TrainingSettings;
  customFields: CustomField[];
  timeZone: string;
  now: number;
  seed?: number;
}

export type TrainMessage =
  | { type: 'progress'; step: 'load' | 'cv-logistic' | 'cv-gbdt' | 'fit'; done: number; total: number; fraction: number }
  | {
      type: 'done';
      folds: number;
      positives: number;
      negatives: number;
      rules: { mean: number; sd: number };
      logistic: { mean: number; sd: number };
      gbdt: { mean: number; sd: number };
      versions: { kind: 'logistic' | 'gbdt'; auc: number; aucSd: number; model: string }[];
    }
  | { type: 'too-few'; positives: number; negatives: number; min: number }
  | { type: 'error'; message: string };

const post = (m: TrainMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (event: MessageEvent<TrainRequest>) => {
  const req = event.data;
  try {
    post({ type: 'progress', step: 'load', done: 0, total: 1, fraction: 0 });
    const labelled = new Set(['churned', 'customer', 'advocate']);
    const contacts = (await db.contacts.toArray()).filter((c) => labelled.has(c.stage));
    // anyOf on the multi-entry index gives an activity of two listed contacts twice: keep one.
    const activities = [...new Map((await db.activities.where('contactIds').anyOf(contacts.map((c) => c.id)).toArray()).map((a) => [a.id, a])).values()];
    const byContact = new Map<number, Activity[]>();
    for (const a of activities) for (const id of a.contactIds) byContact.set(id, [...(byContact.get(id) ?? []), a]);
    const set = buildTrainingSet(contacts, (id) => byContact.get(id) ?? [], req.now, req.settings, req.customFields, req.timeZone);
    post({ type: 'progress', step: 'load', done: 1, total: 1, fraction: 0.1 });
    // Progress: 10 % reading, 40 % each cross-validation… then the final fits share the rest.
    const weights = { 'cv-logistic': [0.1, 0.3], 'cv-gbdt': [0.4, 0.45], fit: [0.85, 0.15] } as const;
    const result = trainModels(set, {
      seed: req.seed,
      onProgress: (step, done, total) => post({ type: 'progress', step, done, total, fraction: weights[step][0] + (weights[step][1] * done) / total }),
    });
    post({
      type: 'done',
      folds: result.folds,
      positives: result.positives,
      negatives: result.negatives,
      rules: { mean: result.rules.mean, sd: result.rules.sd },
      logistic: { mean: result.logistic.mean, sd: result.logistic.sd },
      gbdt: { mean: result.gbdt.mean, sd: result.gbdt.sd },
      versions: result.fitted.map((v) => ({ kind: v.kind, auc: v.cv.mean, aucSd: v.cv.sd, model: storedModelText(v) })),
    });
  } catch (error) {
    if (error instanceof TooFewLabelsError) post({ type: 'too-few', positives: error.positives, negatives: error.negatives, min: error.min });
    else post({ type: 'error', message: (error as Error).message ?? String(error) });
  }
};

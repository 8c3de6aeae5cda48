/// <reference lib="webworker" />
// Trains the churn models off the page's thread: reads the labelled contacts from the database itself
// (IndexedDB is open to workers of the extension's origin), validates, calibrates, fits, and posts progress.
import { db } from '@/lib/db';
import { loadTrainingSet } from '@/lib/churn/training-load';
import { storedModelText, TooFewLabelsError, trainModels, type RefusedField, type ScorerFigures, type TrainingSettings, type TrainResult } from '@/lib/churn/training';
import type { Forecast } from '@/lib/churn/backtest';
import type { CustomField } from '@/lib/settings';

export interface TrainRequest {
  settings: TrainingSettings;
  customFields: CustomField[];
  timeZone: string;
  now: number;
  seed?: number;
}

/** The version the panel saves: everything a RiskModelRecord needs besides its id and state. */
export interface TrainedVersion {
  kind: 'logistic' | 'gbdt' | 'ensemble';
  auc: number;
  aucSd: number;
  model: string;
  calibration: string;
  bands: { medium: number; high: number };
  evidence: { contactIds: number[]; asOf: number[]; chance: number[]; churned: number[] };
  /** The chance it gives every customer today, checked later by Reports' backtest. */
  forecast: Forecast;
}

export type TrainMessage =
  | { type: 'progress'; step: 'load' | 'cv-logistic' | 'cv-gbdt' | 'fit'; done: number; total: number; fraction: number }
  | (Pick<TrainResult, 'folds' | 'positives' | 'negatives' | 'baseRate' | 'horizonDays' | 'rules' | 'logistic' | 'gbdt' | 'ensemble' | 'modelBeatsRules' | 'refused'> & {
      type: 'done';
      best: ScorerFigures;
      /** Rows described as of today (no dated history as old as the horizon), for the panel's note. */
      asOfToday: number;
      versions: TrainedVersion[];
      ms: number;
    })
  | { type: 'too-few'; positives: number; negatives: number; min: number; refused: RefusedField[] }
  | { type: 'error'; message: string };

const post = (m: TrainMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (event: MessageEvent<TrainRequest>) => {
  const req = event.data;
  const started = performance.now();
  let refused: RefusedField[] = [];
  try {
    post({ type: 'progress', step: 'load', done: 0, total: 1, fraction: 0 });
    const set = await loadTrainingSet(db, req.settings, req.customFields, req.now, req.timeZone);
    refused = set.refused;
    post({ type: 'progress', step: 'load', done: 1, total: 1, fraction: 0.1 });
    // Progress: 10 % reading, then the two validations, then the final fit.
    const weights = { 'cv-logistic': [0.1, 0.2], 'cv-gbdt': [0.3, 0.5], fit: [0.8, 0.2] } as const;
    const result = trainModels(set, {
      seed: req.seed,
      onProgress: (step, done, total) => post({ type: 'progress', step, done, total, fraction: weights[step][0] + (weights[step][1] * done) / total }),
    });
    const bestKind = result.fitted[0].kind;
    const best = bestKind === 'logistic' ? result.logistic : bestKind === 'gbdt' ? result.gbdt : result.ensemble!;
    post({
      type: 'done',
      folds: result.folds,
      positives: result.positives,
      negatives: result.negatives,
      baseRate: result.baseRate,
      horizonDays: result.horizonDays,
      rules: result.rules,
      logistic: result.logistic,
      gbdt: result.gbdt,
      ...(result.ensemble ? { ensemble: result.ensemble } : {}),
      best,
      modelBeatsRules: result.modelBeatsRules,
      refused,
      asOfToday: set.snapshot.filter((k) => k === 'today').length,
      versions: result.fitted.map((v) => ({
        kind: v.kind,
        auc: v.cv.mean,
        aucSd: v.cv.sd,
        model: storedModelText(v),
        calibration: JSON.stringify(v.calibration),
        bands: result.bands,
        evidence: { contactIds: set.contactIds, asOf: set.asOf, chance: Array.from(result.oof), churned: Array.from(set.labels) },
        forecast: { at: req.now, horizonDays: result.horizonDays, contactIds: set.current.contactIds, chance: Array.from(result.forecast) },
      })),
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    if (error instanceof TooFewLabelsError) post({ type: 'too-few', positives: error.positives, negatives: error.negatives, min: error.min, refused });
    else post({ type: 'error', message: (error as Error).message ?? String(error) });
  }
};

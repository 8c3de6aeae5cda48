// Churn: scoring, fitting, mbox import speed, and the validated (raw and calibrated) figures on mlc_churn next to
// scikit-learn's on the same folds and the goals of issue #12.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFromCsv } from '../lib/churn/evaluate';
import { fitValidated, validateModels } from '../lib/churn/model/validate';
import { cellNumber } from '../lib/churn/model/encoder';
import { fitGbdt } from '../lib/churn/model/gbdt';
import { readLabels } from '../lib/churn/model/labels';
import { fitLogistic, predictLogistic } from '../lib/churn/model/logistic';
import { seededRandom } from '../lib/random';
import { syntheticChurn } from '../lib/churn/model/synthetic';
import { DEFAULT_RULES } from '../lib/churn/rules-config';
import { scoreByRules, type ChurnInput } from '../lib/churn/rules';
import type { MailboxSignals } from '../lib/churn/signals';
import { readMbox } from '../lib/mbox/read-mbox';
import { syntheticMbox } from '../lib/mbox/synthetic';
import { medianMs, report } from './_measure';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10);

function contactInputs(n: number): ChurnInput[] {
  const random = seededRandom(7);
  const int = (max: number) => Math.floor(random() * max);
  return Array.from({ length: n }, () => {
    const mail: MailboxSignals = {
      inbound: int(50),
      outbound: int(50),
      undated: 0,
      theirLastAt: NOW - int(200) * DAY,
      ourLastAt: NOW - int(200) * DAY,
      daysSinceTheirLast: int(200),
      daysSinceOurLast: int(200),
      inboundLast30: int(5),
      inboundPrev90: int(15),
      volumeRatio: random() * 2,
      medianReplyHours: random() * 100,
      replySamples: int(20),
      unanswered: int(4),
      oldestUnansweredDays: int(10),
      intentHits: int(3) === 0 ? 1 : 0,
      intentIds: [],
    };
    const crm = {
      stage: 'customer' as const,
      renewalAt: NOW + int(90) * DAY,
      paymentStatus: int(10) ? 'ok' : 'overdue',
      revenue: int(1000),
      customerSince: NOW - int(2000) * DAY,
      supportTickets: int(8),
      nps: int(11),
    };
    return { now: NOW, mail, crm };
  });
}

async function mboxThroughput(): Promise<void> {
  const { chunks, size, messages } = syntheticMbox(50 * 1024 * 1024);
  async function* source() {
    yield* chunks;
  }
  let parsed = 0;
  const ms = await medianMs(async () => {
    parsed = 0;
    for await (const _ of readMbox(source())) parsed++;
  }, 3);
  const baselineMs = await medianMs(() => {
    // Raw reading: find every line start and test it for "From ", nothing else.
    let separators = 0;
    for (const chunk of chunks) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) if (chunk[i + 1] === 70 && chunk[i + 5] === 32) separators++;
    return separators;
  }, 3);
  if (parsed !== messages) throw new Error(`mbox: parsed ${parsed} of ${messages} messages`);
  report(`mbox import ${(size / 1e6).toFixed(0)} MB, ${messages} messages`, ms, 'splitting lines only', baselineMs, '≥ 20 MB/s');
  console.log(`mbox import throughput: ${(size / 1e6 / (ms / 1000)).toFixed(1)} MB/s | baseline ${(size / 1e6 / (baselineMs / 1000)).toFixed(1)} MB/s | goal ≥ 20 MB/s`);
}

/** Validated figures on mlc_churn (5-fold, seed 42), each next to the scikit-learn reference on the same folds and its goal. */
function mlcChurnFigures(): void {
  const path = join(import.meta.dirname, '..', 'test', 'fixtures', 'churn', 'mlc_churn.csv');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    console.log(`mlc_churn: skipped (${path} not found)`);
    return;
  }
  const all = datasetFromCsv(text);
  const labelAt = all.columns.indexOf('churn');
  const read = readLabels(
    all.rows.map((r) => r[labelAt]),
    'yes',
  );
  const data = { columns: all.columns, rows: read.rows.map((r) => all.rows[r]) };
  const start = performance.now();
  const v = validateModels(data, read.labels, { folds: 5, seed: 42, exclude: ['churn'] });
  const ms = performance.now() - start;
  const f = (x: number) => x.toFixed(4);
  for (const r of v.results) {
    console.log(`mlc_churn ${r.kind} raw: AUC ${f(r.mean)} ± ${f(r.sd)} (pooled ${f(r.raw.auc)}) Brier ${f(r.raw.brier)} log loss ${f(r.raw.logLoss)} ECE ${f(r.raw.ece)}`);
    console.log(
      `mlc_churn ${r.kind} calibrated (${r.calibration.method}): AUC ${f(r.calibration.metrics.auc)} Brier ${f(r.calibration.metrics.brier)} log loss ${f(r.calibration.metrics.logLoss)} ECE ${f(r.calibration.metrics.ece)}`,
    );
  }
  const best = v.best;
  const cal = best.calibration.metrics;
  console.log(
    `mlc_churn chosen (${best.kind}): AUC ${f(best.mean)} Brier ${f(cal.brier)} ECE ${f(cal.ece)} calibrated | scikit-learn HistGradientBoosting AUC 0.920 Brier 0.0346 ECE 0.0196, + isotonic ECE 0.0077 | goal AUC ≥ 0.925, ECE ≤ 0.01 after calibration: ${best.mean >= 0.925 && cal.ece <= 0.01 ? 'met' : 'NOT met'}`,
  );
  const trainStart = performance.now();
  const model = fitValidated(best, data, read.labels, { exclude: ['churn'], seed: 42 });
  const fitMs = performance.now() - trainStart;
  report(
    `validate logistic + gbdt + blend on mlc_churn (${read.labels.length} rows, 5-fold) and fit the chosen ${model.kind}`,
    ms + fitMs,
    'one logistic fit on all rows',
    (() => {
      const t0 = performance.now();
      fitLogistic(
        data,
        read.labels,
        read.rows.map((_, i) => i),
        { exclude: ['churn'] },
      );
      return performance.now() - t0;
    })(),
    'reasonable in a Web Worker (report)',
  );
}

export default async function bench(): Promise<void> {
  const inputs = contactInputs(100_000);
  const rulesMs = await medianMs(() => inputs.map((input) => scoreByRules(input, DEFAULT_RULES).score));
  const sumMs = await medianMs(() => {
    let total = 0;
    for (const { mail, crm } of inputs) total += mail!.daysSinceTheirLast! + mail!.unanswered + mail!.intentHits + mail!.medianReplyHours! + (crm!.nps ?? 0) + (crm!.supportTickets ?? 0);
    return total;
  });
  report('score 100,000 contacts by rules', rulesMs, 'plain loop summing the features', sumMs, '≤ 2000 ms');

  const train = syntheticChurn(10_000, 1);
  const trainRows = Array.from({ length: 10_000 }, (_, i) => i);
  const exclude = ['customer_id', 'churned'];
  const fitMs = await medianMs(() => fitLogistic(train.data, train.labels, trainRows, { exclude }), 3);
  const meansMs = await medianMs(() => {
    const sums = new Float64Array(train.data.columns.length);
    for (const row of train.data.rows) row.forEach((cell, c) => (sums[c] += cellNumber(cell) || 0));
    return sums;
  }, 3);
  report('fit logistic on 10,000 rows', fitMs, 'one pass computing column means', meansMs, '≤ 3000 ms');
  const gbdtMs = await medianMs(() => fitGbdt(train.data, train.labels, trainRows, { exclude }), 1);
  report('fit gbdt on 10,000 rows', gbdtMs, 'one pass computing column means', meansMs, '≤ 3000 ms');

  const model = fitLogistic(train.data, train.labels, trainRows, { exclude });
  const many = syntheticChurn(100_000, 2);
  const manyRows = Array.from({ length: 100_000 }, (_, i) => i);
  const scoreMs = await medianMs(() => predictLogistic(model, many.data, manyRows), 3);
  const loopMs = await medianMs(() => {
    let total = 0;
    for (const row of many.data.rows) for (const cell of row) total += cellNumber(cell) || 0;
    return total;
  }, 3);
  report('score 100,000 contacts by logistic (encode + predict)', scoreMs, 'plain loop summing the same cells', loopMs, '≤ 2000 ms');

  await mboxThroughput();
  mlcChurnFigures();
}

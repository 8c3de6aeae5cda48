import Papa from 'papaparse';
import type { EvalArgs } from './cli-args';
import { UsageError } from './cli-args';
import { fitEncoder, type Dataset } from './model/encoder';
import { readLabels } from './model/labels';
import type { ModelKind } from './model/model';
import { validateModels, type KindValidation } from './model/validate';
import type { ProbabilityMetrics } from './metrics';

export interface EvalOutput {
  /** Results, for stdout. */
  line: (text: string) => void;
  /** What was chosen or skipped, for stderr. */
  note: (text: string) => void;
}

/** Parses CSV text into a dataset: first row is the header; short rows are padded with blanks. */
export function datasetFromCsv(text: string, note: (text: string) => void = () => {}): Dataset {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header || header.length === 0) throw new UsageError('the CSV file is empty');
  const columns = header.map((h) => h.trim());
  let ragged = 0;
  for (const row of rows) {
    if (row.length === columns.length) continue;
    ragged++;
    if (row.length < columns.length) row.push(...new Array<string>(columns.length - row.length).fill(''));
    else row.length = columns.length;
  }
  if (ragged > 0) note(`${ragged} row(s) had a different number of cells than the header; padded or cut to fit`);
  if (rows.length === 0) throw new UsageError('the CSV file has a header but no rows');
  return { columns, rows };
}

const format = (v: number) => v.toFixed(4);
const figures = (m: ProbabilityMetrics) => `AUC ${format(m.auc)} Brier ${format(m.brier)} log loss ${format(m.logLoss)} ECE ${format(m.ece)}`;

/**
 * The `eval` command on CSV text: stratified k-fold AUC per fold, each model's raw and calibrated out-of-fold AUC,
 * Brier score, log loss and ECE, and last the better model's line `AUC <mean> ± <sd>`.
 */
export function evaluateCsv(text: string, args: EvalArgs, out: EvalOutput): KindValidation[] {
  const all = datasetFromCsv(text, out.note);
  for (const [flag, column] of [
    ['label', args.label],
    ['id', args.id],
  ] as const) {
    if (column !== undefined && !all.columns.includes(column)) throw new UsageError(`--${flag} column "${column}" is not in the CSV; columns: ${all.columns.join(', ')}`);
  }
  const labelAt = all.columns.indexOf(args.label);
  const read = readLabels(
    all.rows.map((r) => r[labelAt]),
    args.positive,
  );
  if (args.positive === undefined) out.note(`positive label: "${read.positive}" (${read.why}); pass --positive to choose`);
  const blanks = all.rows.length - read.rows.length;
  if (blanks > 0) out.note(`${blanks} row(s) without a label were left out`);
  const data: Dataset = { columns: all.columns, rows: read.rows.map((r) => all.rows[r]) };
  const positives = read.labels.reduce((s, v) => s + v, 0);
  if (Math.min(positives, read.labels.length - positives) < args.folds)
    throw new UsageError(`too few rows of one class (${Math.min(positives, read.labels.length - positives)}) for ${args.folds} folds`);
  const exclude = [args.label, ...(args.id ? [args.id] : [])];
  // Column kinds as a whole-file encoder sees them, only to tell the user; each fold fits its own.
  const seen = fitEncoder(
    data,
    read.rows.map((_, i) => i),
    { exclude },
  ).inputs;
  const columnsOf = (kind: string) =>
    seen
      .filter((i) => i.kind === kind)
      .map((i) => i.column)
      .join(', ') || 'none';
  const ignored = data.columns.filter((c) => !exclude.includes(c) && !seen.some((i) => i.column === c));
  const totals = seen.filter((i) => i.kind === 'total').map((i) => `(${i.column})`);
  out.note(
    `numeric: ${columnsOf('numeric')}; text: ${columnsOf('category')}${totals.length ? `; totals: ${totals.join(', ')}` : ''}${ignored.length ? `; ignored (constant or identifier-like): ${ignored.join(', ')}` : ''}`,
  );

  const kinds: ModelKind[] = args.model === 'both' ? ['logistic', 'gbdt'] : [args.model];
  const many = kinds.length > 1;
  const validation = validateModels(data, read.labels, {
    kinds,
    folds: args.folds,
    seed: args.seed,
    exclude,
    onFold: (kind, f, auc) => out.line(`${many ? `${kind} ` : ''}fold ${f + 1} AUC ${format(auc)}`),
  });
  const results = validation.results;
  // Out-of-fold figures of each model, raw and calibrated (the calibration chosen by cross-fitting).
  for (const r of results) {
    if (many) out.line(`${r.kind} AUC ${format(r.mean)} ± ${format(r.sd)}${r.weight === undefined ? '' : ` (logistic weight ${r.weight.toFixed(1)})`}`);
    out.line(`${r.kind} raw        ${figures(r.raw)}`);
    out.line(`${r.kind} calibrated ${figures(r.calibration.metrics)} (${r.calibration.method})`);
  }
  // With both, the last line is the better model's: the one the extension would offer.
  const best = validation.best;
  if (many) out.note(`better model: ${best.kind} (lower Brier score with AUC no more than 0.01 lower, or AUC more than 0.01 higher)`);
  out.line(`AUC ${format(best.mean)} ± ${format(best.sd)}`);
  return results;
}

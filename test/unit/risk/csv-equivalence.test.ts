// A churn data set imported through the CSV import (one column mapped to the stage) and trained as the model panel
// does reaches the same validated AUC as `npm run churn -- eval` on the same file (issue #12, item 8).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { evaluateCsv } from '../../../lib/churn/evaluate';
import { betterFigures } from '../../../lib/churn/metrics';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { trainModels } from '../../../lib/churn/training';
import { loadTrainingSet } from '../../../lib/churn/training-load';
import { previewCsv, readCsvForImport } from '../../../lib/csv/import';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { applyImport } from '../../../lib/workspace/apply-import';

const ROWS = 1200;

/** The first rows of mlc_churn as a CRM export: an email per customer, and `churn` yes/no as a stage column. */
function crmCsv(): string {
  const parsed = Papa.parse<string[]>(readFileSync('test/fixtures/churn/mlc_churn.csv', 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const at = header.indexOf('churn');
  const out = [['email', ...header.map((h, i) => (i === at ? 'stage' : h))]];
  rows.slice(0, ROWS).forEach((r, i) => out.push([`customer${i + 1}@example.com`, ...r.map((v, j) => (j === at ? (v === 'yes' ? 'churned' : 'customer') : v))]));
  return Papa.unparse(out);
}

let db: KizunaDb | undefined;
afterEach(async () => db?.delete());

describe('CSV import + model panel against the command line', () => {
  it('validates to the same AUC within 0.01 on the same file', async () => {
    const csv = crmCsv();
    // The import page: guessed mapping (email, stage; the rest become custom fields), then the import itself.
    const { mapping } = await previewCsv(csv);
    expect(mapping.columns[0]).toEqual({ kind: 'field', field: 'email' });
    expect(mapping.columns.filter((c) => c.kind === 'field' && c.field === 'stage')).toHaveLength(1);
    const read = await readCsvForImport(csv, mapping);
    if (read.status !== 'ok') throw new Error(read.status);
    expect(read.rows.valid).toHaveLength(ROWS);
    db = createDb(`csv-equivalence-${Date.now()}`);
    await applyImport(db, read.rows, 'fill-empty', { now: Date.UTC(2026, 0, 1), stageFrom: Infinity });
    const customFields = mapping.columns.flatMap((c) => (c.kind === 'custom' ? [{ key: c.key, label: c.label }] : []));
    expect(customFields).toHaveLength(19);

    // The model panel's worker: labelled contacts from the database, every custom field, trained and validated.
    const set = await loadTrainingSet(db, { rules: DEFAULT_RULES, mapping: {} }, customFields, Date.UTC(2026, 0, 2), 'UTC');
    expect([set.positives, set.negatives]).toEqual([read.rows.valid.filter((r) => r.stage === 'churned').length, read.rows.valid.filter((r) => r.stage === 'customer').length]);
    expect(set.refused).toEqual([]);
    const panel = trainModels(set, { seed: 42 });

    // The command line on the same file.
    const lines: string[] = [];
    const cli = evaluateCsv(csv, { command: 'eval', csv: 'x', label: 'stage', id: 'email', folds: 5, seed: 42, model: 'both' }, { line: (l) => lines.push(l), note: () => {} });
    const cliBest = Number(lines.at(-1)!.split(' ')[1]);
    expect(panel.fitted[0].kind).toBe(cli.reduce((a, b) => (betterFigures(b.calibration.metrics, a.calibration.metrics) ? b : a)).kind);
    expect(Math.abs(panel.fitted[0].cv.mean - cliBest)).toBeLessThan(0.01);
    for (const kind of ['logistic', 'gbdt'] as const) {
      expect(Math.abs(panel[kind].mean - cli.find((r) => r.kind === kind)!.mean)).toBeLessThan(0.01);
    }
  }, 600_000);
});

import type { CsvEncoding } from '@/lib/csv/decode';
import type { CsvErrorCode, CsvRowError } from '@/lib/csv/errors';
import type { CsvMapping } from '@/lib/csv/mapping';
import type { ImportPlan, ImportPolicy } from '@/lib/csv/plan-import';
import type { Delimiter } from '@/lib/csv/sniff';
import type { ImportPhase } from '@/lib/csv/import-phases';
import type { StageValue } from '@/lib/csv/validate';
import type { ImportResult } from '@/lib/workspace/apply-import';

/** Page → import worker. `check` reads, validates and dry-runs the whole file; `apply` writes the checked rows. */
export type ToImportWorker =
  { type: 'check'; file: Blob; encoding?: CsvEncoding; delimiter?: Delimiter; mapping: CsvMapping; policy: ImportPolicy } | { type: 'apply'; policy: ImportPolicy } | { type: 'cancel' };

export interface DryRun {
  counts: ImportPlan['counts'];
  /** Data rows read (valid or not). */
  total: number;
  invalid: CsvRowError[];
  /** Rows that import without something (an unknown stage, an impossible date), and why. */
  warnings: CsvRowError[];
  warningRowCount: number;
  stageValues: StageValue[];
}

/** Import worker → page. */
export type FromImportWorker =
  | { type: 'progress'; phase: 'read' | 'plan' | 'write'; done: number; total: number | null }
  | { type: 'checked'; dryRun: DryRun; phases: ImportPhase[] }
  | { type: 'no-rows' }
  | { type: 'done'; result: ImportResult; phases: ImportPhase[] }
  | { type: 'cancelled' }
  | { type: 'error'; code?: CsvErrorCode; row?: number; line?: number; message: string };

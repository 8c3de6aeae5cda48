// The import's heavy part, off the page's main thread: decode, parse and validate the whole file,
// dry-run it against the database, and write it in one transaction (lib/workspace/apply-import.ts).
import { db } from '@/lib/db';
import { decodeCsvBytes } from '@/lib/csv/decode';
import { CsvError } from '@/lib/csv/errors';
import { readCsvForImport } from '@/lib/csv/import';
import { phaseLog } from '@/lib/csv/import-phases';
import type { ValidatedRows } from '@/lib/csv/validate';
import { applyImport, checkImport, type CheckedImport } from '@/lib/workspace/apply-import';
import type { FromImportWorker, ToImportWorker } from './protocol';

// The last check's rows and dry run: the write uses its plan while the book is as the dry run read it.
let rows: ValidatedRows | undefined;
let checked: CheckedImport | undefined;
let running: AbortController | undefined;

type Post = (message: FromImportWorker) => void;

async function check(message: Extract<ToImportWorker, { type: 'check' }>, signal: AbortSignal, post: Post): Promise<void> {
  rows = undefined;
  checked = undefined;
  const log = phaseLog();
  let start = performance.now();
  const bytes = new Uint8Array(await message.file.arrayBuffer());
  const { text } = decodeCsvBytes(bytes, message.encoding);
  log.since('check: read + decode', start);
  start = performance.now();
  const read = await readCsvForImport(text, message.mapping, {
    delimiter: message.delimiter,
    signal,
    onProgress: (p) => post({ type: 'progress', phase: 'read', done: p.chars, total: text.length }),
    phases: log,
  });
  log.since('check: parse + validate', start);
  if (read.status === 'no-rows') return post({ type: 'no-rows' });
  signal.throwIfAborted();
  post({ type: 'progress', phase: 'plan', done: 0, total: null });
  start = performance.now();
  const dryRun = await checkImport(db, read.rows, message.policy, log);
  log.since('check: dry run', start);
  signal.throwIfAborted();
  rows = read.rows;
  checked = dryRun;
  const { plan } = dryRun;
  const { total, invalid, warnings, warningRowCount, stageValues } = read.rows;
  post({ type: 'checked', dryRun: { counts: plan.counts, total, invalid, warnings, warningRowCount, stageValues }, phases: log.phases });
}

async function apply(message: Extract<ToImportWorker, { type: 'apply' }>, signal: AbortSignal, post: Post): Promise<void> {
  if (!rows) throw new Error('Check the file first.');
  const log = phaseLog();
  const start = performance.now();
  const result = await applyImport(db, rows, message.policy, {
    signal,
    onProgress: (p) => post({ type: 'progress', phase: 'write', done: p.done, total: p.total }),
    phase: log.since,
    checked,
  });
  log.since('write: whole (to commit)', start);
  rows = undefined;
  checked = undefined;
  post({ type: 'done', result, phases: log.phases });
}

addEventListener('message', (event: MessageEvent<ToImportWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    running?.abort();
    return;
  }
  running?.abort();
  const controller = new AbortController();
  running = controller;
  // Only the latest job speaks: a job replaced by a new one (not cancelled by the user) goes quiet,
  // so its late progress or "cancelled" never lands on the new job's state.
  const post: Post = (m) => {
    if (running === controller) postMessage(m);
  };
  const job = message.type === 'check' ? check(message, controller.signal, post) : apply(message, controller.signal, post);
  job.catch((error: unknown) => {
    if (controller.signal.aborted) post({ type: 'cancelled' });
    else if (error instanceof CsvError) post({ type: 'error', code: error.code, row: error.row, line: error.line, message: error.detail });
    else post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});

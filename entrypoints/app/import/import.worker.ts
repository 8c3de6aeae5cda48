// The import's heavy part, off the page's main thread: decode, parse and validate the whole file,
// dry-run it against the database, and write it in one transaction (lib/workspace/apply-import.ts).
import { db } from '@/lib/db';
import { decodeCsvBytes } from '@/lib/csv/decode';
import { CsvError } from '@/lib/csv/errors';
import { readCsvForImport } from '@/lib/csv/import';
import type { ValidatedRows } from '@/lib/csv/validate';
import { applyImport, dryRunImport } from '@/lib/workspace/apply-import';
import type { FromImportWorker, ToImportWorker } from './protocol';

let rows: ValidatedRows | undefined;
let running: AbortController | undefined;

type Post = (message: FromImportWorker) => void;

async function check(message: Extract<ToImportWorker, { type: 'check' }>, signal: AbortSignal, post: Post): Promise<void> {
  rows = undefined;
  const bytes = new Uint8Array(await message.file.arrayBuffer());
  const { text } = decodeCsvBytes(bytes, message.encoding);
  const read = await readCsvForImport(text, message.mapping, {
    delimiter: message.delimiter,
    signal,
    onProgress: (p) => post({ type: 'progress', phase: 'read', done: p.chars, total: text.length }),
  });
  if (read.status === 'no-rows') return post({ type: 'no-rows' });
  signal.throwIfAborted();
  post({ type: 'progress', phase: 'plan', done: 0, total: null });
  const plan = await dryRunImport(db, read.rows, message.policy);
  signal.throwIfAborted();
  rows = read.rows;
  const { total, invalid, warnings, warningRowCount, stageValues } = read.rows;
  post({ type: 'checked', dryRun: { counts: plan.counts, total, invalid, warnings, warningRowCount, stageValues } });
}

async function apply(message: Extract<ToImportWorker, { type: 'apply' }>, signal: AbortSignal, post: Post): Promise<void> {
  if (!rows) throw new Error('Check the file first.');
  const result = await applyImport(db, rows, message.policy, {
    signal,
    onProgress: (p) => post({ type: 'progress', phase: 'write', done: p.done, total: p.total }),
  });
  rows = undefined;
  post({ type: 'done', result });
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

import type { MboxImportProgress, MboxImportSummary } from './import-to-db';

/** Page → import worker. */
export type ToImportWorker =
  | { type: 'start'; file: Blob; own: string[]; autoCreate: boolean; neverLog: string[]; batchSize?: number; /** Read and parse only, write nothing (benchmark baseline). */ parseOnly?: boolean }
  | { type: 'cancel' };

/** Import worker → page. */
export type FromImportWorker =
  ({ type: 'progress' } & MboxImportProgress) | { type: 'done'; summary: MboxImportSummary } | { type: 'error'; code: 'not-mbox' | 'failed'; message: string; added: number };

// Mailbox history import, off the page's thread: streams the file, parses it and writes to IndexedDB.
import { db } from '@/lib/db';
import type { FromImportWorker, ToImportWorker } from '@/lib/mbox/import-protocol';
import { importMbox, noneReadInPart, type MboxImportProgress } from '@/lib/mbox/import-to-db';
import { readMbox, type MboxProgress } from '@/lib/mbox/read-mbox';
import { NotMboxError } from '@/lib/mbox/split';

// A dedicated worker's global scope (typed by hand: the project compiles with the DOM lib).
const scope = self as unknown as { postMessage(message: FromImportWorker): void; onmessage: ((event: MessageEvent<ToImportWorker>) => void) | null };
const post = (message: FromImportWorker) => scope.postMessage(message);
let controller: AbortController | null = null;

scope.onmessage = async (event: MessageEvent<ToImportWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    controller?.abort();
    return;
  }
  if (controller) return;
  controller = new AbortController();
  let last: MboxImportProgress = { bytesRead: 0, messages: 0, added: 0 };
  let lastPost = 0;
  try {
    if (message.parseOnly) {
      post({ type: 'done', summary: await parseOnly(message.file, controller.signal) });
      return;
    }
    const summary = await importMbox(db, message.file.stream(), {
      own: message.own,
      autoCreate: message.autoCreate,
      neverLog: message.neverLog,
      batchSize: message.batchSize,
      signal: controller.signal,
      onProgress(progress) {
        last = progress;
        // At most ten updates a second: the page only paints them.
        if (performance.now() - lastPost < 100) return;
        lastPost = performance.now();
        post({ type: 'progress', ...progress });
      },
    });
    post({ type: 'progress', ...last });
    post({ type: 'done', summary });
  } catch (error) {
    post({
      type: 'error',
      code: error instanceof NotMboxError ? 'not-mbox' : 'failed',
      message: error instanceof Error ? error.message : String(error),
      added: last.added,
    });
  } finally {
    controller = null;
  }
};

/** Reads and parses the whole file without writing: the baseline the import's speed is compared with. */
async function parseOnly(file: Blob, signal: AbortSignal) {
  const started = performance.now();
  let read: MboxProgress = { bytesRead: 0, messages: 0, duplicates: 0 };
  const partlyRead = noneReadInPart();
  for await (const message of readMbox(file.stream(), { signal, onProgress: (p) => (read = p) })) {
    if (message.partlyRead) partlyRead[message.partlyRead]++;
  }
  return {
    messagesRead: read.messages,
    added: 0,
    alreadyThere: read.duplicates,
    skippedNoDate: 0,
    skippedNoCorrespondent: 0,
    contactsCreated: 0,
    contactsUpdated: 0,
    partlyRead,
    bytesRead: read.bytesRead,
    ms: performance.now() - started,
    cancelled: false,
  };
}

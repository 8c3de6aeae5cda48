import { useCallback, useEffect, useRef, useState } from 'react';
import type { CsvErrorCode } from '@/lib/csv/errors';
import type { ImportResult } from '@/lib/workspace/apply-import';
import { send as sendToBackground } from '@/lib/messages/send';
import { measurePhase, measurePhases } from '@/lib/csv/import-phases';
import type { DryRun, FromImportWorker, ToImportWorker } from './protocol';

export type JobState =
  | { status: 'idle' }
  | { status: 'running'; kind: 'check' | 'apply'; phase: 'read' | 'plan' | 'write'; done: number; total: number | null }
  | { status: 'checked'; dryRun: DryRun }
  | { status: 'no-rows' }
  | { status: 'done'; result: ImportResult }
  | { status: 'cancelled'; kind: 'check' | 'apply' }
  | { status: 'error'; code?: CsvErrorCode; row?: number; line?: number; message: string };

/** The import worker behind a small state machine: check (dry run) → apply, each with progress and Cancel. */
export function useImportJob() {
  const worker = useRef<Worker | undefined>(undefined);
  const kind = useRef<'check' | 'apply'>('check');
  const [state, setState] = useState<JobState>({ status: 'idle' });
  const sentAt = useRef(0);
  const answeredAt = useRef(0);
  // The answer's render (counts or summary) committed: the last part of a check or a write the user waits for.
  useEffect(() => {
    if (state.status === 'checked' || state.status === 'done') measurePhase(`${kind.current}: answer → rendered`, answeredAt.current, performance.now() - answeredAt.current);
  }, [state.status]);

  const send = useCallback((message: ToImportWorker) => {
    if (!worker.current) {
      worker.current = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      worker.current.addEventListener('message', (event: MessageEvent<FromImportWorker>) => {
        const m = event.data;
        if (m.type === 'checked' || m.type === 'done') {
          measurePhases(m.phases);
          measurePhase(`${kind.current}: click → answer`, sentAt.current, performance.now() - sentAt.current);
          answeredAt.current = performance.now();
        }
        if (m.type === 'progress') setState({ status: 'running', kind: kind.current, phase: m.phase, done: m.done, total: m.total });
        else if (m.type === 'checked') setState({ status: 'checked', dryRun: m.dryRun });
        else if (m.type === 'cancelled') setState({ status: 'cancelled', kind: kind.current });
        else if (m.type === 'error') setState({ status: 'error', code: m.code, row: m.row, line: m.line, message: m.message });
        else if (m.type === 'done') {
          setState({ status: 'done', result: m.result });
          // Staged contacts read as contacts already; the background files them into ordinary rows.
          if (m.result.staged > 0) void sendToBackground('kizuna:file-staged').catch(() => {});
        } else setState({ status: 'no-rows' });
      });
      worker.current.addEventListener('error', (event) => setState({ status: 'error', message: event.message || 'The import worker failed.' }));
    }
    if (message.type !== 'cancel') {
      sentAt.current = performance.now();
      kind.current = message.type;
      setState({ status: 'running', kind: message.type, phase: message.type === 'check' ? 'read' : 'write', done: 0, total: null });
    }
    worker.current.postMessage(message);
  }, []);

  useEffect(() => () => worker.current?.terminate(), []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, send, reset };
}

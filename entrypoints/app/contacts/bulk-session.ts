import { notifyAlertsChanged } from '../alerts-changed';
import { useSyncExternalStore } from 'react';
import { db } from '@/lib/db';
import { applyBulk, BulkError, changedCount, undoBulk, type BulkAction, type BulkProgress, type UndoRecord } from '@/lib/workspace/bulk';
import { workspaceStore } from './use-workspace';

/** The page's bulk-action state: what runs now, the last outcome, and the undo and redo stacks (this session only). */
export interface BulkState {
  running: { action: BulkAction; mode: 'apply' | 'undo'; progress: BulkProgress } | null;
  last: { kind: 'done' | 'undone' | 'error'; action: BulkAction; changed: number; total: number; error?: string; skipped?: number } | null;
  undo: UndoRecord[];
  redo: UndoRecord[];
}

let state: BulkState = { running: null, last: null, undo: [], redo: [] };
const listeners = new Set<() => void>();
const setState = (patch: Partial<BulkState>) => {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
};

export function useBulkState(): BulkState {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => state,
  );
}

/** Runs a bulk action on these contacts in chunks, showing progress; the outcome is undoable. */
export async function runBulk(ids: readonly number[], action: BulkAction, fromRedo = false): Promise<void> {
  if (state.running) return;
  const release = workspaceStore.hold();
  setState({ running: { action, mode: 'apply', progress: { done: 0, total: ids.length } } });
  try {
    const record = await applyBulk(db, ids, action, {
      onProgress: (progress) => setState({ running: { action, mode: 'apply', progress } }),
      onChunk: (plan) => (plan.tagChanges.length ? workspaceStore.applyTagChanges(plan.tagChanges, action.kind === 'addTags') : workspaceStore.applyLocal(plan.after, plan.deleteIds)),
    });
    setState({
      running: null,
      last: { kind: 'done', action, changed: changedCount(record), total: ids.length },
      undo: [...state.undo, record],
      redo: fromRedo ? state.redo : [],
    });
  } catch (error) {
    // The chunks written before the failure stay undoable.
    const partial = error instanceof BulkError && error.undo.before.length ? error.undo : null;
    setState({
      running: null,
      last: { kind: 'error', action, changed: partial?.before.length ?? 0, total: ids.length, error: (error as Error).message },
      ...(partial ? { undo: [...state.undo, partial], redo: [] } : {}),
    });
  } finally {
    release();
    // A delete (or its undo) removes or restores the contacts' alerts.
    if (action.kind === 'delete') void notifyAlertsChanged();
  }
}

/** Puts back the rows of the last bulk action. */
export async function undoLast(): Promise<void> {
  const record = state.undo.at(-1);
  if (!record || state.running) return;
  const release = workspaceStore.hold();
  setState({ running: { action: record.action, mode: 'undo', progress: { done: 0, total: changedCount(record) } } });
  try {
    const { restored, skipped } = await undoBulk(db, record, { onProgress: (progress) => setState({ running: { action: record.action, mode: 'undo', progress } }) });
    // Rows edited since the action were left as they are; the store re-reads them on its own.
    if (record.tagChanges.length) workspaceStore.applyTagChanges(record.tagChanges, record.action.kind === 'removeTags');
    else if (skipped === 0) workspaceStore.applyLocal(record.before);
    setState({
      running: null,
      last: { kind: 'undone', action: record.action, changed: restored, total: record.ids.length, skipped },
      undo: state.undo.slice(0, -1),
      redo: [...state.redo, record],
    });
  } catch (error) {
    setState({ running: null, last: { kind: 'error', action: record.action, changed: 0, total: 0, error: (error as Error).message } });
  } finally {
    release();
    if (record.action.kind === 'delete') void notifyAlertsChanged();
  }
}

/** Applies again the last undone action to the same contacts. */
export async function redoLast(): Promise<void> {
  const record = state.redo.at(-1);
  if (!record || state.running) return;
  setState({ redo: state.redo.slice(0, -1) });
  await runBulk(record.ids, record.action, true);
}

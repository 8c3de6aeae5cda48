import type { NewTask, Task, TaskPatch } from './types';

/**
 * Where tasks live: lib/tasks/dexie-store.ts over IndexedDB (table `tasks`), lib/tasks/memory-store.ts
 * as the model the contract test (test/unit/tasks/store-contract.ts) holds it to.
 *
 * Rules every implementation keeps:
 * - Values are copies: changing a returned task changes nothing stored.
 * - Keys are unique and adding is idempotent: a task whose key is stored already is not added again,
 *   and `add` returns the stored one (a playbook that runs twice makes one task).
 * - Lists are ascending by reminder time (snoozedUntil or dueAt), then id.
 */
export interface TaskStore {
  get(id: number): Promise<Task | undefined>;
  /** Every task, done or not. */
  all(): Promise<Task[]>;
  /** Tasks not done. */
  open(): Promise<Task[]>;
  /** A contact's tasks, done or not. */
  ofContact(contactId: number): Promise<Task[]>;
  /** Adds tasks all or nothing; returns, for each, the task stored under its key (the new one, or the one already there). */
  add(tasks: readonly NewTask[]): Promise<Task[]>;
  /** Changes some fields of a task; returns it as stored now, or undefined when there is none. */
  update(id: number, patch: TaskPatch, now: number): Promise<Task | undefined>;
  /** Marks tasks done (doneAt = now) or not done again; missing ids are ignored. */
  setDone(ids: readonly number[], done: boolean, now: number): Promise<void>;
  /** Moves tasks' reminders to `until` (their due time stays). */
  snooze(ids: readonly number[], until: number, now: number): Promise<void>;
  delete(ids: readonly number[]): Promise<void>;
}

/** Orders tasks by reminder time, then id. */
export function byReminder(a: Task, b: Task): number {
  return (a.snoozedUntil ?? a.dueAt) - (b.snoozedUntil ?? b.dueAt) || a.id - b.id;
}

/** The task with a patch applied (a key set to undefined is removed). */
export function patched(task: Task, patch: TaskPatch, now: number): Task {
  const next: Record<string, unknown> = { ...task, ...patch, updatedAt: now };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next as unknown as Task;
}

/** The task marked done or not done. */
export function withDone(task: Task, done: boolean, now: number): Task {
  if (done) return { ...task, done: 1, doneAt: now, updatedAt: now };
  const next: Task = { ...task, done: 0, updatedAt: now };
  delete next.doneAt;
  return next;
}

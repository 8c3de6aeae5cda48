// The panel's own writes (a thread's record, a live score stored) wait until the user has stayed on one thread for a
// moment (issue 13). Right after the panel opened, the first switches' threads were written (contacts, messages,
// scores, alerts) one after the other, and each write made the contacts the panel follows read again: Dexie callbacks
// of 10–120 ms in a loaded trace, which the next switch's Port message queued behind. Now a user switching on writes
// nothing until they stop; then the jobs run one per background task.
import type { ThreadSnapshot } from '@/lib/protocol';
import { backgroundTask } from './background-task';

/** How long the panel goes without a thread switch before its writes run. */
export const SETTLE_MS = 400;

// When the last thread switch asked for its record (after the profile's frame): the panel's mark of a switch.
let lastSwitch = -Infinity;
let timer: ReturnType<typeof setTimeout> | undefined;
let draining = false;
// By key, in the order first asked; a job asked again before it ran keeps its place and runs the newest `run`.
const jobs = new Map<string, () => void>();

const now = () => performance.now();

function arm(): void {
  clearTimeout(timer);
  const left = lastSwitch + SETTLE_MS - now();
  if (left > 0) timer = setTimeout(arm, left);
  else void drain();
}

// One job per background task, so one write's work (and the re-reads it causes) is a task apart from the next; a
// switch in between puts the rest back behind SETTLE_MS.
async function drain(): Promise<void> {
  draining = true;
  try {
    while (jobs.size) {
      await backgroundTask();
      if (now() - lastSwitch < SETTLE_MS) return arm();
      // A job cancelled meanwhile is gone: the next, if any.
      const first = jobs.entries().next();
      if (first.done) return;
      const [key, run] = first.value;
      jobs.delete(key);
      run();
    }
  } finally {
    draining = false;
  }
}

/**
 * Runs `run` once no thread switch has asked for its record (recordWhenSettled) in SETTLE_MS, in a background task
 * of its own. A job
 * with the same key still waiting is replaced (it keeps its place). Returns a canceller: the job is dropped if it has
 * not run yet (the contact it was for has been left).
 */
export function afterSettled(key: string, run: () => void): () => void {
  jobs.set(key, run);
  if (!draining) arm();
  return () => {
    if (jobs.get(key) === run) jobs.delete(key);
  };
}

/**
 * Runs `record` (the thread's record) once settled (afterSettled), or at once when `urgent` (the panel shows the
 * contact the record is to create as not created yet: the user is looking at the state it ends). A thread left before
 * then is still recorded; the same snapshot seen twice is one job.
 */
export function recordWhenSettled(thread: ThreadSnapshot, urgent: boolean, record: () => void): void {
  lastSwitch = now();
  if (urgent) record();
  else afterSettled(`record:${thread.threadId}:${thread.messages.map((m) => m.messageId).join(',')}`, record);
}

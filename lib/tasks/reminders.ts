import { reminderAt, type Task } from './types';

/** Open tasks whose reminder time has come (they count on the toolbar badge). */
export function dueTasks(tasks: readonly Task[], now: number): Task[] {
  return tasks.filter((t) => t.done === 0 && reminderAt(t) <= now);
}

/** The next reminder time after `now` among open tasks (undefined when none is to come): the alarm's time. */
export function nextReminderAt(tasks: readonly Task[], now: number): number | undefined {
  let next: number | undefined;
  for (const t of tasks) {
    const at = reminderAt(t);
    if (t.done === 0 && at > now && (next === undefined || at < next)) next = at;
  }
  return next;
}

/** Due tasks not yet notified at their current reminder time: each reminder notifies once, and a snooze makes a new one. */
export function remindersToNotify(tasks: readonly Task[], now: number): Task[] {
  return dueTasks(tasks, now).filter((t) => t.remindedAt !== reminderAt(t));
}

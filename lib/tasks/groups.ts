import { zonedParts, zonedTime } from '../reports/zone';
import { byReminder } from './store';
import { reminderAt, type Task } from './types';

export const TASK_GROUPS = ['overdue', 'today', 'upcoming', 'done'] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

/**
 * The Tasks page's lists at `now` in `timeZone`: overdue (reminder time passed), today (later today),
 * upcoming, done (newest first); the open lists by reminder time. `owner` keeps one owner's tasks
 * ('' for tasks with none; undefined for everyone's).
 */
export function groupTasks(tasks: readonly Task[], now: number, timeZone = 'UTC', owner?: string): Record<TaskGroup, Task[]> {
  const local = zonedParts(now, timeZone);
  const endOfToday = zonedTime(local.year, local.month, local.day + 1, 0, timeZone);
  const groups: Record<TaskGroup, Task[]> = { overdue: [], today: [], upcoming: [], done: [] };
  for (const task of tasks) {
    if (owner !== undefined && task.owner !== owner) continue;
    const at = reminderAt(task);
    groups[task.done === 1 ? 'done' : at <= now ? 'overdue' : at < endOfToday ? 'today' : 'upcoming'].push(task);
  }
  for (const name of ['overdue', 'today', 'upcoming'] as const) groups[name].sort(byReminder);
  groups.done.sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0) || b.id - a.id);
  return groups;
}

/** Every owner named on a task, sorted ('' left out). */
export function taskOwners(tasks: readonly Task[]): string[] {
  return [...new Set(tasks.map((t) => t.owner).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

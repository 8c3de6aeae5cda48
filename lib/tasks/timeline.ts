import type { Task } from './types';

/** One event of a contact's timeline from its tasks. */
export interface TaskEvent {
  at: number;
  kind: 'created' | 'done';
  task: Task;
}

/** A contact's task events (each task made; each task done), newest first: they join the contact's timeline. */
export function taskTimeline(tasks: readonly Task[]): TaskEvent[] {
  const events: TaskEvent[] = [];
  for (const task of tasks) {
    events.push({ at: task.createdAt, kind: 'created', task });
    if (task.done === 1 && task.doneAt !== undefined) events.push({ at: task.doneAt, kind: 'done', task });
  }
  return events.sort((a, b) => b.at - a.at || (a.kind === b.kind ? b.task.id - a.task.id : a.kind === 'done' ? -1 : 1));
}

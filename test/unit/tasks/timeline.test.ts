import { describe, expect, it } from 'vitest';
import { taskTimeline } from '../../../lib/tasks/timeline';
import { newTask, type Task } from '../../../lib/tasks/types';

const task = (id: number, createdAt: number, fields: Partial<Task> = {}): Task => ({ ...newTask({ title: `T${id}`, dueAt: 1, createdBy: 'manual' }, { id: 1, owner: '' }, createdAt), id, ...fields });

describe('tasks in the contact timeline', () => {
  it('lists each task made and each task done, newest first (done after made at the same time)', () => {
    const events = taskTimeline([task(1, 100, { done: 1, doneAt: 300 }), task(2, 200), task(3, 300, { done: 1, doneAt: 300 })]);
    expect(events.map((e) => [e.at, e.kind, e.task.id])).toEqual([
      [300, 'done', 3],
      [300, 'done', 1],
      [300, 'created', 3],
      [200, 'created', 2],
      [100, 'created', 1],
    ]);
  });
});

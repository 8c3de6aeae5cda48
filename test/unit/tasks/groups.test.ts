import { describe, expect, it } from 'vitest';
import { groupTasks, taskOwners } from '../../../lib/tasks/groups';
import { newTask, type Task } from '../../../lib/tasks/types';

// 14:20 on 2 December 2026 in Tokyo.
const NOW = Date.UTC(2026, 11, 2, 5, 20);
const tokyo = (day: number, hour: number) => Date.UTC(2026, 11, day, hour - 9);
let id = 0;
const task = (title: string, dueAt: number, fields: Partial<Task> = {}): Task => ({
  ...newTask({ title, dueAt, createdBy: 'manual' }, { id: 1, owner: 'alex' }, 0),
  id: ++id,
  ...fields,
});

describe('the Tasks page groups', () => {
  it('splits by the reminder time in the zone: overdue, later today, upcoming; done apart, newest first', () => {
    const tasks = [
      task('tomorrow', tokyo(3, 9)),
      task('late evening', tokyo(2, 23)),
      task('this morning', tokyo(2, 9)),
      task('snoozed to tonight', tokyo(1, 9), { snoozedUntil: tokyo(2, 20) }),
      task('done first', tokyo(1, 9), { done: 1, doneAt: 5 }),
      task('done last', tokyo(1, 9), { done: 1, doneAt: 9 }),
    ];
    const groups = groupTasks(tasks, NOW, 'Asia/Tokyo');
    const titles = (list: Task[]) => list.map((t) => t.title);
    expect(titles(groups.overdue)).toEqual(['this morning']);
    expect(titles(groups.today)).toEqual(['snoozed to tonight', 'late evening']);
    expect(titles(groups.upcoming)).toEqual(['tomorrow']);
    expect(titles(groups.done)).toEqual(['done last', 'done first']);
    // In UTC it is 05:20: the 23:00 Tokyo task (14:00 UTC) is still today, the 9:00 Tokyo one tomorrow (00:00 UTC on the 3rd).
    expect(titles(groupTasks(tasks, NOW, 'UTC').upcoming)).toEqual(['tomorrow']);
  });

  it('filters by owner, and lists the owners', () => {
    const tasks = [task('a', tokyo(3, 9)), task('b', tokyo(3, 9), { owner: 'mia' }), task('c', tokyo(3, 9), { owner: '' })];
    expect(groupTasks(tasks, NOW, 'UTC', 'mia').upcoming.map((t) => t.title)).toEqual(['b']);
    expect(groupTasks(tasks, NOW, 'UTC', '').upcoming.map((t) => t.title)).toEqual(['c']);
    expect(taskOwners(tasks)).toEqual(['alex', 'mia']);
  });
});

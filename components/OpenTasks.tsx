import type { Task } from '@/lib/tasks/types';
import { reminderAt } from '@/lib/tasks/types';
import { useFormat, useI18n } from './i18n';
import { Checkbox } from './ui/Checkbox';

interface Props {
  tasks: readonly Task[];
  now: number;
  onDone(task: Task): void;
  onSnooze(task: Task): void;
}

/** A contact's open tasks, soonest first: done with one click (or Space on the checkbox), snooze until tomorrow. */
export function OpenTasks({ tasks, now, onDone, onSnooze }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  if (tasks.length === 0) return null;
  return (
    <ul className="open-tasks" aria-label={t('tkOpenTasks')} data-testid="open-tasks">
      {tasks.map((task) => {
        const at = reminderAt(task);
        return (
          <li key={task.id} data-overdue={at <= now ? 'true' : undefined} data-task={task.title}>
            <Checkbox hideLabel label={t('tkMarkDone', task.title)} checked={false} onChange={() => onDone(task)} />
            <span className="task-title">{task.title}</span>
            <span className="task-due">
              {t(`tkType_${task.type}`)} · {at <= now ? t('tkOverdueAt', format.dateTime(at)) : format.dateTime(at)}
            </span>
            <button type="button" className="task-snooze" aria-label={t('tkSnoozeLabel', task.title)} onClick={() => onSnooze(task)}>
              {t('tkSnooze')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

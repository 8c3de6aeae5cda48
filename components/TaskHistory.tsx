import { machineTime } from '@/lib/format';
import { taskTimeline } from '@/lib/tasks/timeline';
import type { Task } from '@/lib/tasks/types';
import { useFormat, useI18n } from './i18n';

/** The contact's timeline of tasks: each task made and each task done, newest first. */
export function TaskHistory({ tasks }: { tasks: readonly Task[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const events = taskTimeline(tasks);
  if (events.length === 0) return null;
  return (
    <ol className="task-history" aria-label={t('tkHistory')} data-testid="task-history">
      {events.map((e) => (
        <li key={`${e.kind}:${e.task.id}`} data-kind={e.kind}>
          <time dateTime={machineTime(e.at)}>{format.dateTime(e.at)}</time> {t(e.kind === 'done' ? 'tkEventDone' : 'tkEventCreated', e.task.title)}
        </li>
      ))}
    </ol>
  );
}

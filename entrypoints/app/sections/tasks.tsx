import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useFormat, useI18n } from '@/components/i18n';
import { Checkbox } from '@/components/ui/Checkbox';
import { PageHeader } from '@/components/ui/PageHeader';
import { isComposing, isEnter } from '@/components/enter-key';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { exportTasksCsv, TASK_COLUMNS } from '@/lib/csv/export';
import { db } from '@/lib/db';
import type { Contact } from '@/lib/db/types';
import { fileDate } from '@/lib/format';
import { createDexieTaskStore } from '@/lib/tasks/dexie-store';
import { groupTasks, TASK_GROUPS, taskOwners } from '@/lib/tasks/groups';
import { localTimeZone } from '@/lib/tasks/local-zone';
import { notifyTasksChanged } from '@/lib/tasks/notify-changed';
import { tomorrowMorning } from '@/lib/tasks/quick-parse';
import { reminderAt, type Task } from '@/lib/tasks/types';
import { downloadFile } from '../download';
import { href, navigate, type Route } from '../router';
import { useTeamReadOnly } from '../../sidebar/use-team';
import { ReadOnlyNote } from '@/components/ReadOnlyGate';
import './tasks.css';

const MINUTE = 60_000;
const tasks = createDexieTaskStore(db);
const contacts = contactStoreOf(db);
/** The owner filter's value for "everyone" (an owner may be any text, so not ''). */
const EVERYONE = '\u0000all';

/**
 * Tasks: overdue, today, upcoming and done, filtered by owner. Keyboard-first: j/k or the arrows move,
 * x marks done (or not done), s snoozes until tomorrow morning, Enter opens the contact.
 */
export function TasksSection(_props: { route: Extract<Route, { page: 'tasks' }> }) {
  const { t } = useI18n();
  const format = useFormat();
  const zone = localTimeZone();
  const [owner, setOwner] = useState(EVERYONE);
  const [focused, setFocused] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const list = useRef<HTMLDivElement>(null);
  // A viewer or a refused member sees the team's tasks but cannot tick or snooze them (the store refuses too).
  const readOnly = useTeamReadOnly();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE);
    return () => clearInterval(timer);
  }, []);
  const data = useLiveQuery(async () => {
    const all = await tasks.all();
    const ids = [...new Set(all.map((task) => task.contactId))];
    const people = new Map((await contacts.getMany(ids)).filter((c): c is Contact => c !== undefined).map((c) => [c.id, c]));
    return { all, people };
  }, []);
  const groups = useMemo(() => (data ? groupTasks(data.all, now, zone, owner === EVERYONE ? undefined : owner) : null), [data, now, zone, owner]);
  const order = useMemo(() => (groups ? TASK_GROUPS.flatMap((g) => groups[g].map((task) => task.id)) : []), [groups]);
  const owners = useMemo(() => taskOwners(data?.all ?? []), [data]);

  const focusRow = (id: number | undefined) => {
    if (id === undefined) return;
    setFocused(id);
    list.current?.querySelector<HTMLElement>(`[data-task-id="${id}"]`)?.focus();
  };
  const toggle = async (task: Task) => {
    if (readOnly) return setStatus(t(`teamReadOnly_${readOnly}`));
    await tasks.setDone([task.id], task.done === 0, Date.now());
    void notifyTasksChanged();
    setStatus(t(task.done === 0 ? 'tkMarkedDone' : 'tkMarkedOpen', task.title));
  };
  const snooze = async (task: Task) => {
    if (readOnly) return setStatus(t(`teamReadOnly_${readOnly}`));
    const until = tomorrowMorning(Date.now(), zone);
    await tasks.snooze([task.id], until, Date.now());
    void notifyTasksChanged();
    setStatus(t('tkSnoozed', [task.title, format.dateTime(until)]));
  };
  const onKey = (e: KeyboardEvent<HTMLElement>, task: Task) => {
    if (isComposing(e) || e.ctrlKey || e.metaKey || e.altKey || e.target !== e.currentTarget) return;
    const at = order.indexOf(task.id);
    const keys: Record<string, () => void> = {
      j: () => focusRow(order[at + 1]),
      ArrowDown: () => focusRow(order[at + 1]),
      k: () => focusRow(order[at - 1]),
      ArrowUp: () => focusRow(order[at - 1]),
      x: () => void toggle(task),
      s: () => void (task.done === 0 && snooze(task)),
    };
    const run = isEnter(e) ? () => navigate({ page: 'contact', id: task.contactId }) : keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  };
  const exportCsv = () => {
    if (!data) return;
    const headers = Object.fromEntries(TASK_COLUMNS.map((c) => [c, t(`tkColumn_${c}`)]));
    const people = new Map([...data.people].map(([id, c]) => [id, { email: c.email, name: c.name }]));
    downloadFile(exportTasksCsv(data.all, { contacts: people, headers, timeZone: zone }), `kizuna-tasks-${fileDate(Date.now())}.csv`, 'text/csv;charset=utf-8');
  };
  // One row in the tab order (the focused one, else the first): the list is one stop, the keys move inside it.
  const tabStop = focused !== null && order.includes(focused) ? focused : order[0];

  return (
    <section className="tasks-page" aria-labelledby="tasks-title">
      <PageHeader
        title={t('tkTitle')}
        titleId="tasks-title"
        subtitle={t('tkKeysHelp')}
        actions={
          <>
            <label className="tasks-owner">
              {t('tkOwnerFilter')}{' '}
              <select value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="tasks-owner">
                <option value={EVERYONE}>{t('tkEveryone')}</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
                <option value="">{t('tkNoOwner')}</option>
              </select>
            </label>
            <button type="button" onClick={exportCsv} disabled={!data?.all.length}>
              {t('tkExportCsv')}
            </button>
          </>
        }
      />
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      <p className="sr-only" role="status">
        {status}
      </p>
      {groups && order.length === 0 ? <p className="tasks-empty">{t('tkEmpty')}</p> : null}
      <div ref={list}>
        {groups &&
          TASK_GROUPS.filter((g) => groups[g].length > 0).map((g) => (
            <section key={g} className="tasks-group" data-group={g} aria-labelledby={`tasks-${g}`}>
              <h3 id={`tasks-${g}`}>
                {t(`tkGroup_${g}`)} <span className="tasks-count">{format.number(groups[g].length)}</span>
              </h3>
              <ul>
                {groups[g].map((task) => {
                  const who = data?.people.get(task.contactId);
                  return (
                    <li
                      key={task.id}
                      className="task-row"
                      data-task-id={task.id}
                      data-task={task.title}
                      data-done={task.done === 1 ? 'true' : undefined}
                      tabIndex={task.id === tabStop ? 0 : -1}
                      aria-label={t('tkRowLabel', [task.title, who ? who.name || who.email : t('tkNoContact'), format.dateTime(reminderAt(task))])}
                      onFocus={() => setFocused(task.id)}
                      onKeyDown={(e) => onKey(e, task)}
                    >
                      <Checkbox hideLabel label={t('tkMarkDone', task.title)} checked={task.done === 1} disabled={!!readOnly} tabIndex={-1} onChange={() => void toggle(task)} />
                      <span className="task-title">{task.title}</span>
                      <span className="task-type">{t(`tkType_${task.type}`)}</span>
                      <a className="task-contact" href={href({ page: 'contact', id: task.contactId })} tabIndex={-1}>
                        {who ? who.name || who.email : t('tkNoContact')}
                      </a>
                      <span className="task-due">{format.dateTime(task.done === 1 && task.doneAt !== undefined ? task.doneAt : reminderAt(task))}</span>
                      <span className="task-owner">{task.owner}</span>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
      </div>
    </section>
  );
}

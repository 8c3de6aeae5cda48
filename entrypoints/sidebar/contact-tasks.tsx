import { useEffect, useRef } from 'react';
import { OpenTasks } from '@/components/OpenTasks';
import { TaskHistory } from '@/components/TaskHistory';
import { TaskQuickAdd } from '@/components/TaskQuickAdd';
import { db } from '@/lib/db';
import type { Contact } from '@/lib/db/types';
import { addTasksFor } from '@/lib/tasks/create';
import { createDexieTaskStore } from '@/lib/tasks/dexie-store';
import { localTimeZone } from '@/lib/tasks/local-zone';
import { notifyTasksChanged } from '@/lib/tasks/notify-changed';
import { tomorrowMorning } from '@/lib/tasks/quick-parse';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';
import { useTeamReadOnly } from './use-team';
import { liveSource, useLiveSource } from './live-source';
import { KEEP_SHOWN } from './use-contact-data';

// The tasks of the contacts shown last stay followed: a switch back to one reads nothing (issue 13).
const contactTasks = liveSource((id) => createDexieTaskStore(db).ofContact(Number(id)), { keep: KEEP_SHOWN });

/** True when a key press belongs to a field (typing), not to the page's shortcuts. */
const inField = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The contact's open tasks and a quick task field (`t` focuses it, Enter adds), in the sidebar and on the contact
 * page. In the sidebar it is loaded on demand after the profile painted: it reads only the contact's tasks (one index read) and re-renders only itself.
 */
export default function ContactTasks({ contact, source = 'sidebar' }: { contact: Contact; source?: 'sidebar' | 'manual' }) {
  const input = useRef<HTMLInputElement>(null);
  const zone = localTimeZone();
  const tasks = useLiveSource(contactTasks, String(contact.id), false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 't' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || inField(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const store = createDexieTaskStore(db);
  // A viewer or a refused member cannot add, tick or snooze the team's tasks (the store refuses too).
  const readOnly = useTeamReadOnly();
  return (
    <section className="contact-tasks">
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      <ReadOnlyGate reason={readOnly}>
        <OpenTasks
          tasks={(tasks ?? []).filter((task) => task.done === 0)}
          now={Date.now()}
          onDone={(task) => void store.setDone([task.id], true, Date.now()).then(notifyTasksChanged)}
          onSnooze={(task) => void store.snooze([task.id], tomorrowMorning(Date.now(), zone), Date.now()).then(notifyTasksChanged)}
        />
      </ReadOnlyGate>
      {source === 'manual' && <TaskHistory tasks={tasks ?? []} />}
      <ReadOnlyGate reason={readOnly}>
        <TaskQuickAdd inputRef={input} timeZone={zone} onCreate={(quick) => addTasksFor(db, [contact.id], { ...quick, createdBy: source }).then(notifyTasksChanged)} />
      </ReadOnlyGate>
    </section>
  );
}

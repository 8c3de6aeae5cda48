import { useId, useState, type Ref } from 'react';
import { parseQuickTask, type QuickTask } from '@/lib/tasks/quick-parse';
import { isEnter } from './enter-key';
import { useFormat, useI18n } from './i18n';

interface Props {
  /** Adds the task the line describes. */
  onCreate(task: QuickTask): Promise<unknown> | void;
  /** The user's time zone (the line's dates are local). */
  timeZone: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** A one-line task field: "call tomorrow 10:00", with what it will make shown under it; Enter adds (never an IME's Enter). */
export function TaskQuickAdd({ onCreate, timeZone, inputRef }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const id = useId();
  const [text, setText] = useState('');
  const [added, setAdded] = useState('');
  const parsed = text.trim() ? parseQuickTask(text, Date.now(), timeZone) : undefined;
  const create = async () => {
    if (!parsed) return;
    await onCreate(parsed);
    setText('');
    setAdded(t('tkAdded', parsed.title));
  };
  return (
    <div className="task-add">
      <label htmlFor={id} className="sr-only">
        {t('tkNewTask')}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        value={text}
        placeholder={t('tkPlaceholder')}
        aria-describedby={`${id}-preview`}
        data-testid="task-quick-add"
        onChange={(e) => {
          setText(e.target.value);
          setAdded('');
        }}
        onKeyDown={(e) => {
          if (isEnter(e)) {
            e.preventDefault();
            void create();
          } else if (e.key === 'Escape') {
            setText('');
            e.currentTarget.blur();
          }
        }}
      />
      <p id={`${id}-preview`} className="task-preview" aria-live="polite">
        {parsed ? t('tkPreview', [parsed.title, t(`tkType_${parsed.type}`), format.dateTime(parsed.dueAt)]) : text.trim() ? t('tkNeedsTitle') : added}
      </p>
    </div>
  );
}

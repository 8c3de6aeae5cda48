import { useId, useState, type ReactNode } from 'react';
import { formatNumber, plural } from '@/lib/format';
import { Form } from '@/components/enter-key';
import { useI18n, type Translate } from '@/components/i18n';
import { db } from '@/lib/db';
import { STAGES, type Stage, type Tag } from '@/lib/db/types';
import { ensureTags, type BulkAction } from '@/lib/workspace/bulk';
import { addTasksFor } from '@/lib/tasks/create';
import { localTimeZone } from '@/lib/tasks/local-zone';
import { notifyTasksChanged } from '@/lib/tasks/notify-changed';
import { parseQuickTask } from '@/lib/tasks/quick-parse';
import { stageLabel } from './columns';
import { redoLast, runBulk, undoLast, useBulkState } from './bulk-session';

type Kind = 'addTags' | 'removeTags' | 'setStage' | 'setOwner' | 'dncOn' | 'dncOff' | 'addTask' | 'delete';
const KINDS: Kind[] = ['addTags', 'removeTags', 'setStage', 'setOwner', 'dncOn', 'dncOff', 'addTask', 'delete'];

/** The words for an action in the status bar. */
export function actionLabel(action: BulkAction, t: Translate): string {
  if (action.kind === 'setDoNotContact') return t(action.value ? 'wsBulk_dncOn' : 'wsBulk_dncOff');
  return t(`wsBulk_${action.kind}`);
}

interface Props {
  /** The contacts the action applies to: the selection, or the whole filter result. */
  ids: number[];
  targetLabel: string;
  tags: Tag[];
  owners: string[];
  /** The actions show only with a selection, or once asked for on the whole filter; else just the opener. */
  open: boolean;
  /** The button that opens the actions for the whole filter. */
  opener: ReactNode;
  /** Beside the Apply button: Clear selection, or Close. */
  extra: ReactNode;
}

/** Bulk actions on the target contacts, with progress, and the status bar with Undo and Redo. */
export function BulkBar({ ids, targetLabel, tags, owners, open, opener, extra }: Props) {
  const { t, locale } = useI18n();
  const state = useBulkState();
  const [kind, setKind] = useState<Kind>('addTags');
  const [text, setText] = useState('');
  const [stage, setStage] = useState<Stage>('customer');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState('');
  const [taskStatus, setTaskStatus] = useState('');
  const base = useId();
  const n = (x: number) => formatNumber(x, locale);

  const apply = async () => {
    setError('');
    setTaskStatus('');
    if (kind === 'addTask') {
      // A task per contact (no undo: each task is marked done or deleted on its own).
      const quick = parseQuickTask(text, Date.now(), localTimeZone());
      if (!quick) return setError(t('tkNeedsTitle'));
      const added = await addTasksFor(db, ids, { ...quick, createdBy: 'bulk' });
      setText('');
      void notifyTasksChanged();
      return setTaskStatus(plural(t, locale, 'tkBulkAdded', added.length, [quick.title, n(added.length)]));
    }
    let action: BulkAction;
    if (kind === 'addTags' || kind === 'removeTags') {
      const names = text
        .split(/[;,、]/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (names.length === 0) return setError(t('wsNeedTag'));
      let tagIds: number[];
      if (kind === 'addTags') {
        try {
          tagIds = (await ensureTags(db, names)).map((tag) => tag.id);
        } catch (err) {
          return setError((err as Error).message);
        }
      } else {
        const keys = new Set(names.map((s) => s.toLowerCase()));
        tagIds = tags.filter((tag) => keys.has(tag.key)).map((tag) => tag.id);
        if (tagIds.length === 0) return setError(t('wsUnknownTag', names.join(', ')));
      }
      action = { kind, tagIds };
    } else if (kind === 'setStage') action = { kind, stage };
    else if (kind === 'setOwner') action = { kind, owner: text.trim() };
    else if (kind === 'delete') {
      if (!confirmDelete) return setConfirmDelete(true);
      action = { kind };
    } else action = { kind: 'setDoNotContact', value: kind === 'dncOn' };
    setConfirmDelete(false);
    await runBulk(ids, action);
  };

  const undoTop = state.undo.at(-1);
  const redoTop = state.redo.at(-1);
  return (
    <section className="ws-bulk" aria-label={t('wsBulkActions')} data-open={open}>
      {!open && opener}
      {open && (
        <Form
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <span className="ws-target">{targetLabel}</span>
          <label htmlFor={`${base}-kind`}>{t('wsBulkAction')}</label>
          <select
            id={`${base}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setConfirmDelete(false);
              setError('');
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`wsBulk_${k}`)}
              </option>
            ))}
          </select>
          {kind === 'addTask' && (
            <input aria-label={t('tkNewTask')} value={text} maxLength={500} placeholder={t('tkPlaceholderBulk')} onChange={(e) => setText(e.target.value)} data-testid="bulk-task" />
          )}
          {(kind === 'addTags' || kind === 'removeTags' || kind === 'setOwner') && (
            <>
              <input
                aria-label={t(kind === 'setOwner' ? 'wsColOwner' : 'wsTagNames')}
                list={`${base}-list`}
                value={text}
                maxLength={320}
                placeholder={kind === 'setOwner' ? t('wsOwnerPlaceholder') : t('wsTagsPlaceholder')}
                onChange={(e) => setText(e.target.value)}
              />
              <datalist id={`${base}-list`}>
                {(kind === 'setOwner' ? owners : tags.map((g) => g.name)).map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
            </>
          )}
          {kind === 'setStage' && (
            <select aria-label={t('wsColStage')} value={stage} onChange={(e) => setStage(e.target.value as Stage)}>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {stageLabel(s, t)}
                </option>
              ))}
            </select>
          )}
          <button type="submit" disabled={ids.length === 0 || state.running !== null} className={confirmDelete ? 'danger' : undefined}>
            {confirmDelete ? plural(t, locale, 'wsConfirmDelete', ids.length) : t('wsApplyToN', n(ids.length))}
          </button>
          {confirmDelete && (
            <button type="button" onClick={() => setConfirmDelete(false)}>
              {t('wsCancel')}
            </button>
          )}
          {confirmDelete && <p className="ws-note">{t('wsDeleteExplain')}</p>}
          {extra}
          {error && (
            <p className="ws-error" role="alert">
              {error}
            </p>
          )}
        </Form>
      )}
      <div className="ws-status" role="status" aria-live="polite">
        {taskStatus && <span data-kind="tasks">{taskStatus}</span>}
        {state.running && (
          <>
            <label>
              {t(state.running.mode === 'undo' ? 'wsUndoing' : 'wsRunning', actionLabel(state.running.action, t))}{' '}
              <progress value={state.running.progress.done} max={Math.max(1, state.running.progress.total)} />
            </label>{' '}
            <span>
              {n(state.running.progress.done)} / {n(state.running.progress.total)}
            </span>
          </>
        )}
        {!state.running && state.last && (
          <span data-kind={state.last.kind}>
            {state.last.kind === 'error'
              ? t('wsBulkFailed', [actionLabel(state.last.action, t), state.last.error ?? ''])
              : state.last.kind === 'undone'
                ? plural(t, locale, 'wsBulkUndone', state.last.changed, [actionLabel(state.last.action, t), n(state.last.changed)])
                : plural(t, locale, 'wsBulkDone', state.last.total, [actionLabel(state.last.action, t), n(state.last.changed), n(state.last.total)])}
            {state.last.skipped ? ` ${plural(t, locale, 'wsUndoSkipped', state.last.skipped)}` : ''}
          </span>
        )}{' '}
        {!state.running && undoTop && (
          <button type="button" onClick={() => void undoLast()}>
            {t('wsUndo', actionLabel(undoTop.action, t))}
          </button>
        )}{' '}
        {!state.running && redoTop && (
          <button type="button" onClick={() => void redoLast()}>
            {t('wsRedo', actionLabel(redoTop.action, t))}
          </button>
        )}
      </div>
    </section>
  );
}

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { Field } from '@/components/ui/Field';
import { Form, isComposing, isSaveEnter } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';

/** One enrolment awaiting approval, with its first message rendered for the contact (or why it cannot be). */
export interface ApprovalItem {
  id: string;
  contact: string;
  sequence: string;
  subject: string;
  body: string;
  /** A reason the template cannot be sent as it is (a deleted template, a missing merge value): edit or skip. */
  problem?: string;
}

export interface ApprovalActions {
  approve(id: string): Promise<void>;
  edit(id: string, message: { subject: string; body: string }): Promise<void>;
  skip(id: string): Promise<void>;
}

function EditForm({ item, onSave, onCancel }: { item: ApprovalItem; onSave: (m: { subject: string; body: string }) => Promise<void>; onCancel: () => void }) {
  const { t } = useI18n();
  const [subject, setSubject] = useState(item.subject);
  const [body, setBody] = useState(item.body);
  const [error, setError] = useState<string>();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const save = async () => {
    if (!subject.trim()) return setError(t('aqErrSubject'));
    if (!body.trim()) return setError(t('aqErrBody'));
    await onSave({ subject: subject.trim(), body });
  };
  return (
    <Form
      className="aq-edit"
      aria-label={t('aqEditFor', item.contact)}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !isComposing(e)) onCancel();
        else if (isSaveEnter(e)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <Field label={t('aqSubject')} error={error === t('aqErrSubject') ? error : undefined}>
        <input ref={first} name="subject" value={subject} maxLength={1000} onChange={(e) => setSubject(e.target.value)} />
      </Field>
      <Field label={t('aqBody')} help={t('aqEditHelp')} error={error === t('aqErrBody') ? error : undefined}>
        <textarea name="body" rows={8} value={body} maxLength={100_000} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary">
        {t('aqSaveApprove')}
      </Button>
      <Button onClick={onCancel}>{t('cancel')}</Button>
    </Form>
  );
}

/**
 * The approval queue's list: j/k (or the arrows) move, a approves, e edits the first message for this contact only,
 * s skips. Keys typed in a field or while an input method composes are never commands.
 */
export function ApprovalList({ items, actions }: { items: ApprovalItem[]; actions: ApprovalActions }) {
  const { t } = useI18n();
  const [active, setActive] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const index = Math.min(active, Math.max(0, items.length - 1));
  const current = items[index];

  const act = async (kind: 'approve' | 'skip', item: ApprovalItem | undefined) => {
    if (!item) return;
    // A message that cannot be sent as it is must be edited (or skipped): approving it would only fail in the engine.
    if (kind === 'approve' && item.problem) return setStatus(item.problem);
    await actions[kind](item.id);
    setStatus(t(kind === 'approve' ? 'aqApproved' : 'aqSkipped', item.contact));
    list.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (isComposing(e) || e.ctrlKey || e.metaKey || e.altKey || e.target !== e.currentTarget || !current) return;
    const keys: Record<string, () => void> = {
      j: () => setActive(Math.min(items.length - 1, index + 1)),
      ArrowDown: () => setActive(Math.min(items.length - 1, index + 1)),
      k: () => setActive(Math.max(0, index - 1)),
      ArrowUp: () => setActive(Math.max(0, index - 1)),
      a: () => void act('approve', current),
      e: () => setEditing(current.id),
      s: () => void act('skip', current),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  };

  return (
    <>
      <p className="muted" id="aq-keys">
        {t('aqKeys')}
      </p>
      <ul
        className="aq-list"
        ref={list}
        tabIndex={0}
        role="listbox"
        aria-label={t('aqListLabel')}
        aria-describedby="aq-keys"
        aria-activedescendant={current ? `aq-${index}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="aq-list"
      >
        {items.map((item, i) => (
          <li key={item.id} id={`aq-${i}`} role="option" aria-selected={i === index} data-enrolment={item.id} className={i === index ? 'aq-item aq-active' : 'aq-item'} onClick={() => setActive(i)}>
            <div className="aq-head">
              <strong>{item.contact}</strong> <span className="muted">{item.sequence}</span>
            </div>
            {editing === item.id ? (
              <EditForm
                item={item}
                onCancel={() => {
                  setEditing(null);
                  list.current?.focus();
                }}
                onSave={async (message) => {
                  await actions.edit(item.id, message);
                  setEditing(null);
                  setStatus(t('aqEdited', item.contact));
                  list.current?.focus();
                }}
              />
            ) : (
              <div className="aq-message">
                <div className="aq-subject">{item.subject}</div>
                <pre className="aq-body">{item.body}</pre>
                {item.problem ? <p className="ui-field-error">{item.problem}</p> : null}
              </div>
            )}
            {editing === item.id ? null : (
              <div className="aq-actions">
                <Button variant="primary" disabled={!!item.problem} aria-label={t('aqApprove', item.contact)} onClick={() => void act('approve', item)}>
                  {t('aqApproveShort')}
                </Button>
                <Button aria-label={t('aqEdit', item.contact)} onClick={() => setEditing(item.id)}>
                  {t('aqEditShort')}
                </Button>
                <Button variant="quiet" aria-label={t('aqSkip', item.contact)} onClick={() => void act('skip', item)}>
                  {t('aqSkipShort')}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="aq-status">
        {status}
      </p>
    </>
  );
}

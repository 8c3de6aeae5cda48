import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { Checkbox } from '@/components/ui/Checkbox';
import { Field } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import type { Sequence } from '@/lib/playbooks/sequence';
import type { SequenceIssue } from '@/lib/playbooks/sequence-validate';
import { playbookStoreOf } from '@/lib/playbooks/store';
import type { Template } from '@/lib/templates/schema';
import { MessageStep } from '../campaigns/StepFields';
import { useTeamReadOnly } from '../../sidebar/use-team';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';
import './approvals.css';

const store = playbookStoreOf(db);

interface SequenceForm {
  id: string;
  name: string;
  steps: { templateId: string; delayDays: string }[];
  sendWithoutApproval: boolean;
  allowConcurrent: boolean;
}

const toForm = (s: Sequence): SequenceForm => ({ ...s, steps: s.steps.map((x) => ({ templateId: String(x.templateId), delayDays: String(x.delayDays) })) });
const blank = (): SequenceForm => ({
  id: `seq-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`,
  name: '',
  steps: [{ templateId: '', delayDays: '0' }],
  sendWithoutApproval: false,
  allowConcurrent: false,
});
// An empty choice is no template at all (not template 0), so validation names the field.
const fromForm = (f: SequenceForm) => ({
  ...f,
  steps: f.steps.map((s) => ({ templateId: s.templateId === '' ? undefined : Number(s.templateId), delayDays: s.delayDays === '' ? undefined : Number(s.delayDays), condition: 'no-reply' })),
});

function SequenceEditor({ initial, templates, onDone }: { initial: SequenceForm; templates: (Template & { id: number })[]; onDone: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState(initial);
  const [issues, setIssues] = useState<SequenceIssue[]>([]);
  const errorFor = (path: string) => {
    const issue = issues.find((i) => i.path === path);
    return issue && t(issue.key, issue.params ?? []);
  };
  const save = async () => {
    const result = await store.saveSequence(fromForm(form));
    if (!result.ok) return setIssues(result.issues);
    onDone();
  };
  const general = issues.filter((i) => i.path === '' || i.path === 'steps');
  return (
    <Form
      className="sq-form"
      aria-label={t('sqEditorLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Field label={t('sqName')} error={errorFor('name')}>
        <input name="name" value={form.name} maxLength={100} aria-invalid={errorFor('name') ? true : undefined} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </Field>
      <MessageStep form={form} change={(patch) => setForm({ ...form, ...patch })} errorFor={errorFor} templates={templates} />
      <Checkbox block role="switch" label={t('sqSendWithoutApproval')} checked={form.sendWithoutApproval} onChange={(e) => setForm({ ...form, sendWithoutApproval: e.target.checked })} />
      <Checkbox block role="switch" label={t('sqAllowConcurrent')} checked={form.allowConcurrent} onChange={(e) => setForm({ ...form, allowConcurrent: e.target.checked })} />
      {general.map((i) => (
        <p key={i.key} className="ui-field-error" role="alert">
          {t(i.key, i.params ?? [])}
        </p>
      ))}
      <Button type="submit" variant="primary">
        {t('sqSave')}
      </Button>
      <Button onClick={onDone}>{t('cancel')}</Button>
    </Form>
  );
}

/** The sequences page: campaign templates that start per contact when a playbook enrols them. */
export function SequencesSection() {
  const { t } = useI18n();
  const data = useLiveQuery(async () => {
    const [sequences, templates, playbooks] = await Promise.all([store.sequences(), db.templates.toArray(), store.list()]);
    return { sequences, templates: templates.filter((x): x is Template & { id: number } => x.id !== undefined), playbooks };
  }, []);
  const [editing, setEditing] = useState<SequenceForm | null>(null);
  // Sequences are the team's (docs/team-book.md): a viewer or a refused member sees them but cannot change them.
  const readOnly = useTeamReadOnly();
  if (!data) return <p className="muted">{t('loading')}</p>;
  const templateName = (id: string | number) => data.templates.find((x) => x.id === Number(id))?.name ?? t('sqDeletedTemplate');
  const usedBy = (id: string) => data.playbooks.filter((p) => p.actions.some((a) => a.type === 'enrol' && a.sequenceId === id)).map((p) => p.name);

  return (
    <section aria-labelledby="sq-h" className="sq-page" data-state="ready">
      <PageHeader
        title={t('sqTitle')}
        titleId="sq-h"
        subtitle={t('sqSubtitle')}
        actions={
          <ReadOnlyGate reason={readOnly}>
            <Button onClick={() => setEditing(blank())}>{t('sqNew')}</Button>
          </ReadOnlyGate>
        }
      />
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      {editing ? (
        <ReadOnlyGate reason={readOnly}>
          <SequenceEditor key={editing.id} initial={editing} templates={data.templates} onDone={() => setEditing(null)} />
        </ReadOnlyGate>
      ) : null}
      {data.sequences.length === 0 && !editing ? <p className="muted">{t('sqEmpty')}</p> : null}
      <ul className="sq-list" data-testid="sq-list">
        {data.sequences.map((s) => (
          <li key={s.id} data-sequence={s.id}>
            <strong>{s.name}</strong>
            <ol>
              {s.steps.map((step, i) => (
                <li key={i}>{i === 0 ? t('sqStepFirst', templateName(step.templateId)) : t('sqStepLater', [templateName(step.templateId), String(step.delayDays)])}</li>
              ))}
            </ol>
            <p className="muted">
              {t(s.sendWithoutApproval ? 'sqSendsDirectly' : 'sqNeedsApproval')} · {t(s.allowConcurrent ? 'sqConcurrent' : 'sqAlone')}
            </p>
            {usedBy(s.id).length ? <p className="muted">{t('sqUsedBy', usedBy(s.id).join(', '))}</p> : null}
            <ReadOnlyGate reason={readOnly}>
              <Button onClick={() => setEditing(toForm(s))}>{t('sqEdit', s.name)}</Button>
              <Button variant="danger" onClick={() => void store.deleteSequence(s.id)}>
                {t('sqDelete', s.name)}
              </Button>
            </ReadOnlyGate>
          </li>
        ))}
      </ul>
    </section>
  );
}

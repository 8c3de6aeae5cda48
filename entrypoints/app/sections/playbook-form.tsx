import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { Checkbox } from '@/components/ui/Checkbox';
import { Field } from '@/components/ui/Field';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { ALERT_KINDS, STAGES } from '@/lib/db/types';
import { RISK_BANDS } from '@/lib/segments/risk-band';
import { TASK_TYPES } from '@/lib/playbooks/schema';
import { ALERT_KEYS, BAND_KEYS } from '@/lib/playbooks/describe';
import type { PlaybookAction, PlaybookInput, Trigger } from '@/lib/playbooks/types';
import type { PlaybookIssue } from '@/lib/playbooks/validate';
import type { Company, Tag } from '@/lib/db/types';
import { FilterBuilder } from '../contacts/FilterBuilder';

const TRIGGER_KINDS = ['band-entered', 'chance-rise', 'alert', 'stage-change', 'tag-added', 'date-field'] as const;
const ACTION_KINDS = ['create-task', 'set-owner', 'add-tag', 'remove-tag', 'set-stage', 'enrol'] as const;
const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const stageKey = (s: string) => `stage_${s.replace('-', '_')}`;

/** What the form may pick from: tags and sequences by id, with their names. */
export interface FormChoices {
  tags: Tag[];
  sequences: { id: string; name: string }[];
  /** What the conditions (a segment filter, as on the contacts page) may name. */
  companies: Company[];
  owners: string[];
  customKeys: { key: string; label: string }[];
}

function defaultTrigger(type: Trigger['type']): Trigger {
  switch (type) {
    case 'band-entered':
      return { type, bands: ['high'] };
    case 'chance-rise':
      return { type, points: 15 };
    case 'alert':
      return { type, kinds: [] };
    case 'stage-change':
      return { type, from: [], to: [] };
    case 'tag-added':
      return { type, tagIds: [] };
    case 'date-field':
      return { type, field: '', daysBefore: 30 };
  }
}

function defaultAction(type: PlaybookAction['type'], choices: FormChoices): PlaybookAction {
  switch (type) {
    case 'create-task':
      return { type, owner: '', taskType: 'call', title: '', dueInDays: 1 };
    case 'set-owner':
      return { type, owner: '' };
    case 'add-tag':
    case 'remove-tag':
      return { type, tagId: choices.tags[0]?.id ?? 0 };
    case 'set-stage':
      return { type, stage: 'customer' };
    case 'enrol':
      return { type, sequenceId: choices.sequences[0]?.id ?? '' };
  }
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

/**
 * The playbook editor's form: name, trigger and its parameters, actions. Saving hands the playbook to `onSave`
 * (validation on save); the issues it returns are shown next to the field each names.
 */
export function PlaybookForm({ initial, choices, onSave, onCancel }: { initial: PlaybookInput; choices: FormChoices; onSave: (p: PlaybookInput) => Promise<PlaybookIssue[]>; onCancel: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<PlaybookInput>(initial);
  const [issues, setIssues] = useState<PlaybookIssue[]>([]);
  const trigger = draft.trigger as Trigger;
  const actions = draft.actions as PlaybookAction[];
  const errorAt = (path: string): ReactNode => {
    const found = issues.filter((i) => i.path === path || (path === '' && !i.path));
    return found.length ? found.map((i) => t(i.key, i.params)).join(' ') : undefined;
  };
  const setTrigger = (next: Trigger) => setDraft({ ...draft, trigger: next });
  const setAction = (i: number, next: PlaybookAction) => setDraft({ ...draft, actions: actions.map((a, j) => (j === i ? next : a)) });
  const checkboxes = <T extends string | number>(legend: string, path: string, all: readonly T[], chosen: readonly T[], label: (v: T) => string, set: (next: T[]) => void) => (
    <fieldset className="pb-choices" aria-describedby={errorAt(path) ? `pb-err-${path}` : undefined}>
      <legend>{legend}</legend>
      {all.map((v) => (
        <Checkbox key={String(v)} label={label(v)} checked={chosen.includes(v)} onChange={(e) => set(toggle(chosen, v, e.target.checked))} />
      ))}
      {errorAt(path) ? (
        <span className="ui-field-error" role="alert" id={`pb-err-${path}`} data-path={path}>
          {errorAt(path)}
        </span>
      ) : null}
    </fieldset>
  );

  return (
    <Form
      className="pb-form"
      aria-label={t('pbFormTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(draft).then(setIssues);
      }}
    >
      <Field label={t('pbName')} error={errorAt('name')}>
        <input value={draft.name} maxLength={100} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </Field>
      <Field label={t('pbTriggerKind')}>
        <select value={trigger.type} onChange={(e) => setTrigger(defaultTrigger(e.target.value as Trigger['type']))}>
          {TRIGGER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`pbTriggerKind_${camel(k)}`)}
            </option>
          ))}
        </select>
      </Field>
      {trigger.type === 'band-entered'
        ? checkboxes(
            t('pbBands'),
            'trigger.bands',
            RISK_BANDS,
            trigger.bands,
            (b) => t(BAND_KEYS[b]),
            (bands) => setTrigger({ ...trigger, bands }),
          )
        : null}
      {trigger.type === 'chance-rise' ? (
        <Field label={t('pbPoints')} error={errorAt('trigger.points')}>
          <input type="number" min={1} max={100} value={trigger.points} onChange={(e) => setTrigger({ ...trigger, points: Number(e.target.value) })} />
        </Field>
      ) : null}
      {trigger.type === 'alert'
        ? checkboxes(
            t('pbAlertKinds'),
            'trigger.kinds',
            ALERT_KINDS,
            trigger.kinds,
            (k) => t(ALERT_KEYS[k]),
            (kinds) => setTrigger({ ...trigger, kinds }),
          )
        : null}
      {trigger.type === 'stage-change' ? (
        <>
          {checkboxes(
            t('pbStageFrom'),
            'trigger.from',
            STAGES,
            trigger.from ?? [],
            (s) => t(stageKey(s)),
            (from) => setTrigger({ ...trigger, from }),
          )}
          {checkboxes(
            t('pbStageTo'),
            'trigger.to',
            STAGES,
            trigger.to,
            (s) => t(stageKey(s)),
            (to) => setTrigger({ ...trigger, to }),
          )}
        </>
      ) : null}
      {trigger.type === 'tag-added'
        ? checkboxes(
            t('pbTags'),
            'trigger.tagIds',
            choices.tags.map((x) => x.id),
            trigger.tagIds,
            (id) => choices.tags.find((x) => x.id === id)?.name ?? String(id),
            (tagIds) => setTrigger({ ...trigger, tagIds }),
          )
        : null}
      {trigger.type === 'date-field' ? (
        <>
          <Field label={t('pbDateField')} error={errorAt('trigger.field')}>
            <input value={trigger.field} onChange={(e) => setTrigger({ ...trigger, field: e.target.value })} />
          </Field>
          <Field label={t('pbDaysBefore')} error={errorAt('trigger.daysBefore')}>
            <input type="number" min={0} max={365} value={trigger.daysBefore} onChange={(e) => setTrigger({ ...trigger, daysBefore: Number(e.target.value) })} />
          </Field>
        </>
      ) : null}

      <fieldset className="pb-actions">
        <legend>{t('pbActions')}</legend>
        {errorAt('actions') ? (
          <span className="ui-field-error" role="alert" data-path="actions">
            {errorAt('actions')}
          </span>
        ) : null}
        <ol>
          {actions.map((a, i) => (
            <li key={i}>
              <Field label={t('pbActionKind', String(i + 1))}>
                <select value={a.type} onChange={(e) => setAction(i, defaultAction(e.target.value as PlaybookAction['type'], choices))}>
                  {ACTION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`pbActionKind_${camel(k)}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {a.type === 'create-task' ? (
                <>
                  <Field label={t('pbTaskTitle')} error={errorAt(`actions.${i}.title`)}>
                    <input value={a.title} maxLength={200} onChange={(e) => setAction(i, { ...a, title: e.target.value })} />
                  </Field>
                  <Field label={t('pbTaskType')}>
                    <select value={a.taskType} onChange={(e) => setAction(i, { ...a, taskType: e.target.value as (typeof TASK_TYPES)[number] })}>
                      {TASK_TYPES.map((k) => (
                        <option key={k} value={k}>
                          {t(`pbTaskType_${k}`)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label={t('pbTaskOwner')} help={t('pbTaskOwnerHelp')} error={errorAt(`actions.${i}.owner`)}>
                    <input type="email" value={a.owner} onChange={(e) => setAction(i, { ...a, owner: e.target.value })} />
                  </Field>
                  <Field label={t('pbDueInDays')} error={errorAt(`actions.${i}.dueInDays`)}>
                    <input type="number" min={0} max={365} value={a.dueInDays} onChange={(e) => setAction(i, { ...a, dueInDays: Number(e.target.value) })} />
                  </Field>
                  <Field label={t('pbDueTime')} error={errorAt(`actions.${i}.dueTime`)}>
                    <input type="time" value={a.dueTime ?? ''} onChange={(e) => setAction(i, { ...a, dueTime: e.target.value || undefined })} />
                  </Field>
                </>
              ) : null}
              {a.type === 'set-owner' ? (
                <Field label={t('pbOwner')} error={errorAt(`actions.${i}.owner`)}>
                  <input type="email" value={a.owner} onChange={(e) => setAction(i, { ...a, owner: e.target.value })} />
                </Field>
              ) : null}
              {a.type === 'add-tag' || a.type === 'remove-tag' ? (
                <Field label={t('pbTag')} error={errorAt(`actions.${i}.tagId`)}>
                  <select value={a.tagId} onChange={(e) => setAction(i, { ...a, tagId: Number(e.target.value) })}>
                    {choices.tags.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
              {a.type === 'set-stage' ? (
                <Field label={t('pbStage')} error={errorAt(`actions.${i}.stage`)}>
                  <select value={a.stage} onChange={(e) => setAction(i, { ...a, stage: e.target.value as typeof a.stage })}>
                    {STAGES.map((s) => (
                      <option key={s} value={s}>
                        {t(stageKey(s))}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
              {a.type === 'enrol' ? (
                <Field label={t('pbSequence')} error={errorAt(`actions.${i}.sequenceId`)}>
                  <select value={a.sequenceId} onChange={(e) => setAction(i, { ...a, sequenceId: e.target.value })}>
                    {!choices.sequences.some((s) => s.id === a.sequenceId) ? <option value={a.sequenceId}>{a.sequenceId || t('pbNoSequence')}</option> : null}
                    {choices.sequences.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
              <Button variant="quiet" onClick={() => setDraft({ ...draft, actions: actions.filter((_, j) => j !== i) })}>
                {t('pbRemoveAction', String(i + 1))}
              </Button>
            </li>
          ))}
        </ol>
        <Button onClick={() => setDraft({ ...draft, actions: [...actions, defaultAction('create-task', choices)] })}>{t('pbAddAction')}</Button>
      </fieldset>
      <fieldset className="pb-conditions">
        <legend>{t('pbConditions')}</legend>
        <FilterBuilder
          conditions={draft.conditions.conditions}
          onChange={(conditions) => setDraft({ ...draft, conditions: { conditions } })}
          tags={choices.tags}
          companies={choices.companies}
          owners={choices.owners}
          customKeys={choices.customKeys}
        />
      </fieldset>
      {issues.some((i) => i.path.startsWith('conditions')) ? (
        <p className="ui-field-error" role="alert" data-path="conditions">
          {issues
            .filter((i) => i.path.startsWith('conditions'))
            .map((i) => t(i.key, i.params))
            .join(' ')}
        </p>
      ) : null}
      <div className="pb-form-buttons">
        <Button variant="primary" type="submit">
          {t('pbSave')}
        </Button>
        <Button onClick={onCancel}>{t('cancel')}</Button>
      </div>
    </Form>
  );
}

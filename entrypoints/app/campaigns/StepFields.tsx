import { useI18n } from '@/components/i18n';
import { Button } from '@/components/ui/Button';
import { Field } from '@/components/ui/Field';
import type { SegmentRecord } from '@/lib/db/types';
import type { Template } from '@/lib/templates/schema';
import { SELECTION, type DraftForm } from './draft';

const MAX_STEPS = 10;

interface StepProps {
  form: DraftForm;
  change: (patch: Partial<DraftForm>) => void;
  /** The error shown next to a field (by its issue path), if any. */
  errorFor: (path: string) => string | undefined;
}

const invalid = (error: string | undefined) => (error ? true : undefined);

/** Step 1: the campaign's name and who receives it. */
export function RecipientsStep({ form, change, errorFor, segments }: StepProps & { segments: SegmentRecord[] }) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t('cpName')} error={errorFor('name')}>
        <input name="name" value={form.name} maxLength={200} aria-invalid={invalid(errorFor('name'))} onChange={(e) => change({ name: e.target.value })} />
      </Field>
      <Field label={t('cpSegment')} error={errorFor('segmentId')}>
        <select name="segment" value={form.segmentId} aria-invalid={invalid(errorFor('segmentId'))} onChange={(e) => change({ segmentId: e.target.value })}>
          <option value="">{t('cpChooseSegment')}</option>
          {form.selection && <option value={SELECTION}>{t('cpSelection', String(form.selection.length))}</option>}
          {segments.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      {segments.length === 0 && <p className="muted">{t('cpNoSegments')}</p>}
    </>
  );
}

/** Step 2: the first message and its follow-ups, each a template and a wait. */
export function MessageStep({
  form,
  change,
  errorFor,
  templates,
}: {
  // Only the steps: the sequences page uses this step too.
  form: Pick<DraftForm, 'steps'>;
  change: (patch: Pick<DraftForm, 'steps'>) => void;
  errorFor: StepProps['errorFor'];
  templates: (Template & { id: number })[];
}) {
  const { t } = useI18n();
  const setStep = (i: number, patch: Partial<DraftForm['steps'][number]>) => change({ steps: form.steps.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  return (
    <>
      <ol className="cp-steps">
        {form.steps.map((step, i) => (
          <li key={i}>
            <Field label={i === 0 ? t('cpTemplateFirst') : t('cpTemplateFollowUp', String(i + 1))} error={errorFor(`steps.${i}.templateId`)}>
              <select name={`template-${i}`} value={step.templateId} aria-invalid={invalid(errorFor(`steps.${i}.templateId`))} onChange={(e) => setStep(i, { templateId: e.target.value })}>
                <option value="">{t('cpChooseTemplate')}</option>
                {templates.map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.name}
                  </option>
                ))}
              </select>
            </Field>
            {i > 0 && (
              <>
                <Field label={t('cpDelayDays')} help={t('cpDelayHint')} error={errorFor(`steps.${i}.delayDays`)}>
                  <input
                    name={`delay-${i}`}
                    type="number"
                    min="0"
                    max="365"
                    step="any"
                    value={step.delayDays}
                    aria-invalid={invalid(errorFor(`steps.${i}.delayDays`))}
                    onChange={(e) => setStep(i, { delayDays: e.target.value })}
                  />
                </Field>
                <Button onClick={() => change({ steps: form.steps.filter((_, k) => k !== i) })}>{t('cpRemoveStep', String(i + 1))}</Button>
              </>
            )}
          </li>
        ))}
      </ol>
      <Button disabled={form.steps.length >= MAX_STEPS} onClick={() => change({ steps: [...form.steps, { templateId: form.steps.at(-1)!.templateId, delayDays: '3' }] })}>
        {t('cpAddFollowUp')}
      </Button>
    </>
  );
}

/** Step 3: when sending starts and how fast it goes (the daily cap comes from the settings). */
export function ScheduleStep({ form, change, errorFor, capInfo }: StepProps & { capInfo: string }) {
  const { t } = useI18n();
  return (
    <>
      <fieldset className="cp-start">
        <legend>{t('cpSchedule')}</legend>
        <label className="ui-check ui-check-block">
          <input type="radio" name="startMode" checked={form.startMode === 'now'} onChange={() => change({ startMode: 'now' })} />
          <span>{t('cpStartNow')}</span>
        </label>
        <label className="ui-check ui-check-block">
          <input type="radio" name="startMode" checked={form.startMode === 'at'} onChange={() => change({ startMode: 'at' })} />
          <span>{t('cpStartAt')}</span>
        </label>
      </fieldset>
      {form.startMode === 'at' && (
        <Field label={t('cpStartTime')} error={errorFor('startAt')}>
          <input name="startAt" type="datetime-local" value={form.startAt} aria-invalid={invalid(errorFor('startAt'))} onChange={(e) => change({ startAt: e.target.value })} />
        </Field>
      )}
      <Field label={t('cpRate')} error={errorFor('ratePerMinute')}>
        <input
          name="rate"
          type="number"
          min="0.1"
          max="600"
          step="any"
          value={form.ratePerMinute}
          aria-invalid={invalid(errorFor('ratePerMinute'))}
          onChange={(e) => change({ ratePerMinute: e.target.value })}
        />
      </Field>
      <Field label={t('cpJitter')} error={errorFor('jitter')}>
        <input name="jitter" type="number" min="0" max="100" value={form.jitter} aria-invalid={invalid(errorFor('jitter'))} onChange={(e) => change({ jitter: e.target.value })} />
      </Field>
      <p className="muted">{capInfo}</p>
    </>
  );
}

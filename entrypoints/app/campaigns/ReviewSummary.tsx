import { useI18n } from '@/components/i18n';
import type { SegmentRecord } from '@/lib/db/types';
import { formatDateTime, formatNumber, formatPercent, formatUnit } from '@/lib/format';
import type { Template } from '@/lib/templates/schema';
import { SELECTION, type DraftForm } from './draft';

/** What the campaign will do, as chosen in the earlier steps, read back before the checks and the start. */
export function ReviewSummary({ form, segments, templates }: { form: DraftForm; segments: SegmentRecord[]; templates: (Template & { id: number })[] }) {
  const { t, locale } = useI18n();
  const audience = form.segmentId === SELECTION ? t('cpSelection', String(form.selection?.length ?? 0)) : (segments.find((s) => String(s.id) === form.segmentId)?.name ?? '');
  const templateName = (id: string) => templates.find((tpl) => String(tpl.id) === id)?.name ?? '';
  const startAt = new Date(form.startAt).getTime();
  return (
    <dl className="cp-review" data-testid="cp-review">
      <dt>{t('cpName')}</dt>
      <dd>{form.name.trim() || t('cpUntitled')}</dd>
      <dt>{t('cpWizRecipients')}</dt>
      <dd>{audience}</dd>
      <dt>{t('cpSteps')}</dt>
      <dd>
        <ol className="cp-review-steps">
          {form.steps.map((step, i) => (
            <li key={i}>
              <span className="muted">{i === 0 ? t('cpStepFirst') : t('cpStepFollowUp', [String(i + 1), formatUnit(Number(step.delayDays), 'day', locale)])}</span> {templateName(step.templateId)}
            </li>
          ))}
        </ol>
      </dd>
      <dt>{t('cpSchedule')}</dt>
      <dd>{form.startMode === 'now' || !(startAt > 0) ? t('cpStartNow') : formatDateTime(startAt, locale)}</dd>
      <dt>{t('cpRate')}</dt>
      <dd>{formatNumber(Number(form.ratePerMinute), locale, 2)}</dd>
      <dt>{t('cpJitter')}</dt>
      <dd>{formatPercent(Number(form.jitter) / 100, locale, 0)}</dd>
    </dl>
  );
}

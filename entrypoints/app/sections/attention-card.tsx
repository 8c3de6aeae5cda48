import { useId } from 'react';
import { useFormat, useI18n, type Translate } from '@/components/i18n';
import { intentPhrasesText, paymentStatusText, RiskBadge } from '@/components/RiskBadge';
import { formatDays, machineTime } from '@/lib/format';
import type { Alert } from '@/lib/db/types';
import { alertParams } from '@/lib/churn/alerts';
import type { AttentionCard } from '@/lib/churn/attention';
import type { ChurnScore } from '@/lib/churn/rules';
import type { TrendPoint } from '@/lib/churn/score-history';
import { href } from '../router';

/** An alert in plain words. */
export function alertText(alert: Pick<Alert, 'kind' | 'detail'>, t: Translate, locale = 'en'): string {
  const p = alertParams(alert.detail);
  const s = (name: string) => String(p[name] ?? '');
  const days = (name: string) => formatDays(Number(p[name] ?? 0), locale, (text) => t('durationAbout', text));
  switch (alert.kind) {
    case 'high-risk':
      // No score here: the card shows one score, the stored one (a number in the alert would be another).
      return t('reAlert_highRisk');
    case 'intent':
      return t('reAlert_intent', intentPhrasesText(p.phrases, p.quotes, t, locale));
    case 'unanswered':
      return t('reAlert_unanswered', days('days'));
    case 'payment-overdue':
      return t('reAlert_paymentOverdue', paymentStatusText(s('status'), t));
    case 'renewal-silent':
      return p.silentDays === -1 ? t('reAlert_renewalSilentNever', days('days')) : t('reAlert_renewalSilent', [days('days'), days('silentDays')]);
  }
}

export type CardAction = { kind: 'dismiss' } | { kind: 'snooze'; days: number } | { kind: 'task' };

interface Props {
  card: AttentionCard;
  /** The live score's reasons, when the live score is the stored one (else undefined: still being computed). */
  reasons?: ChurnScore['reasons'];
  trend: TrendPoint[];
  onAction(action: CardAction): void;
}

/**
 * One contact of the work list: its stored score (the one that raised its alerts) with the score's reasons and
 * trend, every open alert, revenue and the revenue expected to be lost; dismiss or snooze the contact's alerts.
 */
export function AttentionCardView({ card, reasons, trend, onAction }: Props) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const nameId = useId();
  const { contact, score, alerts } = card;
  const name = contact.name || contact.email;
  const shown: ChurnScore | null = score ? { score: score.score, band: score.band, probability: score.probability, horizonDays: score.horizonDays, reasons: reasons ?? [] } : null;
  return (
    <li className="attention-item" tabIndex={-1} aria-labelledby={nameId} data-contact-id={contact.id} data-band={score?.band ?? 'none'}>
      <div className="attention-head">
        <a id={nameId} href={href({ page: 'contact', id: contact.id })} className="attention-name">
          {name}
        </a>
        {contact.name ? <span className="muted">{contact.email}</span> : null}
        {card.revenue ? (
          <span className="muted attention-money">
            {t('reRevenueValue', format.money(card.revenue))} · {t('reExpectedLoss', format.money(card.expectedLoss))}
          </span>
        ) : null}
      </div>
      {shown ? <RiskBadge risk={shown} trend={trend} reasonsPending={reasons === undefined} defaultOpen /> : <p className="muted">{t('reRiskUnscored')}</p>}
      <ul className="attention-alerts" aria-label={t('reAlertReasons', name)}>
        {alerts.map((a) => (
          <li key={a.id} data-kind={a.kind}>
            <span>{alertText(a, t, locale)}</span>
            <time className="muted" dateTime={machineTime(a.at)}>
              {format.date(a.at)}
            </time>
          </li>
        ))}
      </ul>
      <div className="attention-actions">
        <button type="button" className="attention-task" aria-label={t('tkMakeTaskFor', name)} onClick={() => onAction({ kind: 'task' })}>
          {t('tkMakeTask')}
        </button>
        <button type="button" className="attention-dismiss" aria-label={t('reDismissFor', name)} onClick={() => onAction({ kind: 'dismiss' })}>
          {t('reDismiss')}
        </button>
        <button type="button" className="attention-snooze" data-days="1" aria-label={t('reSnoozeDayFor', name)} onClick={() => onAction({ kind: 'snooze', days: 1 })}>
          {t('reSnoozeDay')}
        </button>
        <button type="button" className="attention-snooze" data-days="7" aria-label={t('reSnoozeWeekFor', name)} onClick={() => onAction({ kind: 'snooze', days: 7 })}>
          {t('reSnoozeWeek')}
        </button>
      </div>
    </li>
  );
}

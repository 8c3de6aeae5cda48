import { useId, useState } from 'react';
import { decodeIntentQuotes, intentCategory } from '@/lib/churn/phrases';
import type { ChurnScore, Reason } from '@/lib/churn/rules';
import type { TrendPoint } from '@/lib/churn/score-history';
import { paymentStatusText } from '@/lib/contacts/field-display';
import { defaultCurrency, formatDate, formatDays, formatDaysAgo, formatHours, formatMoney, formatNumber, plural } from '@/lib/format';
import { useI18n, type Translate } from './i18n';
import { RiskTrend } from './RiskTrend';
import { NotCalibrated } from './RiskWords';
import { bandText, scoreText } from '@/lib/churn/score-words';

interface Props {
  /** The score to show; nothing is rendered while it is null or undefined (loading, no contact). */
  risk: ChurnScore | null | undefined;
  /** The score now against 7 and 30 days ago (none while the history is shorter). */
  trend?: readonly TrendPoint[];
  /** The reasons are still being computed (the score shown is the stored one). */
  reasonsPending?: boolean;
  /** Reasons shown at first (a work list); default folded. */
  defaultOpen?: boolean;
}

// The order of each reason's params in its message's placeholders ($1, $2…), per reason key.
const PARAM_ORDER: Record<string, string[]> = {
  theirSilence: ['days'],
  ourSilence: ['days'],
  volumeDrop: ['percent', 'recent', 'before'],
  slowReplies: ['hours'],
  unansweredInbound: ['count', 'days'],
  churnIntent: ['count', 'phrases'],
  recentEngagement: ['days'],
  stage: ['stage'],
  renewalSoon: ['days'],
  renewalSilent: ['days', 'silentDays'],
  payment: ['status'],
  lowRevenue: ['revenue'],
  newCustomer: ['days'],
  loyalCustomer: ['days'],
  supportTickets: ['count'],
  npsDetractor: ['nps'],
  npsPromoter: ['nps'],
};

/** A model feature column (`theirSilenceDays`, `custom:plan`) in plain words. */
export function featureName(column: string, t: Translate): string {
  return column.startsWith('custom:') ? t('reFeatureCustom', column.slice(7)) : t(`reFeature_${column}`);
}

/** Churn wording in plain words: each matched phrase quoted with its kind, then (for data without quotes) the phrases' names. */
export function intentPhrasesText(phrases: unknown, quotes: unknown, t: Translate, locale: string): string {
  const quoted = decodeIntentQuotes(quotes);
  const shown = new Set(quoted.map((q) => q.id));
  const items = quoted.map((q) => {
    const kind = intentCategory(q.id);
    return kind ? t('riskIntentQuote', [q.text, t(`riskIntentCategory_${kind}`)]) : t('riskIntentQuoteOnly', q.text);
  });
  const ids = String(phrases ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((id) => id && !shown.has(id));
  return [...items, ...ids.map((id) => t(`riskPhrase_${id}`))].join(locale === 'ja' ? '、' : ', ');
}

// One place translates stored payment statuses (lib/contacts/field-display): reasons, alerts and the profile.
export { paymentStatusText };

/** A reason in plain words, in the page's language; revenue in `currency` (default: the locale's). */
export function reasonText(reason: Reason, t: Translate, locale: string, currency = defaultCurrency(locale)): string {
  const { key, params } = reason;
  const about = (text: string) => t('durationAbout', text);
  // A fitted model's reason: `m:<feature column>` with the contact's value of that feature.
  if (key.startsWith('m:')) {
    const column = key.slice(2);
    const name = featureName(column, t);
    const v = params.value;
    if (v === undefined || v === '') return t('reModelReasonBlank', name);
    if (column === 'paymentStatus') return t('reModelReason', [name, paymentStatusText(String(v), t)]);
    if (column === 'revenue' && typeof v === 'number') return t('reModelReason', [name, formatMoney(v, currency, locale)]);
    return t('reModelReason', [name, typeof v === 'number' ? formatNumber(v, locale, 2) : String(v)]);
  }
  const value = (name: string): string => {
    const v = params[name];
    if (name === 'stage') return t(`stage_${String(v).replace('-', '_')}`);
    if (name === 'phrases') return intentPhrasesText(v, params.quotes, t, locale);
    if (name === 'status') return paymentStatusText(String(v ?? ''), t);
    if (typeof v !== 'number') return String(v ?? '');
    if (name === 'days' || name === 'silentDays') return key === 'recentEngagement' ? formatDaysAgo(v, locale, about) : formatDays(v, locale, about);
    if (name === 'hours') return formatHours(v, locale, about);
    if (name === 'revenue') return formatMoney(v, currency, locale);
    if (name === 'recent' || name === 'before') return plural(t, locale, 'nMessages', v);
    if (name === 'count' && key === 'churnIntent') return plural(t, locale, 'nTimes', v);
    return formatNumber(v, locale, 2);
  };
  if (key === 'renewalSilent' && params.silentDays === -1) return t('risk_renewalSilentNever', [value('days')]);
  const order = PARAM_ORDER[key] ?? Object.keys(params);
  if (key === 'supportTickets') return plural(t, locale, `risk_${key}`, Number(params.count ?? 0), order.map(value));
  return t(`risk_${key}`, order.map(value));
}

const signed = (points: number) => (points > 0 ? `+${points}` : `\u2212${Math.abs(points)}`);

/**
 * The contact's churn risk as a coloured badge: "23 % in 90 days · High" for a calibrated score, "62 points ·
 * High · not yet calibrated" (with why) for rule points; its trend; one click shows each factor and its points,
 * largest first.
 */
export function RiskBadge({ risk, trend = [], reasonsPending = false, defaultOpen = false }: Props) {
  const { t, locale, currency } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  const listId = useId();
  if (!risk) return null;
  const calibrated = risk.probability !== undefined;
  return (
    <section className="risk" data-band={risk.band} data-score={risk.score} data-calibrated={calibrated ? '1' : '0'} data-testid="risk">
      <button type="button" className="risk-badge" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        <span className="risk-label">{t('riskBadge')}</span>
        <strong className="risk-score">{scoreText(risk, t, locale)}</strong>
        <span className="risk-band">{bandText(risk.band, t)}</span>
        <span className="risk-caret" aria-hidden="true">
          {open ? '▴' : '▾'}
        </span>
      </button>
      {calibrated ? null : <NotCalibrated />}
      <RiskTrend points={trend} calibrated={calibrated} />
      <div id={listId} className="risk-reasons" hidden={!open}>
        {reasonsPending ? (
          <p className="muted">{t('loading')}</p>
        ) : risk.reasons.length === 0 ? (
          <p className="muted">{t('riskNoReasons')}</p>
        ) : (
          <ol aria-label={t('riskReasons')}>
            {risk.reasons.map((r) => (
              <li key={r.key} data-key={r.key}>
                <span>{reasonText(r, t, locale, currency)}</span>
                <span className={r.points > 0 ? 'risk-points up' : 'risk-points down'}>{signed(r.points)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

/** In place of a score for a contact not scored for churn: "Churned on 3 Nov 2026" for a churned one, else nothing. */
export function NoChurnScore({ contact }: { contact: { stage: string; churnedAt?: number } }) {
  const { t, locale } = useI18n();
  if (contact.stage !== 'churned') return null;
  const date = contact.churnedAt === undefined ? '' : formatDate(contact.churnedAt, locale);
  return (
    <p className="risk-churned" data-testid="risk-churned">
      {date ? t('riskChurnedOn', date) : t('riskChurned')}
    </p>
  );
}

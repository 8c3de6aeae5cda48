import { useId, useState } from 'react';
import { decodeIntentQuotes, intentCategory } from '@/lib/churn/phrases';
import type { Band, ChurnScore, Reason } from '@/lib/churn/rules';
import { useI18n, type Translate } from './i18n';

interface Props {
  /** The score to show; nothing is rendered while it is null or undefined (loading, no contact). */
  risk: ChurnScore | null | undefined;
}

const BAND_KEY: Record<Band, string> = { low: 'riskLow', medium: 'riskMedium', high: 'riskHigh' };

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
  const ids = String(phrases ?? '').split(',').map((s) => s.trim()).filter((id) => id && !shown.has(id));
  return [...items, ...ids.map((id) => t(`riskPhrase_${id}`))].join(locale === 'ja' ? '、' : ', ');
}

/** A reason in plain words, in the page's language. */
export function reasonText(reason: Reason, t: Translate, locale: string): string {
  const { key, params } = reason;
  // A fitted model's reason: `m:<feature column>` with the contact's value of that feature.
  if (key.startsWith('m:')) {
    const column = key.slice(2);
    const name = featureName(column, t);
    const v = params.value;
    if (v === undefined || v === '') return t('reModelReasonBlank', name);
    return t('reModelReason', [name, typeof v === 'number' ? v.toLocaleString(locale) : String(v)]);
  }
  const value = (name: string): string => {
    const v = params[name];
    if (name === 'stage') return t(`stage_${String(v).replace('-', '_')}`);
    if (name === 'phrases') return intentPhrasesText(v, params.quotes, t, locale);
    return typeof v === 'number' ? v.toLocaleString(locale) : String(v ?? '');
  };
  if (key === 'renewalSilent' && params.silentDays === -1) return t('risk_renewalSilentNever', [value('days')]);
  const order = PARAM_ORDER[key] ?? Object.keys(params);
  return t(`risk_${key}`, order.map(value));
}

const signed = (points: number) => (points > 0 ? `+${points}` : `\u2212${Math.abs(points)}`);

/** The contact's churn risk as a coloured badge; one click shows each factor and its points, largest first. */
export function RiskBadge({ risk }: Props) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (!risk) return null;
  return (
    <section className="risk" data-band={risk.band} data-testid="risk">
      <button type="button" className="risk-badge" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        <span className="risk-label">{t('riskBadge')}</span>
        <strong className="risk-score">{risk.score}</strong>
        <span className="risk-band">{t(BAND_KEY[risk.band])}</span>
        <span className="risk-caret" aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id={listId} className="risk-reasons" hidden={!open}>
        {risk.reasons.length === 0 ? (
          <p className="muted">{t('riskNoReasons')}</p>
        ) : (
          <ol aria-label={t('riskReasons')}>
            {risk.reasons.map((r) => (
              <li key={r.key} data-key={r.key}>
                <span>{reasonText(r, t, locale)}</span>
                <span className={r.points > 0 ? 'risk-points up' : 'risk-points down'}>{signed(r.points)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

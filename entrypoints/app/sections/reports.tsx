import { DEFAULT_BAND_THRESHOLDS, type BandThresholds } from '@/lib/segments/risk-band';
import { ReplyRatesCard } from '../campaigns/ReplyRatesCard';
import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import { activityStoreOf } from '@/lib/activities/dexie-store';
import { loadRiskSettings } from '@/lib/churn/settings';
import type { StageEvent } from '@/lib/reports/customer-timeline';
import { loadSettings, type CustomField } from '@/lib/settings';
import { AtRiskCard } from '../reports/AtRiskCard';
import { BacktestCard } from '../reports/BacktestCard';
import type { ReportCard, ReportContext } from '../reports/context';
import { OutcomeCard } from '../reports/OutcomeCard';
import { RetentionCard } from '../reports/RetentionCard';
import { RiskCard } from '../reports/RiskCard';
import type { Route } from '../router';
import { FirstRun } from './first-run';
import { useWorkspace } from '../contacts/use-workspace';
import '../reports/reports.css';
import { PageHeader } from '@/components/ui/PageHeader';

/** The cards on the page, in order. Another report is one more entry (see ReportCard). */
export const REPORT_CARDS: ReportCard[] = [
  { id: 'retention', title: 'wiRetentionTitle', Component: RetentionCard },
  { id: 'risk', title: 'wiRiskTitle', Component: RiskCard },
  { id: 'at-risk', title: 'wiAtRiskTitle', Component: AtRiskCard },
  { id: 'backtest', title: 'wiBacktestTitle', Component: BacktestCard },
  { id: 'outcome', title: 'wiOutcomeTitle', Component: OutcomeCard },
];

const ALL = '\u0000all';
const EACH = '\u0000each';
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const ZONES = [...new Set([browserZone, 'UTC', ...(Intl.supportedValuesOf?.('timeZone') ?? [])])];

/** Reports: churn and retention, risk distribution and the at-risk list, for all owners, each owner, or one. */
export function ReportsSection({ route }: { route: Extract<Route, { page: 'reports' }> }) {
  const { t } = useI18n();
  const [owner, setOwner] = useState(ALL);
  const [timeZone, setTimeZone] = useState(browserZone);
  const [fields, setFields] = useState<{ customFields: CustomField[]; revenueKey?: string; bands: BandThresholds }>({ customFields: [], bands: DEFAULT_BAND_THRESHOLDS });
  // The book (with each customer's stored churn score) from the page's in-memory copy; stage history from the activities.
  const snap = useWorkspace();
  const history = useLiveQuery(async () => {
    const stages = await activityStoreOf(db).ofKind('stage');
    const history = new Map<number, StageEvent[]>();
    for (const a of stages) {
      for (const id of a.contactIds) {
        const list = history.get(id) ?? [];
        list.push({ at: a.at, fromStage: a.fromStage, toStage: a.toStage });
        history.set(id, list);
      }
    }
    return history;
  }, []);
  const data = useMemo(() => (snap && history ? { contacts: snap.contacts, history } : undefined), [snap, history]);
  useEffect(() => {
    void Promise.all([loadSettings(), loadRiskSettings()]).then(([s, r]) => setFields({ customFields: s.customFields, revenueKey: r.mapping.revenue || undefined, bands: r.rules.bands }));
  }, []);
  const owners = useMemo(() => [...new Set((data?.contacts ?? []).map((c) => c.owner))].sort((a, b) => a.localeCompare(b)), [data]);
  const scopes = useMemo(() => {
    if (!data) return [];
    const base = { history: data.history, timeZone, now: Date.now(), focus: route.focus, ...fields };
    const forOwner = (o: string): ReportContext => ({ ...base, contacts: data.contacts.filter((c) => c.owner === o) });
    if (owner === ALL) return [{ key: ALL, title: '', context: { ...base, contacts: data.contacts } }];
    if (owner === EACH) return owners.map((o) => ({ key: o, title: o || t('wiNoOwner'), context: forOwner(o) }));
    return [{ key: owner, title: '', context: forOwner(owner) }];
  }, [data, owner, owners, timeZone, fields, t, route.focus]);

  // Twelve months of zeros teach nothing: with no contacts yet, say how to get some.
  if (data && data.contacts.length === 0) return <FirstRun page="reports" />;
  return (
    <div className="wi-reports">
      <PageHeader title={t('wiReportsTitle')} />
      <div className="wi-report-controls">
        <label>
          {t('wiOwner')}
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value={ALL}>{t('wiAllOwners')}</option>
            <option value={EACH}>{t('wiEachOwner')}</option>
            {owners.map((o) => (
              <option key={o} value={o}>
                {o || t('wiNoOwner')}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('wiTimeZone')}
          <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!data ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        REPORT_CARDS.map((card) => (
          <section key={card.id} className="wi-card" aria-labelledby={`wi-card-${card.id}`}>
            <h3 id={`wi-card-${card.id}`}>{t(card.title)}</h3>
            {scopes.map((scope) => (
              <div key={scope.key} className="wi-scope">
                {scope.title ? <h4>{scope.title}</h4> : null}
                <card.Component context={scope.context} />
              </div>
            ))}
          </section>
        ))
      )}
      <ReplyRatesCard />
    </div>
  );
}

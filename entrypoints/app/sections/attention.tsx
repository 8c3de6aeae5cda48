import { notifyAlertsChanged } from '../alerts-changed';
import { useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { useI18n, type Translate } from '@/components/i18n';
import { intentPhrasesText, RiskBadge } from '@/components/RiskBadge';
import { db } from '@/lib/db';
import type { Activity, Alert, Contact } from '@/lib/db/types';
import { dismissAlerts } from '@/lib/churn/alert-store';
import { alertParams } from '@/lib/churn/alerts';
import { RISK_MESSAGES } from '@/lib/churn/badge';
import type { RecomputeSummary } from '@/lib/churn/background';
import { scoreWith } from '@/lib/churn/scorer';
import { updateRiskSettings } from '@/lib/churn/settings';
import { atRiskList } from '@/lib/reports/risk';
import { STAGES } from '@/lib/db/types';
import type { Route } from '../router';
import { href } from '../router';
import { useScorer } from './use-scorer';
import './attention.css';

/** An alert in plain words. */
export function alertText(alert: Pick<Alert, 'kind' | 'detail'>, t: Translate, locale = 'en'): string {
  const p = alertParams(alert.detail);
  const s = (name: string) => String(p[name] ?? '');
  switch (alert.kind) {
    case 'high-risk':
      return t('reAlert_highRisk', s('score'));
    case 'intent':
      return t('reAlert_intent', intentPhrasesText(p.phrases, p.quotes, t, locale));
    case 'unanswered':
      return t('reAlert_unanswered', s('days'));
    case 'payment-overdue':
      return t('reAlert_paymentOverdue', s('status'));
    case 'renewal-silent':
      return p.silentDays === -1 ? t('reAlert_renewalSilentNever', s('days')) : t('reAlert_renewalSilent', [s('days'), s('silentDays')]);
  }
}

interface Group {
  contact: Contact;
  alerts: Alert[];
  revenue: number;
}

const PAGE = 100;

/** Open pre-churn alerts grouped per contact, most revenue at risk (risk × revenue) first; dismiss from the keyboard. */
export function AttentionSection(_props: { route: Extract<Route, { page: 'attention' }> }) {
  const { t, locale } = useI18n();
  const config = useScorer();
  const listRef = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const data = useLiveQuery(async () => {
    const alerts = await db.alerts.where('open').equals(1).toArray();
    const ids = [...new Set(alerts.map((a) => a.contactId))];
    const contacts = (await db.contacts.bulkGet(ids)).filter((c): c is Contact => c !== undefined);
    return { alerts, contacts };
  }, []);

  const revenueKey = config?.settings.mapping.revenue;
  const groups = useMemo<Group[] | null>(() => {
    if (!data) return null;
    const byContact = new Map<number, Alert[]>();
    for (const a of data.alerts) byContact.set(a.contactId, [...(byContact.get(a.contactId) ?? []), a]);
    const key = (c: Contact) => revenueKey ?? Object.keys(c.custom).find((k) => k.toLowerCase() === 'revenue') ?? 'revenue';
    // Revenue from the mapped field (else a field named "revenue"); risk × revenue ordering as in the reports.
    const scored = data.contacts.filter((c) => c.risk !== undefined);
    const ordered = atRiskList(
      scored.map((c) => ({ ...c, custom: { ...c.custom, __revenue: c.custom[key(c)] ?? '' } })),
      { revenueKey: '__revenue', minRisk: 0, stages: STAGES },
    );
    const unscored = data.contacts.filter((c) => c.risk === undefined);
    const byId = new Map(data.contacts.map((c) => [c.id, c]));
    return [
      ...ordered.map((item) => ({ contact: byId.get(item.contact.id)!, revenue: item.revenue })),
      ...unscored.map((contact) => ({ contact, revenue: 0 })),
    ].map((g) => ({ ...g, alerts: (byContact.get(g.contact.id) ?? []).sort((a, b) => b.at - a.at) }));
  }, [data, revenueKey]);

  // The list shows PAGE contacts at a time; only those have their activities read and their reasons computed.
  const [shownCount, setShownCount] = useState(PAGE);
  const shown = useMemo(() => groups?.slice(0, shownCount) ?? [], [groups, shownCount]);
  const shownIds = shown.map((g) => g.contact.id).join(',');
  const activities = useLiveQuery(async () => {
    const ids = shownIds ? shownIds.split(',').map(Number) : [];
    // anyOf on the multi-entry index gives an activity of two listed contacts twice: keep one.
    return [...new Map((await db.activities.where('contactIds').anyOf(ids).toArray()).map((a) => [a.id, a])).values()];
  }, [shownIds]);
  const activitiesOf = useMemo(() => {
    const map = new Map<number, Activity[]>();
    for (const a of activities ?? []) for (const id of a.contactIds) map.set(id, [...(map.get(id) ?? []), a]);
    return map;
  }, [activities]);
  const now = useMemo(() => Date.now(), [activities]);

  async function dismiss(ids: number[]) {
    await dismissAlerts(db, ids);
    await notifyAlertsChanged();
    listRef.current?.focus();
  }

  async function recompute() {
    setBusy(true);
    setStatus(t('reRecomputing'));
    try {
      const s = (await browser.runtime.sendMessage({ type: RISK_MESSAGES.recompute })) as RecomputeSummary;
      setStatus(t('reRecomputeDone', [s.scored.toLocaleString(locale), String(s.ms), String(s.alerts)]));
    } catch (e) {
      setStatus(t('reRecomputeFailed', (e as Error).message));
    } finally {
      setBusy(false);
    }
  }

  async function setNotifications(on: boolean) {
    if (on) {
      // Asked in the click itself: the browser only shows its prompt during a user gesture.
      const granted = await browser.permissions.request({ permissions: ['notifications'] }).catch(() => false);
      if (!granted) {
        setStatus(t('reNotifyDenied'));
        return;
      }
    }
    await updateRiskSettings({ notifications: on });
  }

  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }), [locale]);
  const money = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  return (
    <section className="attention" aria-labelledby="attention-title">
      <h2 id="attention-title">{t('reAttentionTitle')}</h2>
      <p className="muted">{t('reAttentionIntro')}</p>
      <div className="attention-tools">
        <label>
          <input type="checkbox" checked={config?.settings.notifications ?? false} disabled={!config} onChange={(e) => void setNotifications(e.target.checked)} />{' '}
          {t('reNotifySwitch')}
        </label>
        <button type="button" onClick={() => void recompute()} disabled={busy}>
          {t('reRecomputeNow')}
        </button>
      </div>
      <p role="status" className="attention-status">{status}</p>
      {groups === null ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <>
          <h3 ref={listRef} tabIndex={-1} className="attention-count" data-testid="attention-count">
            {groups.length ? t('reAttentionCount', [String(data!.alerts.length), String(groups.length)]) : t('reAttentionEmpty')}
          </h3>
          {!revenueKey && groups.length > 0 && groups.every((g) => !g.revenue) ? <p className="muted">{t('reRevenueUnmapped')}</p> : null}
          <ol className="attention-list" aria-label={t('reAttentionList')}>
            {shown.map(({ contact, alerts, revenue }) => {
              const name = contact.name || contact.email;
              const scored = config && activities ? scoreWith(config, contact, activitiesOf.get(contact.id) ?? [], now) : null;
              return (
                <li key={contact.id} className="attention-item" data-contact-id={contact.id} data-band={contact.riskBand ?? 'none'}>
                  <div className="attention-head">
                    <a href={href({ page: 'contact', id: contact.id })} className="attention-name">{name}</a>
                    {contact.name ? <span className="muted">{contact.email}</span> : null}
                    <span className="attention-risk" data-band={contact.riskBand ?? 'none'}>
                      {contact.risk === undefined ? t('reRiskUnscored') : t('reRiskScore', String(contact.risk))}
                    </span>
                    {revenue ? <span className="muted">{t('reRevenueValue', money.format(revenue))}</span> : null}
                  </div>
                  <ul className="attention-alerts" aria-label={t('reAlertReasons', name)}>
                    {alerts.map((a) => {
                      const text = alertText(a, t, locale);
                      return (
                        <li key={a.id} data-kind={a.kind}>
                          <span>{text}</span>
                          <time className="muted" dateTime={new Date(a.at).toISOString()}>{dateFormat.format(a.at)}</time>
                          <button type="button" className="attention-dismiss" aria-label={t('reDismissAlert', `${name}: ${text}`)} onClick={() => void dismiss([a.id])}>
                            {t('reDismiss')}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                  {alerts.length > 1 ? (
                    <button type="button" className="attention-dismiss-all" onClick={() => void dismiss(alerts.map((a) => a.id))}>
                      {t('reDismissAll', name)}
                    </button>
                  ) : null}
                  {scored ? <RiskBadge risk={scored.risk} /> : null}
                </li>
              );
            })}
          </ol>
          {groups.length > shown.length ? (
            <button type="button" className="attention-more" onClick={() => setShownCount((n) => n + PAGE)}>
              {t('showMore')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

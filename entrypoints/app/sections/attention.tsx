import { notifyAlertsChanged } from '../alerts-changed';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { useI18n } from '@/components/i18n';
import { NotCalibrated } from '@/components/RiskWords';
import { formatDateTime, formatNumber, plural } from '@/lib/format';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { activityStoreOf } from '@/lib/activities/dexie-store';
import type { Activity, Contact, StoredScore } from '@/lib/db/types';
import { dismissAlerts, snoozeAlerts } from '@/lib/churn/alert-store';
import { attentionCards, DEFAULT_ATTENTION_PAGE, focusAfter, splitPage, type AttentionCard } from '@/lib/churn/attention';
import { fieldNumber } from '@/lib/churn/crm-signals';
import { scoreTrend } from '@/lib/churn/score-history';
import { persistScore } from '@/lib/churn/score-store';
import { scoreWith, type Scored } from '@/lib/churn/scorer';
import { updateRiskSettings } from '@/lib/churn/settings';
import { send } from '@/lib/messages/send';
import type { Route } from '../router';
import { AttentionCardView, type CardAction } from './attention-card';
import { useScorer } from './use-scorer';
import { addTasksFor } from '@/lib/tasks/create';
import { localTimeZone } from '@/lib/tasks/local-zone';
import { notifyTasksChanged } from '@/lib/tasks/notify-changed';
import { tomorrowMorning } from '@/lib/tasks/quick-parse';
import './attention.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { Checkbox } from '@/components/ui/Checkbox';

const DAY = 86_400_000;
const MINUTE = 60_000;
const store = contactStoreOf(db);

/** The live score equals the stored one (so the stored score's reasons are the live ones). */
const agrees = (stored: StoredScore | undefined, live: Scored | undefined) =>
  stored !== undefined && live !== undefined && stored.score === live.risk.score && stored.band === live.risk.band && (stored.probability === undefined) === (live.risk.probability === undefined);

/**
 * Needs attention: a short work list of customers with open alerts, one card each, ranked by the revenue expected
 * to be lost. The first page holds what a person can act on today (a setting, 10–50); the rest waits behind
 * "Show N more". Each card shows the stored score (the one that raised its alerts) from the first paint; its
 * reasons come from the live score once that is the same (a live score that differs is stored first).
 */
export function AttentionSection(_props: { route: Extract<Route, { page: 'attention' }> }) {
  const { t, locale } = useI18n();
  const config = useScorer();
  const countRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [focusTarget, setFocusTarget] = useState<number | 'count' | null>(null);
  // Snoozed alerts come back while the page is open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE);
    return () => clearInterval(timer);
  }, []);
  const data = useLiveQuery(
    () =>
      db.transaction('r', [db.alerts, ...store.tables], async () => {
        const alerts = await db.alerts.where('open').equals(1).toArray();
        const ids = [...new Set(alerts.map((a) => a.contactId))];
        const [contacts, scores] = await Promise.all([store.getMany(ids), store.scores.getMany(ids)]);
        return { alerts, contacts: contacts.filter((c): c is Contact => c !== undefined), scores: scores.filter((s): s is StoredScore => s !== undefined) };
      }),
    [],
  );

  const revenueKey = config?.settings.mapping.revenue;
  const cards = useMemo<AttentionCard[] | null>(() => {
    if (!data) return null;
    // Revenue from the mapped field, else a field named "revenue" (any case).
    const revenueOf = (c: Contact) => fieldNumber(c.custom[revenueKey || (Object.keys(c.custom).find((k) => k.toLowerCase() === 'revenue') ?? 'revenue')]);
    return attentionCards(data.alerts, data.contacts, data.scores, revenueOf, now);
  }, [data, revenueKey, now]);
  const visible = useMemo(() => cards?.filter((c) => !hidden.has(c.contact.id)) ?? [], [cards, hidden]);
  const pageSize = config?.settings.attentionPageSize ?? DEFAULT_ATTENTION_PAGE;
  const { first, rest } = useMemo(() => splitPage(visible, pageSize), [visible, pageSize]);
  const shown = expanded ? visible : first;

  // A card acted on stays hidden until the list no longer has it (it may come back later: a new alert, a snooze ending).
  useEffect(() => {
    if (!cards || hidden.size === 0) return;
    const listed = new Set(cards.map((c) => c.contact.id));
    if ([...hidden].some((id) => !listed.has(id))) setHidden(new Set([...hidden].filter((id) => listed.has(id))));
  }, [cards, hidden]);
  useEffect(() => {
    if (focusTarget === null) return;
    const target = focusTarget === 'count' ? countRef.current : listRef.current?.querySelector<HTMLElement>(`[data-contact-id="${focusTarget}"]`);
    if (target) {
      target.focus();
      setFocusTarget(null);
    }
    // The card to focus may be listed only after a later render (the list re-read after an action).
  }, [focusTarget, shown]);

  // Only the cards on screen have their activities read and their live score computed.
  const shownIds = shown.map((c) => c.contact.id).join(',');
  const activities = useLiveQuery(async () => {
    const ids = shownIds ? shownIds.split(',').map(Number) : [];
    const rows = await activityStoreOf(db).ofContacts(ids);
    return { ids: shownIds, rows };
  }, [shownIds]);
  const live = useMemo(() => {
    const out = new Map<number, Scored>();
    // Until the activities of exactly these cards are read (a live query keeps its last result while the next one
    // runs), a card would be scored without its mail: a wrong, low score, which would then be stored.
    if (!config || !activities || activities.ids !== shownIds) return out;
    const byContact = new Map<number, Activity[]>();
    for (const a of activities.rows) for (const id of a.contactIds) (byContact.get(id) ?? byContact.set(id, []).get(id)!).push(a);
    const at = Date.now();
    for (const card of shown) out.set(card.contact.id, scoreWith(config, card.contact, byContact.get(card.contact.id) ?? [], at));
    return out;
  }, [config, activities, shown, shownIds]);
  // A live score that differs from the stored one is stored (with its alerts), so the card never shows two scores.
  const persisted = useRef(new Set<string>());
  useEffect(() => {
    if (!config) return;
    for (const card of shown) {
      const scored = live.get(card.contact.id);
      if (!scored || agrees(card.score, scored)) continue;
      const signature = `${card.contact.id}:${scored.risk.score}:${scored.risk.band}`;
      if (persisted.current.has(signature)) continue;
      persisted.current.add(signature);
      void persistScore(db, config, card.contact, scored, Date.now())
        .then(({ added, closed }) => (added.length || closed ? notifyAlertsChanged(added.map((a) => a.id)) : undefined))
        .catch((e: unknown) => console.warn('Kizuna: the risk score could not be stored', e));
    }
  }, [live, config, shown]);

  async function act(card: AttentionCard, action: CardAction) {
    const name = card.contact.name || card.contact.email;
    if (action.kind === 'task') {
      // The card stays (its alerts are not dealt with yet); one task per alert, however often pressed.
      const alert = card.alerts[0];
      const dueAt = tomorrowMorning(Date.now(), localTimeZone());
      try {
        const [task] = await addTasksFor(db, [card.contact.id], { title: t('tkFromAlert', name), type: 'call', dueAt, createdBy: 'alert', sourceKey: alert.key, key: `alert:${alert.key}` });
        void notifyTasksChanged();
        setStatus(task ? t('tkAddedDue', [task.title, formatDateTime(task.dueAt, locale)]) : '');
      } catch (e) {
        setStatus(t('reActionFailed', (e as Error).message));
      }
      return;
    }
    const next = focusAfter(
      visible.map((c) => c.contact.id),
      card.contact.id,
    );
    setHidden(new Set(hidden).add(card.contact.id));
    setFocusTarget(next ?? 'count');
    const ids = card.alerts.map((a) => a.id);
    try {
      if (action.kind === 'dismiss') {
        await dismissAlerts(db, ids);
        setStatus(t('reDismissed', name));
      } else {
        const until = Date.now() + action.days * DAY;
        await snoozeAlerts(db, ids, until);
        setStatus(t('reSnoozed', [name, formatDateTime(until, locale)]));
      }
      await notifyAlertsChanged();
    } catch (e) {
      setHidden((h) => new Set([...h].filter((id) => id !== card.contact.id)));
      setStatus(t('reActionFailed', (e as Error).message));
    }
  }

  async function recompute() {
    setBusy(true);
    setStatus(t('reRecomputing'));
    try {
      const s = await send('kizuna:risk-recompute');
      setStatus(t('reRecomputeDone', [plural(t, locale, 'nContacts', s.scored), formatNumber(s.ms, locale), plural(t, locale, 'nNewAlerts', s.alerts)]));
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

  const alertCount = visible.reduce((n, c) => n + c.alerts.length, 0);
  const timeZone = config?.timeZone ?? 'UTC';
  return (
    <section className="attention" aria-labelledby="attention-title" data-state={cards === null ? 'loading' : 'ready'}>
      <PageHeader titleId="attention-title" title={t('reAttentionTitle')} subtitle={t('reAttentionIntro')} />
      <div className="attention-tools">
        <Checkbox label={t('reNotifySwitch')} checked={config?.settings.notifications ?? false} disabled={!config} onChange={(e) => void setNotifications(e.target.checked)} />
        <PageSizeField value={pageSize} disabled={!config} onChange={(n) => void updateRiskSettings({ attentionPageSize: n })} />
        <button type="button" onClick={() => void recompute()} disabled={busy}>
          {t('reRecomputeNow')}
        </button>
      </div>
      <p role="status" className="attention-status">
        {status}
      </p>
      {cards === null ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <>
          <h3 ref={countRef} tabIndex={-1} className="attention-count" data-testid="attention-count">
            {visible.length ? t('reAttentionCount', [plural(t, locale, 'nOpenAlerts', alertCount), plural(t, locale, 'nContacts', visible.length)]) : t('reAttentionEmpty')}
          </h3>
          {visible.some((c) => c.proxy) ? (
            <p className="muted attention-proxy">
              {t('reRankProxy')} <NotCalibrated />
            </p>
          ) : null}
          {!revenueKey && visible.length > 0 && visible.every((c) => !c.revenue) ? <p className="muted">{t('reRevenueUnmapped')}</p> : null}
          <ol ref={listRef} className="attention-list" aria-label={t('reAttentionList')}>
            {shown.map((card) => {
              const scored = live.get(card.contact.id);
              const reasons = agrees(card.score, scored) ? scored!.risk.reasons : undefined;
              const trend = card.score ? scoreTrend(card.score, card.score, now, timeZone) : [];
              return <AttentionCardView key={card.contact.id} card={card} reasons={reasons} trend={trend} onAction={(action) => void act(card, action)} />;
            })}
          </ol>
          {!expanded && rest.length > 0 ? (
            <button
              type="button"
              className="attention-more"
              aria-expanded={false}
              onClick={() => {
                setExpanded(true);
                setFocusTarget(rest[0].contact.id);
              }}
            >
              {t('reShowMore', String(rest.length))}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The first page's length (10–50): saved once it is a whole number in range. */
function PageSizeField({ value, disabled, onChange }: { value: number; disabled: boolean; onChange(n: number): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  return (
    <label>
      {t('reAttentionPageSize')}{' '}
      <input
        type="number"
        min={10}
        max={50}
        step={1}
        value={draft}
        disabled={disabled}
        className="attention-page-size"
        onChange={(e) => {
          setDraft(e.target.value);
          const n = Number(e.target.value);
          if (Number.isInteger(n) && n >= 10 && n <= 50 && n !== value) onChange(n);
        }}
      />
    </label>
  );
}

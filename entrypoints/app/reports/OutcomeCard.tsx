import { useEffect, useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { formatList, formatNumber, formatPercent, formatUnit } from '@/lib/format';
import { db } from '@/lib/db';
import { rosterMap } from '@/lib/playbooks/band-roster';
import { outcomeAnchor, outcomeReport, type OutcomeRow, type OutcomeStatus, type OutcomeSubject } from '@/lib/playbooks/outcome-report';
import { ChartCanvas, color } from './chart';
import type { ReportContext } from './context';

const REPLY_DAYS = 14;
const SAVED_DAYS = 90;
const STATUS_KEY: Record<OutcomeStatus, string> = {
  none: 'wiOutcomeStatus_none',
  'too-few': 'wiOutcomeStatus_tooFew',
  'too-recent': 'wiOutcomeStatus_tooRecent',
  ready: 'wiOutcomeStatus_ready',
};
const pct = (v: number | null | undefined, locale: string) => (v === null || v === undefined ? '—' : formatPercent(v, locale));

/** Each playbook's log rows and each sequence's enrolments (not the skipped ones), and the replies since the first. */
async function loadOutcomeData(): Promise<{ subjects: OutcomeSubject[]; inbound: Map<number, number[]>; rosters: ReturnType<typeof rosterMap> }> {
  const [playbooks, log, sequences, enrolments, rosters] = await Promise.all([
    db.playbooks.toArray(),
    db.playbookLog.toArray(),
    db.sequences.toArray(),
    db.enrolments.toArray(),
    db.bandRosters.toArray(),
  ]);
  const subjects: OutcomeSubject[] = [
    ...playbooks.map((p) => ({ kind: 'playbook' as const, id: p.id, name: p.name, enrolments: log.filter((l) => l.playbookId === p.id).map((l) => ({ contactId: l.contactId, at: l.at })) })),
    ...sequences.map((s) => ({
      kind: 'sequence' as const,
      id: s.id,
      name: s.name,
      enrolments: enrolments.filter((e) => e.sequenceId === s.id && e.state !== 'skipped').map((e) => ({ contactId: e.contactId, at: e.createdAt })),
    })),
  ];
  const first = Math.min(...subjects.flatMap((s) => s.enrolments.map((e) => e.at)));
  const inbound = new Map<number, number[]>();
  if (Number.isFinite(first)) {
    for (const a of await db.activities.where('at').aboveOrEqual(first).toArray()) {
      if (a.kind !== 'email' || a.direction !== 'in') continue;
      for (const id of a.contactIds) inbound.set(id, [...(inbound.get(id) ?? []), a.at]);
    }
  }
  return { subjects, inbound, rosters: rosterMap(rosters) };
}

/** "Did it work?": per playbook and sequence, enrolled, replied and saved against similar customers not enrolled (lib/playbooks/outcome.ts). */
export function OutcomeCard({ context }: { context: ReportContext }) {
  const { t } = useI18n();
  const { focus } = context;
  const data = useLiveQuery(loadOutcomeData, []);
  const rows = useMemo(
    () =>
      data &&
      outcomeReport(
        data.subjects,
        { contacts: context.contacts, stageHistory: context.history, inbound: data.inbound, rosters: data.rosters },
        { now: context.now, timeZone: context.timeZone, bands: context.bands, replyWithinDays: REPLY_DAYS, savedAfterDays: SAVED_DAYS },
      ),
    [data, context],
  );
  useEffect(() => {
    if (rows && focus) document.getElementById(focus)?.scrollIntoView({ block: 'center' });
  }, [rows, focus]);
  if (!rows) return <p className="muted">{t('loading')}</p>;
  return <OutcomeView rows={rows} focus={focus} />;
}

/** The card's chart and data table for computed rows. */
export function OutcomeView({ rows, focus, chart = true }: { rows: OutcomeRow[]; focus?: string; chart?: boolean }) {
  const { t, locale } = useI18n();
  const shown = useMemo(() => rows.filter((r) => r.status === 'ready' || r.status === 'too-recent'), [rows]);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: shown.map((r) => r.name),
        datasets: [
          { label: t('wiOutcomeReplied'), data: shown.map((r) => 100 * (r.outcome.enrolled.replyRate ?? 0)), backgroundColor: color('--accent') },
          { label: t('wiOutcomeRepliedOthers'), data: shown.map((r) => 100 * (r.outcome.comparison?.replyRate ?? 0)), backgroundColor: color('--risk-low') },
          { label: t('wiOutcomeSaved'), data: shown.map((r) => 100 * (r.outcome.enrolled.saveRate ?? 0)), backgroundColor: color('--warn') },
          { label: t('wiOutcomeSavedOthers'), data: shown.map((r) => 100 * (r.outcome.comparison?.saveRate ?? 0)), backgroundColor: color('--risk-medium') },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    }),
    [shown, t],
  );
  if (rows.every((r) => r.status === 'none'))
    return (
      <p className="muted" data-testid="wi-outcome-none">
        {t('wiOutcomeNone')}
      </p>
    );
  const label = formatList(
    shown.map((r) =>
      t('labelPair', [
        r.name,
        `${pct(r.outcome.enrolled.replyRate, locale)} / ${pct(r.outcome.comparison?.replyRate, locale)}, ${pct(r.outcome.enrolled.saveRate, locale)} / ${pct(r.outcome.comparison?.saveRate, locale)}`,
      ]),
    ),
    locale,
  );
  const count = (n: number, rate: number | null) => t('wiOutcomeCount', [formatNumber(n, locale), pct(rate, locale)]);
  return (
    <div data-testid="wi-outcome">
      <p className="muted">{t('wiOutcomeIntro', [formatUnit(REPLY_DAYS, 'day', locale), formatUnit(SAVED_DAYS, 'day', locale)])}</p>
      {chart && shown.length > 0 ? <ChartCanvas config={config} label={t('labelPair', [t('wiOutcomeChart'), label])} testId="wi-outcome-chart" /> : null}
      <table className="wi-data" data-testid="wi-outcome-table">
        <caption>{t('wiOutcomeCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wiOutcomeName')}</th>
            <th scope="col">{t('wiOutcomeEnrolled')}</th>
            <th scope="col">{t('wiOutcomeReplied')}</th>
            <th scope="col">{t('wiOutcomeRepliedOthers')}</th>
            <th scope="col">{t('wiOutcomeJudged')}</th>
            <th scope="col">{t('wiOutcomeSaved')}</th>
            <th scope="col">{t('wiOutcomeSavedOthers')}</th>
            <th scope="col">{t('wiOutcomeData')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const anchor = outcomeAnchor(r.kind, r.id);
            const { enrolled, comparison } = r.outcome;
            return (
              <tr key={anchor} id={anchor} className={anchor === focus ? 'wi-focus' : undefined} data-status={r.status}>
                <th scope="row">{t('labelPair', [t(`wiOutcomeKind_${r.kind}`), r.name])}</th>
                <td>{formatNumber(enrolled.count, locale)}</td>
                <td>{count(enrolled.replied, enrolled.replyRate)}</td>
                <td>{pct(comparison?.replyRate, locale)}</td>
                <td>{formatNumber(enrolled.judged, locale)}</td>
                <td>{enrolled.judged ? count(enrolled.saved, enrolled.saveRate) : '—'}</td>
                <td>{pct(comparison?.saveRate, locale)}</td>
                <td>{t(STATUS_KEY[r.status])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

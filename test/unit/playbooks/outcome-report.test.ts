import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../lib/churn/score-history';
import { MIN_ENROLLED, outcomeReport, type OutcomeReportBook, type OutcomeSubject } from '../../../lib/playbooks/outcome-report';
import { parseRoute, href } from '../../../entrypoints/app/router';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 6, 1);
const bands = { medium: 40, high: 70 };

/** Twenty high-risk customers on July 1st; 1–6 enrolled by the playbook, 1–2 also by the sequence; 12 churns. */
function book(): OutcomeReportBook {
  const contacts = [];
  for (let id = 1; id <= 20; id++)
    contacts.push({
      id,
      stage: id === 12 ? ('churned' as const) : ('customer' as const),
      owner: '',
      createdAt: 0,
      updatedAt: 0,
      customerSince: Date.UTC(2025, 0, 1),
      churnedAt: id === 12 ? T0 + 10 * DAY : undefined,
      score: { history: [[dayNumber(T0) - 1, 80]] as [number, number][] },
    });
  return { contacts, stageHistory: new Map(), inbound: new Map([[1, [T0 + DAY]]]) };
}
const at = T0 + 3_600_000;
const subjects: OutcomeSubject[] = [
  { kind: 'playbook', id: 'pb', name: 'High risk', enrolments: [1, 2, 3, 4, 5, 6].map((contactId) => ({ contactId, at })) },
  { kind: 'sequence', id: 'seq', name: 'Win-back', enrolments: [1, 2].map((contactId) => ({ contactId, at })) },
  { kind: 'sequence', id: 'idle', name: 'Onboarding', enrolments: [] },
];

describe('outcomeReport', () => {
  it('says which results can be read: too few enrolled, too recent to judge who stayed, nobody yet, or ready', () => {
    const recent = outcomeReport(subjects, book(), { now: T0 + 30 * DAY, bands });
    expect(recent.map((r) => [r.id, r.status])).toEqual([
      ['pb', 'too-recent'],
      ['seq', 'too-few'],
      ['idle', 'none'],
    ]);
    expect(MIN_ENROLLED).toBeGreaterThan(2);
    const later = outcomeReport(subjects, book(), { now: T0 + 120 * DAY, bands });
    expect(later[0]).toMatchObject({ status: 'ready', outcome: { enrolled: { count: 6, replied: 1, judged: 6, saved: 6 } } });
  });

  it('compares with customers no playbook or sequence enrolled: 7–20, one of whom churned', () => {
    const [pb] = outcomeReport(subjects, book(), { now: T0 + 120 * DAY, bands });
    expect(pb.outcome.comparison).toMatchObject({ contacts: 14, replyRate: 0 });
    expect(pb.outcome.comparison?.saveRate).toBeCloseTo(13 / 14);
  });

  it('is reached from a playbook by #/reports/<row id>', () => {
    expect(parseRoute(href({ page: 'reports', focus: 'wi-outcome-playbook-pb-1' }))).toEqual({ page: 'reports', focus: 'wi-outcome-playbook-pb-1' });
    expect(parseRoute('#/reports')).toEqual({ page: 'reports' });
  });
});

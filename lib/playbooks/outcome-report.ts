import type { StoredScore } from '../db/types';
import type { ReportContact, StageEvent } from '../reports/customer-timeline';
import { outcomeOf, type Outcome, type OutcomeBook, type OutcomeOptions } from './outcome';

/** Fewer enrolled contacts than this, or no similar customer to compare with: "not enough data yet". */
export const MIN_ENROLLED = 5;

/** One playbook or sequence to judge: its enrolments (a playbook's log rows, a sequence's enrolments not skipped). */
export interface OutcomeSubject {
  kind: 'playbook' | 'sequence';
  id: string;
  name: string;
  enrolments: readonly { contactId: number; at: number }[];
}

/**
 * Why a result is not worth reading yet: nobody enrolled; too few enrolled (or no similar customer left out); every
 * enrolment too recent to say who stayed a customer. `ready` otherwise.
 */
export type OutcomeStatus = 'none' | 'too-few' | 'too-recent' | 'ready';

export interface OutcomeRow extends Omit<OutcomeSubject, 'enrolments'> {
  outcome: Outcome;
  status: OutcomeStatus;
}

/** The element id of a playbook's or sequence's row in Reports, which the playbooks page links to (`#/reports/<id>`). */
export const outcomeAnchor = (kind: OutcomeSubject['kind'], id: string): string => `wi-outcome-${kind}-${id}`;

/** What the report reads of the book besides the enrolments. */
export interface OutcomeReportBook {
  contacts: readonly (ReportContact & { score?: Pick<StoredScore, 'history'> })[];
  stageHistory: ReadonlyMap<number, readonly StageEvent[]>;
  /** Times of messages from each contact to the user (at least those after the first enrolment). */
  inbound: ReadonlyMap<number, readonly number[]>;
  /** Band rosters of the days playbooks acted (OutcomeBook.rosters). */
  rosters?: OutcomeBook['rosters'];
}

/** "Did it work?" for every playbook and sequence: its outcome against similar customers never enrolled by any of them, and whether it can be read yet. */
export function outcomeReport(subjects: readonly OutcomeSubject[], book: OutcomeReportBook, options: OutcomeOptions): OutcomeRow[] {
  const everEnrolled = new Set<number>();
  for (const s of subjects) for (const e of s.enrolments) everEnrolled.add(e.contactId);
  const scores = new Map<number, Pick<StoredScore, 'history'>>();
  for (const c of book.contacts) if (c.score) scores.set(c.id, c.score);
  const full = { contacts: new Map(book.contacts.map((c) => [c.id, c])), stageHistory: book.stageHistory, scores, inbound: book.inbound, everEnrolled, rosters: book.rosters };
  return subjects.map(({ enrolments, ...subject }) => {
    const outcome = outcomeOf(enrolments, full, options);
    return { ...subject, outcome, status: statusOf(outcome) };
  });
}

function statusOf(outcome: Outcome): OutcomeStatus {
  if (outcome.enrolled.count === 0) return 'none';
  if (outcome.enrolled.count < MIN_ENROLLED || outcome.comparison === null) return 'too-few';
  if (outcome.enrolled.judged === 0) return 'too-recent';
  return 'ready';
}

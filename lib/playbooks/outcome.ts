import { bandFor, type BandName } from '../churn/bands';
import { dayNumber, scoreOnDay } from '../churn/score-history';
import type { StoredScore } from '../db/types';
import { customerTimeline, statusBefore, type ReportContact, type StageEvent } from '../reports/customer-timeline';

const DAY = 86_400_000;

/** What "Did it work?" reads about the book. */
export interface OutcomeBook {
  contacts: ReadonlyMap<number, ReportContact>;
  stageHistory: ReadonlyMap<number, readonly StageEvent[]>;
  /** Stored scores, whose day history gives each contact's band on a past day. */
  scores: ReadonlyMap<number, Pick<StoredScore, 'history'>>;
  /** Times of each contact's messages to the user. */
  inbound: ReadonlyMap<number, readonly number[]>;
  /** Contacts enrolled by any playbook or sequence in the period: never counted as "not enrolled". */
  everEnrolled: ReadonlySet<number>;
  /**
   * Who was in which band on the days playbooks acted (lib/playbooks/band-roster.ts): day → contact → band. A day
   * with a roster is read from it, not from the score histories (which keep 30 days and lose churned contacts).
   */
  rosters?: ReadonlyMap<number, ReadonlyMap<number, BandName>>;
}

export interface OutcomeOptions {
  now: number;
  timeZone?: string;
  bands: { medium: number; high: number };
  /** A reply counts within this many days of enrolment; default 14. */
  replyWithinDays?: number;
  /** Saved: still a customer this many days after enrolment; default 90. Younger enrolments are not judged yet. */
  savedAfterDays?: number;
}

export interface OutcomeRates {
  /** Contacts counted, and those old enough to be judged saved. */
  count: number;
  judged: number;
  replied: number;
  saved: number;
  /** Shares 0…1; null with nobody to count. */
  replyRate: number | null;
  saveRate: number | null;
}

/** One playbook's or sequence's results next to similar customers not enrolled (same band on the same day), weighted like the enrolled. */
export interface Outcome {
  enrolled: OutcomeRates;
  /** Null when no enrolled contact had a comparable customer. */
  comparison: (Omit<OutcomeRates, 'replied' | 'saved'> & { contacts: number }) | null;
}

interface Subject {
  replied: boolean;
  /** Undefined until savedAfterDays have passed. */
  saved: boolean | undefined;
}

/** Results of one playbook or sequence: enrolled, replied, saved, against customers in the same band on the same day who were never enrolled. */
export function outcomeOf(enrolments: readonly { contactId: number; at: number }[], book: OutcomeBook, options: OutcomeOptions): Outcome {
  const { now, timeZone = 'UTC', bands, replyWithinDays = 14, savedAfterDays = 90 } = options;
  const subject = (id: number, at: number): Subject | undefined => {
    const contact = book.contacts.get(id);
    if (!contact) return undefined;
    const replied = (book.inbound.get(id) ?? []).some((t) => t > at && t <= at + replyWithinDays * DAY);
    const end = at + savedAfterDays * DAY;
    const saved = end > now ? undefined : statusBefore(customerTimeline(contact, book.stageHistory.get(id)), [end + 1])[0];
    return { replied, saved };
  };
  const bandOn = (id: number, day: number): BandName | undefined => {
    const roster = book.rosters?.get(day);
    if (roster) return roster.get(id);
    const score = scoreOnDay(book.scores.get(id)?.history ?? [], day);
    return score === undefined ? undefined : bandFor(score, bands);
  };
  const customerAt = (id: number, at: number) => {
    const c = book.contacts.get(id);
    return c !== undefined && statusBefore(customerTimeline(c, book.stageHistory.get(id)), [at + 1])[0];
  };

  const mine: Subject[] = [];
  // Enrolments by (day, band): each cell's comparison group is measured once, from the cell's first enrolment time.
  const cells = new Map<string, { day: number; band: BandName; at: number; subjects: Subject[] }>();
  for (const e of enrolments) {
    const s = subject(e.contactId, e.at);
    if (!s) continue;
    mine.push(s);
    const day = dayNumber(e.at, timeZone);
    const band = bandOn(e.contactId, day);
    if (!band) continue;
    const key = `${day}:${band}`;
    const cell = cells.get(key) ?? { day, band, at: e.at, subjects: [] };
    cell.at = Math.min(cell.at, e.at);
    cell.subjects.push(s);
    cells.set(key, cell);
  }

  let weight = 0;
  let judgedWeight = 0;
  let replySum = 0;
  let saveSum = 0;
  const others = new Set<number>();
  for (const cell of [...cells.values()].sort((a, b) => a.day - b.day || a.band.localeCompare(b.band))) {
    const peers: Subject[] = [];
    for (const id of book.contacts.keys()) {
      if (book.everEnrolled.has(id) || bandOn(id, cell.day) !== cell.band || !customerAt(id, cell.at)) continue;
      const s = subject(id, cell.at);
      if (s) {
        peers.push(s);
        others.add(id);
      }
    }
    if (peers.length === 0) continue;
    const judgedPeers = peers.filter((p) => p.saved !== undefined);
    weight += cell.subjects.length;
    replySum += cell.subjects.length * (peers.filter((p) => p.replied).length / peers.length);
    const judgedHere = cell.subjects.filter((s) => s.saved !== undefined).length;
    if (judgedPeers.length && judgedHere) {
      judgedWeight += judgedHere;
      saveSum += judgedHere * (judgedPeers.filter((p) => p.saved).length / judgedPeers.length);
    }
  }

  const judged = mine.filter((s) => s.saved !== undefined);
  const replied = mine.filter((s) => s.replied).length;
  const saved = judged.filter((s) => s.saved).length;
  return {
    enrolled: {
      count: mine.length,
      judged: judged.length,
      replied,
      saved,
      replyRate: mine.length ? replied / mine.length : null,
      saveRate: judged.length ? saved / judged.length : null,
    },
    comparison: weight ? { contacts: others.size, count: weight, judged: judgedWeight, replyRate: replySum / weight, saveRate: judgedWeight ? saveSum / judgedWeight : null } : null,
  };
}

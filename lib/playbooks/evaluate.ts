import type { AlertKind, Stage } from '../db/types';
import { localDay } from '../churn/alerts';
import { fieldDate } from '../churn/crm-signals';
import { dayNumber } from '../churn/score-history';
import type { BandName } from '../churn/bands';
import type { SegmentContact } from '../segments/columns';
import { compileFilter } from '../segments/compile';
import type { BandThresholds } from '../segments/risk-band';
import type { Playbook, PlaybookEvent } from './types';

const DAY = 86_400_000;

/** What fired a playbook for a contact, as stored in its log. */
export type FiringEvent =
  | { type: 'band'; band: BandName; score: number }
  | { type: 'rise'; from: number; to: number }
  | { type: 'alert'; kind: AlertKind; alertKey: string }
  /** `by`: the playbook whose set-stage action made this change (a link of a stage-setting chain). */
  | { type: 'stage'; from: Stage; to: Stage; by?: string }
  | { type: 'tag'; tagId: number }
  | { type: 'date'; field: string; date: string; days: number };

/** A playbook meeting a contact: `key` names (playbook, contact, event), so a re-run never acts on it twice. */
export interface Firing {
  key: string;
  playbookId: string;
  contactId: number;
  /** When the event happened. */
  at: number;
  event: FiringEvent;
}

/** What one run reads: the events since the last run, the contacts as they are now, and the keys already acted on. */
export interface RunInput {
  now: number;
  /** IANA zone of the user: the day a band is entered, and how many days away a date is. */
  timeZone?: string;
  events: readonly PlaybookEvent[];
  /** Current contact rows (with their risk): conditions read them, date triggers scan them. A contact not here is skipped. */
  contacts: ReadonlyMap<number, SegmentContact>;
  /** Band thresholds in force, for risk conditions. */
  bands?: BandThresholds;
  /** Firing keys already applied (the playbook log). */
  done: { has(key: string): boolean };
}

/** The run's events by type, sorted by time then contact, so that the result does not depend on the order they came in. */
export interface IndexedEvents {
  score: Extract<PlaybookEvent, { type: 'score' }>[];
  alert: Extract<PlaybookEvent, { type: 'alert' }>[];
  stage: Extract<PlaybookEvent, { type: 'stage' }>[];
  tag: Extract<PlaybookEvent, { type: 'tag' }>[];
  /** Shared by the run's playbooks: local day labels by quarter hour, and date fields' days by field and contact. */
  days: Map<number, string>;
  dates: Map<string, [number, number][]>;
}

/** Groups and orders a run's events once for all playbooks. */
export function indexEvents(events: readonly PlaybookEvent[]): IndexedEvents {
  const out: IndexedEvents = { score: [], alert: [], stage: [], tag: [], days: new Map(), dates: new Map() };
  for (const e of events) (out[e.type] as PlaybookEvent[]).push(e);
  const byTime = (a: PlaybookEvent, b: PlaybookEvent) => a.at - b.at || a.contactId - b.contactId;
  for (const list of [out.score, out.alert, out.stage, out.tag] as PlaybookEvent[][]) list.sort(byTime);
  return out;
}

// Local midnight falls on a UTC quarter hour in every zone, so one label per quarter hour is exact.
function dayOf(at: number, timeZone: string, cache: Map<number, string>): string {
  const quarter = Math.floor(at / 900_000);
  let day = cache.get(quarter);
  if (day === undefined) cache.set(quarter, (day = localDay(at, timeZone)));
  return day;
}

/** Each contact's day of a date field, by contact id ascending: read once per run whatever the playbooks. */
function datesOf(field: string, contacts: ReadonlyMap<number, SegmentContact>, cache: Map<string, [number, number][]>): [number, number][] {
  let list = cache.get(field);
  if (!list) {
    list = [];
    for (const [id, c] of contacts) {
      const day = dateDay(c.custom[field]);
      if (day !== undefined) list.push([id, day]);
    }
    list.sort((a, b) => a[0] - b[0]);
    cache.set(field, list);
  }
  return list;
}

/** A date cell's calendar day (YYYY-MM-DD, as written) as a day number; undefined when it is not a date. */
function dateDay(value: string | undefined): number | undefined {
  const at = fieldDate(value);
  return at === null ? undefined : Math.floor(at / DAY);
}

/**
 * The firings of one enabled playbook in a run: each event its trigger matches, for a contact that exists and meets
 * its conditions now, whose key is not already done; one firing per key. Keys:
 * `pb:<id>:<contact>:band:<band>:<local day>`, `pb:<id>:<contact>:rise:<local day>`, `pb:<id>:alert:<alert key>`,
 * `pb:<id>:<contact>:stage:<from>><to>:<at>`, `pb:<id>:<contact>:tag:<tag>:<at>`, `pb:<id>:<contact>:date:<field>:<date>`.
 */
export function evaluatePlaybook(playbook: Playbook, input: RunInput, events: IndexedEvents = indexEvents(input.events)): Firing[] {
  const { now, timeZone = 'UTC', contacts, done } = input;
  const matches = compileFilter(playbook.conditions, now, { bands: input.bands });
  const out: Firing[] = [];
  const seen = new Set<string>();
  const pre = `pb:${playbook.id}:`;
  const fire = (contactId: number, key: string, at: number, event: FiringEvent) => {
    if (seen.has(key) || done.has(key)) return;
    const contact = contacts.get(contactId);
    if (!contact || !matches(contact)) return;
    seen.add(key);
    out.push({ key, playbookId: playbook.id, contactId, at, event });
  };

  const t = playbook.trigger;
  switch (t.type) {
    case 'band-entered':
      for (const e of events.score)
        if (e.newBand !== e.oldBand && t.bands.includes(e.newBand))
          fire(e.contactId, `${pre}${e.contactId}:band:${e.newBand}:${dayOf(e.at, timeZone, events.days)}`, e.at, { type: 'band', band: e.newBand, score: e.newScore });
      break;
    case 'chance-rise':
      for (const e of events.score)
        if (e.oldScore !== undefined && e.newScore - e.oldScore >= t.points)
          fire(e.contactId, `${pre}${e.contactId}:rise:${dayOf(e.at, timeZone, events.days)}`, e.at, { type: 'rise', from: e.oldScore, to: e.newScore });
      break;
    case 'alert':
      for (const e of events.alert) if (t.kinds.includes(e.kind)) fire(e.contactId, `${pre}alert:${e.key}`, e.at, { type: 'alert', kind: e.kind, alertKey: e.key });
      break;
    case 'stage-change':
      for (const e of events.stage)
        // A playbook's own stage change never fires it again (it would loop); another playbook's may.
        if (e.from !== e.to && e.playbookId !== playbook.id && t.to.includes(e.to) && (t.from.length === 0 || t.from.includes(e.from)))
          fire(e.contactId, `${pre}${e.contactId}:stage:${e.from}>${e.to}:${e.at}`, e.at, { type: 'stage', from: e.from, to: e.to, ...(e.playbookId ? { by: e.playbookId } : {}) });
      break;
    case 'tag-added':
      for (const e of events.tag) if (t.tagIds.includes(e.tagId)) fire(e.contactId, `${pre}${e.contactId}:tag:${e.tagId}:${e.at}`, e.at, { type: 'tag', tagId: e.tagId });
      break;
    case 'date-field': {
      const today = dayNumber(now, timeZone);
      for (const [id, day] of datesOf(t.field, contacts, events.dates)) {
        const days = day - today;
        // "At most N days away" rather than "exactly N": a run missed on that day still fires the next one.
        if (days < 0 || days > t.daysBefore) continue;
        const date = new Date(day * DAY).toISOString().slice(0, 10);
        fire(id, `${pre}${id}:date:${t.field}:${date}`, now, { type: 'date', field: t.field, date, days });
      }
      break;
    }
  }
  return out;
}

/**
 * The contacts a playbook would act on today, changing nothing: for a band trigger, every contact whose score is in
 * one of its bands now (as if each had just entered it); for the others, the firings of today's events and dates.
 */
export function previewPlaybook(playbook: Playbook, input: RunInput & { bandOf: (c: SegmentContact) => BandName | undefined }): number[] {
  const t = playbook.trigger;
  let run: RunInput = input;
  if (t.type === 'band-entered') {
    const events: PlaybookEvent[] = [];
    for (const c of input.contacts.values()) {
      const band = input.bandOf(c);
      if (band && t.bands.includes(band)) events.push({ type: 'score', contactId: c.id, at: input.now, newBand: band, newScore: c.risk ?? 0 });
    }
    run = { ...input, events };
  }
  return [...new Set(evaluatePlaybook(playbook, run).map((f) => f.contactId))].sort((a, b) => a - b);
}

// Scoring one chunk of a rescore (issue #12): what it must write, worked out without writing.
import type { Activity, StoredScore } from '../db/types';
import { alertsChangeFor, type AlertKey } from './alert-store';
import { BandQueue } from './band-queue';
import { detectAlerts, unansweredKeys, type AlertDraft } from './alerts';
import { churnEligible } from './eligible';
import { nextStoredScore, scoreBasis } from './score-history';
import { scoreEvents, type ScorerConfig } from './scorer';
import { mailEventsOf } from './from-activities';
import { scoreInputsVersion, storedInputs } from './score-inputs';
import type { ScoreInputEntry } from '../db/score-inputs';
import { isCurrent, type ChunkData } from './recompute-read';

const DAY = 86_400_000;

/** The writes one chunk needs: changed score rows, rows to remove, alerts to add or close. */
export interface ChunkWrites {
  scores: StoredScore[];
  removed: number[];
  drafts: AlertDraft[];
  /** Contacts whose alerts need a write (new alerts, answered ones to close, or all to close). */
  alertContacts: number[];
  /** Keys of messages still waiting for an answer (any age). */
  pending: Set<string>;
  /** Contacts not scored for churn with open alerts: all closed. */
  closeAllOf: number[];
  scored: number;
  /** The score of each contact scored. */
  riskScores: number[];
  /** Churned contacts whose churnedAt lies within the settings' horizon before now. */
  churnedWithin: number;
  /**
   * With bands still to settle: each scored contact's score, written once the bands are known (applyBands), with the
   * "crossed into high risk" alerts; the chunk's other alerts are added with its write.
   */
  deferred: BandQueue;
  /** Score inputs built from activities, to store unless the contact's stale mark changed since it was read (`read`: its `rev`, undefined for none). */
  inputs: { entry: ScoreInputEntry; read?: number }[];
}

/**
 * Scores one chunk of contacts with what readChunk loaded and works out its writes, without writing: only
 * churn-eligible contacts are scored (others lose a stored score and their open alerts), only changed scores
 * are written, and the alert table is written only when an alert is new or must close.
 */
export function scoreChunk(config: ScorerConfig, data: ChunkData, now: number, basis = scoreBasis(config), deferBands = false): ChunkWrites {
  const byContact = new Map<number, Activity[]>();
  const seen = new Set<number>();
  for (const a of data.activities) {
    // A multi-entry index range gives an activity of two contacts in the range twice.
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    for (const id of a.contactIds) {
      let list = byContact.get(id);
      if (!list) byContact.set(id, (list = []));
      list.push(a);
    }
  }
  const stored = new Map(data.scores.map((s) => [s.contactId, s]));
  const alertsOf = new Map<number, AlertKey[]>();
  for (const a of data.alerts) (alertsOf.get(a.contactId) ?? alertsOf.set(a.contactId, []).get(a.contactId)!).push(a);
  const out: ChunkWrites = {
    scores: [],
    removed: [],
    drafts: [],
    alertContacts: [],
    pending: new Set(),
    closeAllOf: [],
    scored: 0,
    riskScores: [],
    churnedWithin: 0,
    deferred: new BandQueue(),
    inputs: [],
  };
  const inputs = new Map((data.inputs ?? []).map((r) => [r.contactId, r]));
  const version = scoreInputsVersion();
  const recent = now - config.settings.horizonDays * DAY;
  const listed = new Set<number>();
  for (const contact of data.contacts) {
    listed.add(contact.id);
    const prev = stored.get(contact.id);
    const theirs = alertsOf.get(contact.id) ?? [];
    if (!churnEligible(contact)) {
      if (contact.stage === 'churned' && contact.churnedAt !== undefined && contact.churnedAt >= recent && contact.churnedAt <= now) out.churnedWithin++;
      if (prev) out.removed.push(contact.id);
      if (theirs.some((a) => a.open === 1)) out.closeAllOf.push(contact.id);
      continue;
    }
    out.scored++;
    const kept = inputs.get(contact.id);
    let mail = isCurrent(kept, contact, version) ? kept!.mail : undefined;
    if (!mail) {
      // Scored with the summary as stored (storedInputs): the next run, which reads it, gives the same score.
      const built = storedInputs(mailEventsOf(byContact.get(contact.id) ?? []), contact.email);
      mail = built.mail;
      out.inputs.push({ entry: { contactId: contact.id, v: version, ...built }, read: kept?.rev });
    }
    const { risk, input } = scoreEvents(config, contact, mail, now, { reasons: false });
    out.riskScores.push(risk.score);
    let drafts = detectAlerts({ ...contact, riskBand: prev?.band }, risk, input, config.settings.rules, { now, timeZone: config.timeZone });
    // The band and its crossing wait for the book's bands (applyBands); the other alerts do not depend on them.
    if (deferBands) drafts = drafts.filter((d) => d.kind !== 'high-risk');
    const pending = unansweredKeys(contact.id, input);
    for (const key of pending) out.pending.add(key);
    const waiting = new Set(pending);
    if (alertsChangeFor(theirs, drafts, waiting)) {
      out.alertContacts.push(contact.id);
      out.drafts.push(...drafts);
    }
    if (deferBands) {
      const same = prev !== undefined && nextStoredScore(prev, contact.id, { ...risk, band: prev.band }, basis, now, config.timeZone) === null;
      out.deferred.push({ contactId: contact.id, score: risk.score, probability: risk.probability, horizonDays: risk.horizonDays, same, storedBand: prev?.band });
      continue;
    }
    const next = nextStoredScore(prev, contact.id, risk, basis, now, config.timeZone);
    if (next) out.scores.push(next);
  }
  // Stored scores of contacts that are gone.
  for (const s of data.scores) if (!listed.has(s.contactId)) out.removed.push(s.contactId);
  return out;
}

import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import type { Alert, Contact, StoredScore } from '../db/types';
import { alertsChangeFor, alertsOfContacts, storeAlerts } from './alert-store';
import { detectAlerts, unansweredKeys } from './alerts';
import { churnEligible, shownScore } from './eligible';
import { nextStoredScore, scoreBasis } from './score-history';
import type { Scored, ScorerConfig } from './scorer';
import type { SegmentContact } from '../segments/columns';

// Apart (lib/churn/eligible.ts) so the lists' store shows scores without this module's alert code.
export { shownScore };

/** Contacts as lists and reports see them: each customer with its stored score (`score`, and `risk` 0–100). */
export function withStoredScores(contacts: readonly Contact[], scores: readonly StoredScore[]): SegmentContact[] {
  const byId = new Map(scores.map((s) => [s.contactId, s]));
  return contacts.map((c) => {
    const score = shownScore(c, byId.get(c.id));
    return score ? { ...c, score, risk: score.score } : c;
  });
}

/**
 * Stores one contact's freshly computed score when it changed and raises its alerts, in one transaction (the
 * sidebar and the contact and attention pages, after they painted). A contact not scored for churn loses its
 * stored score and its open alerts. Returns the alerts added and closed, for the badge. When nothing would change
 * (a contact shown again), it only reads: a readwrite transaction, which includes contacts, would hold up the
 * sidebar's next profile read.
 */
export async function persistScore(db: KizunaDb, config: ScorerConfig, contact: Contact, scored: Scored | null, now: number): Promise<{ added: Alert[]; closed: number }> {
  const store = contactStoreOf(db);
  const changes = await db.transaction('r', db.alerts, db.scoreBlocks, async () => {
    const [prev, theirs] = await Promise.all([store.scores.get(contact.id), alertsOfContacts(db, [contact.id]).toArray()]);
    if (!churnEligible(contact) || !scored) return prev !== undefined || theirs.some((a) => a.open === 1);
    const { risk, input } = scored;
    const drafts = detectAlerts({ ...contact, riskBand: prev?.band }, risk, input, config.settings.rules, { now, timeZone: config.timeZone });
    return alertsChangeFor(theirs, drafts, new Set(unansweredKeys(contact.id, input))) || nextStoredScore(prev, contact.id, risk, scoreBasis(config), now, config.timeZone) !== null;
  });
  if (!changes) return { added: [], closed: 0 };
  // contacts too: storeAlerts checks in this transaction that each contact still exists.
  return db.transaction('rw', [db.alerts, ...store.tables], async () => {
    const prev = await store.scores.get(contact.id);
    if (!churnEligible(contact) || !scored) {
      if (prev) await store.scores.delete([contact.id]);
      return storeAlerts(db, [], [], now, new Set(), [contact.id]);
    }
    const { risk, input } = scored;
    const drafts = detectAlerts({ ...contact, riskBand: prev?.band }, risk, input, config.settings.rules, { now, timeZone: config.timeZone });
    const result = await storeAlerts(db, drafts, [contact.id], now, new Set(unansweredKeys(contact.id, input)));
    const next = nextStoredScore(prev, contact.id, risk, scoreBasis(config), now, config.timeZone);
    if (next) await store.scores.put([next]);
    return result;
  });
}

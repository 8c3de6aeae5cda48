import type { Alert, Contact, StoredScore } from '../db/types';
import { isActiveAlert } from './alert-store';
import { churnEligible } from './eligible';
import { chanceOf } from './exposure';

/** One contact on the Needs attention list: its stored score, every open alert, and what it may cost. */
export interface AttentionCard {
  contact: Contact;
  /** The stored score (the one that raised the alerts); undefined before the contact was first scored. */
  score?: StoredScore;
  /** Its open, not snoozed alerts, newest first. */
  alerts: Alert[];
  /** The revenue field read as a number (0 when blank or not a number). */
  revenue: number;
  /** chance × revenue: the revenue expected to be lost. */
  expectedLoss: number;
  /** The chance is rule points ÷ 100 standing in for one (the score is not calibrated). */
  proxy: boolean;
}

/** The first page's length when the settings say nothing (what a person can act on in a day). */
export const DEFAULT_ATTENTION_PAGE = 15;

/**
 * The Needs attention work list: one card per churn-eligible contact with open, not snoozed alerts, ranked by
 * the revenue expected to be lost (calibrated probability × revenue; rule points ÷ 100 × revenue as a stand-in
 * until calibrated), then by the chance, then by the newest alert. Contacts without revenue follow by chance;
 * contacts not yet scored come last.
 */
export function attentionCards(alerts: readonly Alert[], contacts: readonly Contact[], scores: readonly StoredScore[], revenueOf: (contact: Contact) => number | null, now: number): AttentionCard[] {
  const byContact = new Map<number, Alert[]>();
  for (const a of alerts) if (isActiveAlert(a, now)) (byContact.get(a.contactId) ?? byContact.set(a.contactId, []).get(a.contactId)!).push(a);
  const scoreOf = new Map(scores.map((s) => [s.contactId, s]));
  const cards: AttentionCard[] = [];
  for (const contact of contacts) {
    const theirs = byContact.get(contact.id);
    if (!theirs || !churnEligible(contact)) continue;
    const score = scoreOf.get(contact.id);
    const revenue = Math.max(0, revenueOf(contact) ?? 0);
    const chance = score ? chanceOf(score) : 0;
    cards.push({ contact, score, alerts: theirs.sort((a, b) => b.at - a.at), revenue, expectedLoss: chance * revenue, proxy: score !== undefined && score.probability === undefined });
  }
  const chance = (c: AttentionCard) => (c.score ? chanceOf(c.score) : -1);
  cards.sort((a, b) => b.expectedLoss - a.expectedLoss || chance(b) - chance(a) || b.alerts[0].at - a.alerts[0].at || a.contact.id - b.contact.id);
  return cards;
}

/** The first page of the list and the rest (collapsed behind "Show N more"). */
export function splitPage<T>(cards: readonly T[], pageSize: number): { first: T[]; rest: T[] } {
  const size = Math.max(1, Math.floor(pageSize));
  return { first: cards.slice(0, size), rest: cards.slice(size) };
}

/** The card to focus after one leaves the list: the next one, else the one before; undefined when none is left. */
export function focusAfter(ids: readonly number[], leaving: number): number | undefined {
  const i = ids.indexOf(leaving);
  if (i < 0) return undefined;
  return ids[i + 1] ?? ids[i - 1];
}

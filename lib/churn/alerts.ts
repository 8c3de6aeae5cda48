import type { AlertKind, Contact } from '../db/types';
import { encodeIntentQuotes } from './phrases';
import { churnEligible } from './eligible';
import type { RulesConfig } from './rules-config';
import type { Band, ChurnInput, ChurnScore } from './rules';
import { wallClock } from './working-days';

const DAY = 86_400_000;

/** An alert to raise; `key` names the event, so detecting it again never raises a second alert. */
export interface AlertDraft {
  key: string;
  contactId: number;
  kind: AlertKind;
  /** When the event happened (the message's time, or now for a crossing). */
  at: number;
  /** JSON of the event's params, for the UI's sentence (see alertParams). */
  detail: string;
}

export interface DetectOptions {
  now: number;
  /** IANA zone: the day of a crossing and of a payment month are the user's wall-clock ones. */
  timeZone?: string;
  /** Churn-intent wording counts when their message is at most this many days old; default 14. */
  intentWithinDays?: number;
  /**
   * An unanswered message raises an alert while it is at most this many days old; default 30. Older ones still
   * count in the score, but a history imported from a mailbox would otherwise flood the list with stale events.
   */
  unansweredWithinDays?: number;
}

/** Payment statuses that always mean overdue, besides any status the rules give positive points. */
export const OVERDUE_STATUSES = ['overdue', 'past due', 'past-due', 'late', 'failed', 'unpaid', 'disputed', '未払い', '支払い遅延', '延滞'];

/** The local calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: number, timeZone = 'UTC'): string {
  return new Date(wallClock(at, timeZone)).toISOString().slice(0, 10);
}

const messageRef = (m: { at: number; messageId?: string }) => m.messageId || `t${m.at}`;

/** The contact an alert is about, with the band of its stored score (undefined: never scored). */
export type AlertSubject = Pick<Contact, 'id' | 'stage' | 'doNotContact'> & { riskBand?: Band };

/**
 * Pre-churn events for one freshly scored contact: crossing into high risk (from any other band or from
 * never scored), churn-intent wording in a recent message of theirs, each of their messages unanswered
 * for 2 working days (and at most 30 days old), a payment status that is overdue, and a renewal within the rules' window with no
 * message either way for the rules' silent days. Contacts not scored for churn (leads, churned,
 * do-not-contact: see eligible.ts) raise nothing.
 * Keys: `id:high-risk:<local day>`, `id:intent:<message>`, `id:unanswered:<message>`,
 * `id:payment-overdue:<status>:<local month>`, `id:renewal-silent:<renewal day>`.
 */
export function detectAlerts(contact: AlertSubject, risk: ChurnScore, input: ChurnInput, rules: RulesConfig, options: DetectOptions): AlertDraft[] {
  if (!churnEligible(contact)) return [];
  const { now, timeZone = 'UTC', intentWithinDays = 14, unansweredWithinDays = 30 } = options;
  const id = contact.id;
  const out: AlertDraft[] = [];
  const add = (kind: AlertKind, event: string, at: number, params: Record<string, string | number>) =>
    out.push({ key: `${id}:${kind}:${event}`, contactId: id, kind, at, detail: JSON.stringify(params) });

  if (risk.band === 'high' && contact.riskBand !== 'high') add('high-risk', localDay(now, timeZone), now, { score: risk.score });

  const mail = input.mail;
  for (const m of mail?.intentMessages ?? []) {
    if (now - m.at > intentWithinDays * DAY) continue;
    const params: Record<string, string | number> = { phrases: m.ids.join(', ') };
    if (m.quotes.length) params.quotes = encodeIntentQuotes(m.quotes);
    add('intent', messageRef(m), m.at, params);
  }
  for (const m of mail?.unansweredMessages ?? []) if (now - m.at <= unansweredWithinDays * DAY) add('unanswered', messageRef(m), m.at, { days: Math.max(0, Math.floor((now - m.at) / DAY)) });

  const crm = input.crm;
  const status = crm?.paymentStatus?.trim().toLowerCase();
  if (status && (OVERDUE_STATUSES.includes(status) || (rules.payment.points[status] ?? 0) > 0)) add('payment-overdue', `${status}:${localDay(now, timeZone).slice(0, 7)}`, now, { status });

  const renewalAt = crm?.renewalAt;
  if (typeof renewalAt === 'number' && Number.isFinite(renewalAt) && renewalAt >= now - DAY) {
    const days = Math.max(0, Math.ceil((renewalAt - now) / DAY));
    const last = Math.max(mail?.theirLastAt ?? -Infinity, mail?.ourLastAt ?? -Infinity);
    const silentDays = Number.isFinite(last) ? Math.floor((now - last) / DAY) : -1;
    if (days <= rules.renewal.withinDays && (silentDays === -1 || silentDays >= rules.renewal.silentDays))
      add('renewal-silent', new Date(renewalAt).toISOString().slice(0, 10), now, { days, silentDays });
  }
  return out;
}

/** The keys of every unanswered message of theirs (any age): an open alert for one of them stays open. */
export function unansweredKeys(contactId: number, input: ChurnInput): string[] {
  return (input.mail?.unansweredMessages ?? []).map((m) => `${contactId}:unanswered:${messageRef(m)}`);
}

/** The params stored with an alert; {} when the detail is missing or not JSON. */
export function alertParams(detail: string | undefined): Record<string, string | number> {
  if (!detail) return {};
  try {
    const v: unknown = JSON.parse(detail);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string | number>) : {};
  } catch {
    return {};
  }
}

/** The toolbar badge's text for a number of open alerts: none for 0, "999+" above 999 (a badge fits ~4 characters). */
export function badgeText(openCount: number): string {
  if (!(openCount > 0)) return '';
  return openCount > 999 ? '999+' : String(Math.floor(openCount));
}

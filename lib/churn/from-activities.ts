import { NOT_TO_ME_FLAG, type Activity, type Contact } from '../db/types';
import { crmSignalsOf, type FieldMapping } from './crm-signals';
import { DEFAULT_RULES, type RulesConfig } from './rules-config';
import { scoreByRules, type ChurnInput, type ChurnScore } from './rules';
import { mailboxSignals, signalsOfSummary, type MailEvent, type MailSummary } from './signals';

export interface ScoreContactOptions {
  /** Custom field per CRM signal; default: a custom field whose key is the signal's name (any case). */
  mapping?: FieldMapping;
  /** IANA zone for working days; default UTC (the sidebar passes the user's zone). */
  timeZone?: string;
}

const MAPPED = ['renewalAt', 'paymentStatus', 'revenue', 'customerSince', 'supportTickets', 'nps'] as const;
const INTENT_FLAG = 'intent:';

/** The mapping used when settings map nothing: a custom field named like the signal (`nps`, `renewalAt`…). */
export function defaultFieldMapping(custom: Record<string, string>): FieldMapping {
  const byLower = new Map(Object.keys(custom).map((k) => [k.toLowerCase(), k]));
  const mapping: FieldMapping = {};
  for (const signal of MAPPED) {
    const key = byLower.get(signal.toLowerCase());
    if (key) mapping[signal] = key;
  }
  return mapping;
}

/** A contact's email activities as mail events for `mailboxSignals`; notes and other kinds are left out. */
export function mailEventsOf(activities: readonly Activity[]): MailEvent[] {
  const emails = activities.filter((a) => a.kind === 'email' && (a.direction === 'in' || a.direction === 'out'));
  // Activity.subject is the thread's subject: searched once per thread (with its first message of theirs),
  // so "Cancel my plan" over five replies is one hit, not five.
  const subjectCarrier = new Map<string, Activity>();
  for (const a of emails) {
    if (a.direction !== 'in' || !a.subject || a.flags?.includes(NOT_TO_ME_FLAG)) continue;
    const thread = a.threadId ?? `message:${a.messageId ?? a.id}`;
    const current = subjectCarrier.get(thread);
    if (!current || a.at < current.at) subjectCarrier.set(thread, a);
  }
  const carriers = new Set(subjectCarrier.values());
  return emails.map((a) => {
    const flags = a.flags ?? [];
    const intent = flags.filter((f) => f.startsWith(INTENT_FLAG)).map((f) => f.slice(INTENT_FLAG.length));
    const text = [carriers.has(a) ? a.subject : '', a.snippet ?? ''].filter(Boolean).join('\n');
    return {
      direction: a.direction as 'in' | 'out',
      // record-thread stores "now" with this flag when Gmail gave no date: not a real time.
      at: flags.includes('date-unknown') ? null : a.at,
      messageId: a.messageId,
      threadId: a.threadId,
      from: a.from,
      text,
      ...(intent.length ? { intent } : {}),
      // A mailbox import records the reply headers and addressees; the Gmail thread view does not.
      ...(a.internetMessageId ? { internetMessageId: a.internetMessageId } : {}),
      ...(a.inReplyTo ? { inReplyTo: a.inReplyTo } : {}),
      ...(a.references ? { references: a.references, replyHeaders: true } : {}),
      ...(a.to ? { to: a.to } : {}),
      ...(flags.includes(NOT_TO_ME_FLAG) ? { toMe: false } : {}),
    };
  });
}

/** The rules' input for one contact: mailbox signals from its activities, CRM signals from its record. */
export function churnInputOf(contact: Contact, activities: readonly Activity[], now: number, options: ScoreContactOptions = {}): ChurnInput {
  return churnInputOfEvents(contact, mailEventsOf(activities), now, options);
}

/**
 * churnInputOf from the contact's mail events already built (mailEventsOf), or from their summary (mailSummary with
 * the contact's email: the rescore's stored score inputs).
 */
export function churnInputOfEvents(contact: Contact, events: readonly MailEvent[] | MailSummary, now: number, options: ScoreContactOptions = {}): ChurnInput {
  const signalOptions = { now, timeZone: options.timeZone ?? 'UTC', email: contact.email };
  const mail = Array.isArray(events) ? mailboxSignals(events, signalOptions) : signalsOfSummary(events as MailSummary, signalOptions);
  const crm = crmSignalsOf(contact, options.mapping ?? defaultFieldMapping(contact.custom));
  return { now, mail, crm };
}

/** Churn risk 0–100 of one contact by the point rules (default rules unless given); reasons largest first. */
export function scoreContact(contact: Contact, activities: readonly Activity[], now: number, rulesConfig: RulesConfig = DEFAULT_RULES, options: ScoreContactOptions = {}): ChurnScore {
  return scoreByRules(churnInputOf(contact, activities, now, options), rulesConfig);
}

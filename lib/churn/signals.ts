import { findIntent, intentQuotes, type IntentQuote } from './phrases';
import { workingDaysBetween } from './working-days';

const DAY = 86_400_000;

/** One email to or from a contact; the extension maps Activity rows into this, the mbox import too. */
export interface MailEvent {
  direction: 'in' | 'out';
  /** Epoch ms; missing or NaN when the date was unreadable. */
  at?: number | null;
  messageId?: string;
  threadId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Sender, lower-cased: in a thread with several people, another sender's message is not theirs. */
  from?: string;
  /** Subject and snippet, searched for churn intent unless `intent` is given. */
  text?: string;
  /** Intent ids already found (e.g. Activity.flags without the `intent:` prefix). */
  intent?: string[];
}

export interface SignalOptions {
  now: number;
  /** IANA zone for working days (Mon–Fri); default UTC. */
  timeZone?: string;
  /** The contact's address: inbound messages from other senders are ignored. */
  email?: string;
  /** Messages newer than this many days are searched for intent; default 60. */
  intentWindowDays?: number;
  /** An inbound message is overdue after this many working days without reply; default 2. */
  unansweredAfterWorkingDays?: number;
}

export interface MailboxSignals {
  inbound: number;
  outbound: number;
  /** Messages without a usable date: counted here, left out of every time-based signal. */
  undated: number;
  theirLastAt: number | null;
  ourLastAt: number | null;
  daysSinceTheirLast: number | null;
  daysSinceOurLast: number | null;
  inboundLast30: number;
  inboundPrev90: number;
  /** inboundLast30 ÷ (inboundPrev90 ÷ 3); null when they wrote nothing in the 90 days before. */
  volumeRatio: number | null;
  medianReplyHours: number | null;
  replySamples: number;
  /** Their messages with no reply from us after the working-day limit. */
  unanswered: number;
  oldestUnansweredDays: number | null;
  intentHits: number;
  intentIds: string[];
  /** The words that matched in their newest messages (at most 3 distinct), for reasons that quote them. */
  intentQuotes?: IntentQuote[];
  /** Their overdue messages (the `unanswered` ones), oldest first: alerts name each by its id or time. */
  unansweredMessages?: Array<{ at: number; messageId?: string }>;
  /** Their messages in the intent window with intent hits, oldest first. */
  intentMessages?: Array<{ at: number; messageId?: string; ids: string[]; quotes: IntentQuote[] }>;
}

const MAX_QUOTES = 3;

// Ids found earlier (the mailbox import reads the whole text, and stores ids only): their words come from
// the text kept with the message, where they are in it.
function intentOf(e: MailEvent): { ids: string[]; quotes: IntentQuote[] } {
  if (e.intent) {
    const known = new Set(e.intent);
    return { ids: e.intent, quotes: e.text ? intentQuotes(findIntent(e.text).filter((h) => known.has(h.id))) : [] };
  }
  const hits = findIntent(e.text ?? '');
  return { ids: hits.map((h) => h.id), quotes: intentQuotes(hits) };
}

// The newest distinct wordings, oldest of them first.
function newestQuotes(quotes: readonly IntentQuote[]): IntentQuote[] {
  const seen = new Set<string>();
  const out: IntentQuote[] = [];
  for (let i = quotes.length - 1; i >= 0 && out.length < MAX_QUOTES; i--) {
    const key = quotes[i].text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(quotes[i]);
  }
  return out;
}

const cleanId = (id: string | undefined) => (id ? id.trim().replace(/^<|>$/g, '') : '');
const dated = (e: MailEvent): e is MailEvent & { at: number } => typeof e.at === 'number' && Number.isFinite(e.at);
const daysAgo = (now: number, at: number | null) => (at === null ? null : Math.max(0, Math.floor((now - at) / DAY)));

function answers(out: MailEvent, refs: Set<string>, inbound: MailEvent): boolean {
  const id = cleanId(inbound.messageId);
  if (id && refs.has(id)) return true;
  if (out.threadId) return out.threadId === inbound.threadId;
  // Without any thread information, any later message from us counts as the answer.
  return refs.size === 0;
}

/** Median of a list of numbers; null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mailbox signals for one contact from its email history; definitions in docs/churn.md. */
export function mailboxSignals(events: readonly MailEvent[], options: SignalOptions): MailboxSignals {
  const { now, timeZone = 'UTC', intentWindowDays = 60, unansweredAfterWorkingDays = 2 } = options;
  const me = options.email?.toLowerCase();
  const theirs = (e: MailEvent) => e.direction === 'in' && (!me || !e.from || e.from.toLowerCase() === me);
  const relevant = events.filter((e) => e.direction === 'out' || theirs(e));
  // Inbound first on equal times, so a reply stamped with the same second still answers.
  const timeline = relevant.filter(dated).sort((a, b) => a.at - b.at || (a.direction === 'in' ? -1 : 1));

  let theirLastAt: number | null = null;
  let ourLastAt: number | null = null;
  let inboundLast30 = 0;
  let inboundPrev90 = 0;
  let intentHits = 0;
  const intentIds = new Set<string>();
  const quotes: IntentQuote[] = [];
  const pending: Array<MailEvent & { at: number }> = [];
  const replyMs: number[] = [];
  const intentMessages: NonNullable<MailboxSignals['intentMessages']> = [];

  for (const e of timeline) {
    if (e.direction === 'in') {
      theirLastAt = e.at;
      const age = now - e.at;
      if (age < 30 * DAY) inboundLast30++;
      else if (age < 120 * DAY) inboundPrev90++;
      if (age < intentWindowDays * DAY) {
        const found = intentOf(e);
        intentHits += found.ids.length;
        if (found.ids.length) intentMessages.push({ at: e.at, messageId: e.messageId, ids: [...new Set(found.ids)], quotes: found.quotes });
        for (const id of found.ids) intentIds.add(id);
        quotes.push(...found.quotes);
      }
      pending.push(e);
      continue;
    }
    ourLastAt = e.at;
    const refs = new Set([cleanId(e.inReplyTo), ...(e.references ?? []).map(cleanId)].filter(Boolean));
    let earliest = Infinity;
    for (let i = pending.length - 1; i >= 0; i--) {
      if (!answers(e, refs, pending[i])) continue;
      earliest = Math.min(earliest, pending[i].at);
      pending.splice(i, 1);
    }
    if (earliest !== Infinity) replyMs.push(e.at - earliest);
  }

  const overdue = pending.filter((e) => workingDaysBetween(e.at, now, timeZone) >= unansweredAfterWorkingDays);
  const med = median(replyMs);
  return {
    inbound: relevant.filter((e) => e.direction === 'in').length,
    outbound: relevant.filter((e) => e.direction === 'out').length,
    undated: relevant.length - timeline.length,
    theirLastAt,
    ourLastAt,
    daysSinceTheirLast: daysAgo(now, theirLastAt),
    daysSinceOurLast: daysAgo(now, ourLastAt),
    inboundLast30,
    inboundPrev90,
    volumeRatio: inboundPrev90 > 0 ? inboundLast30 / (inboundPrev90 / 3) : null,
    medianReplyHours: med === null ? null : med / 3_600_000,
    replySamples: replyMs.length,
    unanswered: overdue.length,
    oldestUnansweredDays: overdue.length ? daysAgo(now, Math.min(...overdue.map((e) => e.at))) : null,
    intentHits,
    intentIds: [...intentIds].sort(),
    intentQuotes: newestQuotes(quotes),
    unansweredMessages: overdue.map((e) => ({ at: e.at, messageId: e.messageId })),
    intentMessages,
  };
}

import { findIntent, intentQuotes, type IntentQuote } from './phrases';
import { workingDaysBetween } from './working-days';

const DAY = 86_400_000;

/** One email to or from a contact; the extension maps Activity rows into this, the mbox import too. */
export interface MailEvent {
  direction: 'in' | 'out';
  /** Epoch ms; missing or NaN when the date was unreadable. */
  at?: number | null;
  /** The message's identity (alerts name it); also its Message-ID when `internetMessageId` is not given. */
  messageId?: string;
  /** The Message-ID header, which other messages' In-Reply-To and References name, when `messageId` is another key. */
  internetMessageId?: string;
  threadId?: string;
  inReplyTo?: string;
  references?: string[];
  /**
   * True when the message's In-Reply-To and References were read, present or not (a mailbox import):
   * only a reply whose In-Reply-To names one of their waiting messages then gives a reply time.
   * Implied when either is given. Without them (the Gmail thread view), a reply in the thread is timed
   * from the earliest message of theirs it answers.
   */
  replyHeaders?: boolean;
  /** Sender, lower-cased: in a thread with several people, another sender's message is not theirs. */
  from?: string;
  /**
   * Their message: whether it had the user (or an alias) in To or Cc. A message that did not (a list,
   * a Bcc) counts in `inbound` only: never in silence, volume, unanswered or intent. Unknown counts.
   */
  toMe?: boolean;
  /**
   * Our message: its To addresses, lower-cased, when known. A message of ours that has the contact only
   * in Cc or Bcc (a reply to someone else) answers none of theirs, unless its In-Reply-To names one.
   */
  to?: string[];
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
  // No text (stored inputs keep only text with churn wording): nothing to scan.
  if (!e.text) return { ids: [], quotes: [] };
  const hits = findIntent(e.text);
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

/** Median of a list of numbers; null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * What the mailbox signals read of a history, whatever the day they are computed for (mailSummary): the rescore stores
 * it per contact (lib/db/score-inputs.ts) instead of the events, so it is small. Every list is oldest first. Do not
 * change without bumping the score inputs' format (lib/churn/score-inputs.ts).
 */
export interface MailSummary {
  /** Their messages and ours, dated or not (a message of theirs not to the user counts here only). */
  inbound: number;
  outbound: number;
  undated: number;
  /** The times of their dated messages to the user: the windows of volume and silence. */
  heard: number[];
  ourLastAt: number | null;
  /** Median reply time in ms (null: none timed) and how many replies were timed. */
  replyMs: number | null;
  replySamples: number;
  /** Their messages to the user that no message of ours answered: overdue once old enough. */
  waiting: Array<{ at: number; messageId?: string }>;
  /** Their messages to the user with churn wording: `ids` as found (a phrase twice counts twice), `quotes` its words. */
  intent: Array<{ at: number; messageId?: string; ids: string[]; quotes: IntentQuote[] }>;
}

export interface SummaryOptions {
  /** The contact's address: inbound messages from other senders are ignored. */
  email?: string;
  /** With `now`: only messages in the intent window are searched for intent (the summary then serves that day only). */
  now?: number;
  intentWindowDays?: number;
}

/** The day-independent part of the mailbox signals: one walk over the timeline (threads, replies, intent). */
export function mailSummary(events: readonly MailEvent[], options: SummaryOptions = {}): MailSummary {
  const me = options.email?.toLowerCase();
  const { now, intentWindowDays = 60 } = options;
  const theirs = (e: MailEvent) => e.direction === 'in' && (!me || !e.from || e.from.toLowerCase() === me);
  const relevant = events.filter((e) => e.direction === 'out' || theirs(e));
  // Inbound first on equal times, so a reply stamped with the same second still answers.
  const timeline = relevant.filter(dated).sort((a, b) => a.at - b.at || (a.direction === 'in' ? -1 : 1));
  const threadOf = threadsOf(timeline);

  let ourLastAt: number | null = null;
  const heard: number[] = [];
  const pending: Array<MailEvent & { at: number }> = [];
  const replyMs: number[] = [];
  const intent: MailSummary['intent'] = [];

  for (const e of timeline) {
    if (e.direction === 'in') {
      // Only mail addressed to the user is a message to answer (DESIGN: churn risk).
      if (e.toMe === false) continue;
      heard.push(e.at);
      if (now === undefined || now - e.at < intentWindowDays * DAY) {
        const found = intentOf(e);
        if (found.ids.length) intent.push({ at: e.at, ...(e.messageId !== undefined ? { messageId: e.messageId } : {}), ids: found.ids, quotes: found.quotes });
      }
      pending.push(e);
      continue;
    }
    ourLastAt = e.at;
    const { answered, since } = answeredBy(e, pending, threadOf, me);
    for (let i = pending.length - 1; i >= 0; i--) if (answered.has(pending[i])) pending.splice(i, 1);
    if (since !== null) replyMs.push(e.at - since);
  }
  const inbound = relevant.filter((e) => e.direction === 'in').length;
  return {
    inbound,
    outbound: relevant.length - inbound,
    undated: relevant.length - timeline.length,
    heard,
    ourLastAt,
    replyMs: median(replyMs),
    replySamples: replyMs.length,
    waiting: pending.map((e) => ({ at: e.at, ...(e.messageId !== undefined ? { messageId: e.messageId } : {}) })),
    intent,
  };
}

/** Mailbox signals on a day from a history's summary (mailSummary); definitions in docs/churn.md. */
export function signalsOfSummary(summary: MailSummary, options: SignalOptions): MailboxSignals {
  const { now, timeZone = 'UTC', intentWindowDays = 60, unansweredAfterWorkingDays = 2 } = options;
  const { heard } = summary;
  const theirLastAt = heard.length ? heard[heard.length - 1] : null;
  let inboundLast30 = 0;
  let inboundPrev90 = 0;
  for (const at of heard) {
    const age = now - at;
    if (age < 30 * DAY) inboundLast30++;
    else if (age < 120 * DAY) inboundPrev90++;
  }
  let intentHits = 0;
  const intentIds = new Set<string>();
  const quotes: IntentQuote[] = [];
  const intentMessages: NonNullable<MailboxSignals['intentMessages']> = [];
  for (const m of summary.intent) {
    if (!(now - m.at < intentWindowDays * DAY)) continue;
    intentHits += m.ids.length;
    intentMessages.push({ at: m.at, messageId: m.messageId, ids: [...new Set(m.ids)], quotes: m.quotes });
    for (const id of m.ids) intentIds.add(id);
    quotes.push(...m.quotes);
  }
  const overdue = summary.waiting.filter((e) => workingDaysBetween(e.at, now, timeZone) >= unansweredAfterWorkingDays);
  const med = summary.replyMs;
  return {
    inbound: summary.inbound,
    outbound: summary.outbound,
    undated: summary.undated,
    theirLastAt,
    ourLastAt: summary.ourLastAt,
    daysSinceTheirLast: daysAgo(now, theirLastAt),
    daysSinceOurLast: daysAgo(now, summary.ourLastAt),
    inboundLast30,
    inboundPrev90,
    volumeRatio: inboundPrev90 > 0 ? inboundLast30 / (inboundPrev90 / 3) : null,
    medianReplyHours: med === null ? null : med / 3_600_000,
    replySamples: summary.replySamples,
    unanswered: overdue.length,
    oldestUnansweredDays: overdue.length ? daysAgo(now, Math.min(...overdue.map((e) => e.at))) : null,
    intentHits,
    intentIds: [...intentIds].sort(),
    intentQuotes: newestQuotes(quotes),
    unansweredMessages: overdue.map((e) => ({ at: e.at, messageId: e.messageId })),
    intentMessages,
  };
}

/** Mailbox signals for one contact from its email history; definitions in docs/churn.md. */
export function mailboxSignals(events: readonly MailEvent[], options: SignalOptions): MailboxSignals {
  // Only the window's messages are searched for intent: this summary serves this day only.
  return signalsOfSummary(mailSummary(events, { email: options.email, now: options.now, intentWindowDays: options.intentWindowDays }), options);
}

const idOf = (e: MailEvent) => cleanId(e.internetMessageId ?? e.messageId);

/**
 * Which of their waiting messages (oldest first) one of ours answers, and since when it made them wait.
 * - Its In-Reply-To names one of them: that one and the rest of theirs in the thread are answered, and
 *   the wait runs from the message named, extended back over their earlier waiting messages in the
 *   thread (they wrote A, then B to follow up; our reply to B answers A's wait).
 * - Else, when it is addressed to them (To, or recipients unknown): those it names in References or
 *   that share its thread are answered, untimed; with no reply headers at all (the Gmail thread view),
 *   timed from the earliest, and with no thread information either, every waiting message is answered.
 * - Else (they are only in Cc or Bcc of our reply to someone else): none.
 */
function answeredBy(
  out: MailEvent,
  pending: ReadonlyArray<MailEvent & { at: number }>,
  threadOf: (e: MailEvent) => string | undefined,
  me: string | undefined,
): { answered: Set<MailEvent>; since: number | null } {
  const named = cleanId(out.inReplyTo);
  const refs = new Set([named, ...(out.references ?? []).map(cleanId)].filter(Boolean));
  const inThread = (e: MailEvent, thread: string | undefined) => thread !== undefined && threadOf(e) === thread;
  const target = named ? pending.find((p) => idOf(p) === named) : undefined;
  if (target) {
    const thread = threadOf(target);
    const answered = new Set(pending.filter((p) => p === target || inThread(p, thread)));
    const since = Math.min(...pending.filter((p) => answered.has(p) && p.at <= target.at).map((p) => p.at));
    return { answered, since };
  }
  const addressed = !me || out.to === undefined || out.to.some((a) => a.toLowerCase() === me);
  if (!addressed) return { answered: new Set(), since: null };
  const thread = threadOf(out);
  const headers = out.replyHeaders || refs.size > 0;
  // Without any thread information, any later message from us counts as the answer.
  const all = !headers && !out.threadId?.trim();
  const answered = new Set(pending.filter((p) => all || refs.has(idOf(p)) || inThread(p, thread)));
  const since = headers || answered.size === 0 ? null : Math.min(...[...answered].map((p) => p.at));
  return { answered, since };
}

/** Links messages into threads through their thread ids, Message-IDs, In-Reply-To and References (union–find). */
function threadsOf(events: readonly MailEvent[]): (e: MailEvent) => string | undefined {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression keeps later look-ups short.
    while (x !== root) {
      const next = parent.get(x)!;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  const keysOf = (e: MailEvent) => [e.threadId?.trim() ?? '', idOf(e), cleanId(e.inReplyTo), ...(e.references ?? []).map(cleanId)].filter(Boolean);
  for (const e of events) {
    const keys = keysOf(e);
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [find(keys[0]), find(keys[i])];
      if (a !== b) parent.set(b, a);
    }
  }
  const memo = new Map<MailEvent, string | undefined>();
  return (e) => {
    if (!memo.has(e)) {
      const [key] = keysOf(e);
      memo.set(e, key === undefined ? undefined : find(key));
    }
    return memo.get(e);
  };
}

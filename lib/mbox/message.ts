import { parseAddressList, type Address } from './addresses';
import { bodyText, ownWords, type PartlyRead } from './body';
import { parseMailDate, receivedDate } from './date';
import { decodeEncodedWords } from './encoded-words';
import { headerEnd, headerValue, parseHeaders } from './headers';

/** One message of a mailbox, with what the CRM needs and nothing more. */
export interface MailMessage {
  /** Without angle brackets; null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Gmail's thread id (X-GM-THRID) when present, else the first of References, In-Reply-To or the Message-ID. */
  threadId: string | null;
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** Kept in the sent copy of the user's own mail; rarely present on mail received. */
  bcc: Address[];
  subject: string;
  /**
   * Epoch ms of the Date header; when it is missing or unreadable, of the last (first added) Received
   * header, and then (set by readMbox) of the mbox From_ line; null when none of them is readable.
   */
  date: number | null;
  /** Sent through a mailing list or in bulk: List-Id or List-Post, or Precedence list, bulk or junk. */
  list: boolean;
  /** The start of the sender's own words (quoted text left out), at most 2,000 characters. */
  snippet: string;
  /** Gmail labels (X-Gmail-Labels), if any. */
  labels: string[];
  /** Size of the raw message in bytes. */
  size: number;
  /** Gmail's message id in hex as the Gmail web page shows it (Google Takeout only; set by readMbox from the From_ line). */
  gmailMessageId?: string;
  /** Set by readMbox: an earlier message of the file has the same Message-ID but another date or sender (a reused id, not a copy). */
  idReused?: boolean;
  /** Why only part of the text was read (the snippet may miss something); absent when it was read whole. */
  partlyRead?: PartlyRead;
}

const ids = (value: string | undefined) => (value ? [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]) : []);
const firstId = (value: string | undefined) => ids(value)[0] ?? (value?.trim().replace(/^<|>$/g, '') || null);

/** Parses one raw RFC 5322 message (bytes, as in an mbox entry after its From_ line); `truncated`: its end was dropped. */
export function parseMessage(raw: Uint8Array, truncated = false): MailMessage {
  const split = headerEnd(raw);
  const headers = parseHeaders(raw, 0, split);
  const get = (name: string) => headerValue(headers, name);
  const messageId = firstId(get('message-id'));
  const references = ids(get('references'));
  const inReplyTo = ids(get('in-reply-to'))[0] ?? null;
  const body = bodyText(headers, raw.subarray(split), truncated);
  return {
    messageId,
    inReplyTo,
    references,
    threadId: get('x-gm-thrid')?.trim() || references[0] || inReplyTo || messageId,
    from: parseAddressList(get('from'))[0] ?? null,
    to: (headers.get('to') ?? []).flatMap(parseAddressList),
    cc: (headers.get('cc') ?? []).flatMap(parseAddressList),
    bcc: (headers.get('bcc') ?? []).flatMap(parseAddressList),
    subject: decodeEncodedWords(get('subject') ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
    date: parseMailDate(get('date')) ?? lastReceivedDate(headers.get('received')),
    list: headers.has('list-id') || headers.has('list-post') || /^\s*(?:list|bulk|junk)\b/i.test(get('precedence') ?? ''),
    snippet: ownWords(body.text),
    labels: (get('x-gmail-labels') ?? '')
      .split(',')
      .map((l) => decodeEncodedWords(l.trim()))
      .filter(Boolean),
    size: raw.length,
    ...(body.partlyRead ? { partlyRead: body.partlyRead } : {}),
  };
}

// Each relay adds its Received header on top: the last one is the first relay's, nearest to the sending.
function lastReceivedDate(received: string[] | undefined): number | null {
  for (let i = (received?.length ?? 0) - 1; i >= 0; i--) {
    const at = receivedDate(received![i]);
    if (at !== null) return at;
  }
  return null;
}

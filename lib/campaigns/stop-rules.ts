import { addressOf } from '../gmail-api/address';
import { fromBase64Url } from '../gmail-api/encoding';
import type { GmailThread, MessagePart, ThreadMessage } from '../gmail-api/schemas';

export type StopReason = 'replied' | 'bounced' | 'unsubscribed';

export interface OurSide {
  /** The recipient's address (lower-cased). */
  recipient: string;
  /** The sending account's address. */
  self: string;
  /** Message-IDs Kizuna sent in this thread. */
  messageIds: readonly string[];
  /** Gmail ids of Kizuna's messages in this thread, when known. */
  gmailIds: readonly string[];
}

const UNSUBSCRIBE_WORDS = [
  /\b(unsubscribe|opt[\s-]?out|remove me|take me off)\b/i,
  /\bstop (e-?mailing|sending|contacting|writing)\b/i,
  /配信停止|配信解除|登録解除|購読解除|配信不要|送らないで|送信しないで|メールは不要/,
];

/**
 * Whether a follow-up must stop, from the thread: someone answered after our first message
 * (replied), a delivery-failure report arrived (bounced), or the answer asks to unsubscribe.
 */
export function detectStop(thread: GmailThread, ours: OurSide): StopReason | undefined {
  const messages = thread.messages;
  const start = messages.findIndex((m) => isOurs(m, ours));
  let reason: StopReason | undefined;
  for (const m of messages.slice(start + 1)) {
    if (isOurs(m, ours) || m.labelIds?.includes('SENT')) continue;
    const from = addressOf(header(m, 'from') ?? '');
    if (from === ours.self.toLowerCase()) continue;
    if (isBounce(m)) reason = reason === 'unsubscribed' ? reason : 'bounced';
    else if (asksToUnsubscribe(`${header(m, 'subject') ?? ''}\n${newText(m)}`)) return 'unsubscribed';
    else reason ??= 'replied';
  }
  return reason;
}

/** Whether text (a reply's own words, quotes removed) asks to stop receiving mail, in English or Japanese. */
export function asksToUnsubscribe(text: string): boolean {
  return UNSUBSCRIBE_WORDS.some((re) => re.test(text));
}

/** Whether a message is a delivery-failure report (mailer-daemon/postmaster, or multipart/report; delivery-status). */
export function isBounce(m: ThreadMessage): boolean {
  const local = addressOf(header(m, 'from') ?? '').split('@')[0] ?? '';
  if (local === 'mailer-daemon' || local === 'postmaster') return true;
  if (header(m, 'x-failed-recipients')) return true;
  const type = `${m.payload?.mimeType ?? ''}; ${header(m, 'content-type') ?? ''}`.toLowerCase();
  return type.includes('multipart/report') && type.includes('delivery-status');
}

function isOurs(m: ThreadMessage, ours: OurSide): boolean {
  if (ours.gmailIds.includes(m.id)) return true;
  const id = header(m, 'message-id');
  return id !== undefined && ours.messageIds.includes(id.trim());
}

function header(m: ThreadMessage, name: string): string | undefined {
  return m.payload?.headers?.find((h) => h.name.toLowerCase() === name)?.value;
}

/** The reply's own text: plain-text parts (or the snippet), cut at the quoted original. */
function newText(m: ThreadMessage): string {
  const parts: string[] = [];
  collectText(m.payload, parts, 0);
  const text = (parts.join('\n') || m.snippet || '').slice(0, 20_000);
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (QUOTE_HEADERS.some((re) => re.test(line.trim()))) break;
    if (!line.startsWith('>')) kept.push(line);
  }
  return kept.join('\n');
}

// Where mail clients begin the quoted original ("On … wrote:", Outlook's separator, Gmail's Japanese "… <a@b>:").
const QUOTE_HEADERS = [/wrote:$/i, /^-+\s*original message/i, /^_{5,}$/, /^from:\s/i, /<[^<>\s]+@[^<>\s]+>\s*[:：]$/];

function collectText(part: MessagePart | undefined, out: string[], depth: number): void {
  if (!part || depth > 10) return;
  if (part.mimeType === 'text/plain' && part.body?.data) {
    try {
      out.push(fromBase64Url(part.body.data));
    } catch {
      // An undecodable part is skipped; the snippet still stands in.
    }
  }
  for (const child of part.parts ?? []) collectText(child, out, depth + 1);
}

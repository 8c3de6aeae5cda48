import { envelopeDate } from './date';
import { parseMessage, type MailMessage } from './message';
import { splitMbox, type ByteSource } from './split';

export interface MboxProgress {
  bytesRead: number;
  messages: number;
  /** Messages skipped as copies of one read before (same Message-ID, date and sender). */
  duplicates: number;
}

export interface ReadMboxOptions {
  signal?: AbortSignal;
  /** Called after each chunk read, and once more at the end with the final counts. */
  onProgress?: (progress: MboxProgress) => void;
  maxMessageBytes?: number;
}

/**
 * Streams the messages of an mbox (mboxrd), parsed; copies of one message (same Message-ID, date and
 * sender) are yielded once, and threads are linked through Message-ID, In-Reply-To and References.
 * Throws NotMboxError before yielding anything for a non-mbox file.
 */
export async function* readMbox(source: ByteSource, options: ReadMboxOptions = {}): AsyncGenerator<MailMessage> {
  /** Per Message-ID, the date-and-sender fingerprints of the messages read with it. */
  const seen = new Map<string, string | string[]>();
  const threads = new ThreadLinker();
  const progress: MboxProgress = { bytesRead: 0, messages: 0, duplicates: 0 };
  const onBytes = (bytesRead: number) => {
    progress.bytesRead = bytesRead;
    options.onProgress?.({ ...progress });
  };
  let envelope = '';
  const onEnvelope = (line: string) => (envelope = line);
  for await (const raw of splitMbox(source, { signal: options.signal, onBytes, maxMessageBytes: options.maxMessageBytes, onEnvelope })) {
    const message = parseMessage(raw);
    const gmailId = gmailMessageIdOf(envelope);
    if (gmailId) message.gmailMessageId = gmailId;
    if (message.date === null) message.date = envelopeDate(envelope);
    // Messages without a Message-ID cannot be told apart from copies, so each one is kept.
    if (message.messageId) {
      const print = fingerprint(message);
      const before = seen.get(message.messageId);
      if (before === undefined) seen.set(message.messageId, print);
      else if (before === print || (Array.isArray(before) && before.includes(print))) {
        progress.duplicates++;
        continue;
      } else {
        // Another message under an id already used (broken mailers reuse them): kept, keyed apart.
        message.idReused = true;
        seen.set(message.messageId, [...(Array.isArray(before) ? before : [before]), print]);
      }
    }
    threads.link(message);
    progress.messages++;
    yield message;
  }
  // The last messages come after the last chunk's report: report the final counts once more.
  options.onProgress?.({ ...progress });
}

/** What tells two messages under one Message-ID apart: their date and sender. */
export function fingerprint(m: Pick<MailMessage, 'date' | 'from'>): string {
  return `${m.date ?? ''} ${m.from?.address ?? ''}`;
}

/**
 * Gives the messages of one conversation one thread id, as read: Gmail's X-GM-THRID when present,
 * else the thread of any message it names (References, In-Reply-To) or that named it, else its own
 * first reference or id. So a reply whose References lost the root still joins its parent's thread.
 */
class ThreadLinker {
  private readonly threadOf = new Map<string, string>();

  link(m: MailMessage): void {
    if (m.threadId === null || /^\d+$/.test(m.threadId)) return;
    const ids = [...m.references, ...(m.inReplyTo ? [m.inReplyTo] : []), ...(m.messageId ? [m.messageId] : [])];
    let thread: string | undefined;
    for (const id of ids) if ((thread = this.threadOf.get(id)) !== undefined) break;
    m.threadId = thread ?? m.threadId;
    for (const id of ids) if (!this.threadOf.has(id)) this.threadOf.set(id, m.threadId);
  }
}

/**
 * Gmail's own message id, in the hex form the Gmail web page uses, from a Google Takeout From_ line
 * ("From 1790000000000000001@xxx Mon Jan 01 …": the decimal X-GM-MSGID); null for other mailboxes.
 */
export function gmailMessageIdOf(envelope: string): string | null {
  const m = /^(\d{1,20})@xxx\s/.exec(envelope);
  return m ? BigInt(m[1]).toString(16) : null;
}

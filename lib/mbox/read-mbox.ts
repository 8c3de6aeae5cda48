import { parseMessage, type MailMessage } from './message';
import { splitMbox, type ByteSource } from './split';

export interface MboxProgress {
  bytesRead: number;
  messages: number;
  /** Messages skipped because their Message-ID was seen before. */
  duplicates: number;
}

export interface ReadMboxOptions {
  signal?: AbortSignal;
  /** Called after each chunk read, and once more at the end with the final counts. */
  onProgress?: (progress: MboxProgress) => void;
  maxMessageBytes?: number;
}

/** Streams the messages of an mbox (mboxrd), parsed and de-duplicated by Message-ID; throws NotMboxError before yielding anything for a non-mbox file. */
export async function* readMbox(source: ByteSource, options: ReadMboxOptions = {}): AsyncGenerator<MailMessage> {
  const seen = new Set<string>();
  const progress: MboxProgress = { bytesRead: 0, messages: 0, duplicates: 0 };
  const onBytes = (bytesRead: number) => {
    progress.bytesRead = bytesRead;
    options.onProgress?.({ ...progress });
  };
  let envelope = '';
  const onEnvelope = (line: string) => (envelope = line);
  let truncated = false;
  const onTruncated = () => (truncated = true);
  for await (const raw of splitMbox(source, { signal: options.signal, onBytes, maxMessageBytes: options.maxMessageBytes, onEnvelope, onTruncated })) {
    const message = parseMessage(raw, truncated);
    truncated = false;
    const gmailId = gmailMessageIdOf(envelope);
    if (gmailId) message.gmailMessageId = gmailId;
    // Messages without a Message-ID cannot be told apart from copies, so each one is kept.
    if (message.messageId) {
      if (seen.has(message.messageId)) {
        progress.duplicates++;
        continue;
      }
      seen.add(message.messageId);
    }
    progress.messages++;
    yield message;
  }
  // The last messages come after the last chunk's report: report the final counts once more.
  options.onProgress?.({ ...progress });
}

/**
 * Gmail's own message id, in the hex form the Gmail web page uses, from a Google Takeout From_ line
 * ("From 1790000000000000001@xxx Mon Jan 01 …": the decimal X-GM-MSGID); null for other mailboxes.
 */
export function gmailMessageIdOf(envelope: string): string | null {
  const m = /^(\d{1,20})@xxx\s/.exec(envelope);
  return m ? BigInt(m[1]).toString(16) : null;
}

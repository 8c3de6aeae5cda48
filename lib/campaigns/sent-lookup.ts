import type { GmailClient } from '../gmail-api/client';
import { GmailApiError } from '../gmail-api/errors';
import type { GmailThread, MessageRef } from '../gmail-api/schemas';

/**
 * When a send whose outcome is unknown (a lost answer, a 5xx, a worker stopped mid-send) is looked
 * up, in ms after its attempt. Gmail's search may not show a just-sent message yet, so only a miss
 * at the last look-up lets it be sent again (with the same Message-ID). See docs/campaigns.md.
 */
export const UNKNOWN_OUTCOME_LOOKUPS_MS: readonly number[] = [15_000, 2 * 60_000, 10 * 60_000];

/**
 * Finds our message by its Message-ID: Gmail search (`rfc822msgid:`), then, for a follow-up, a read
 * of its thread, which does not go through the search index.
 */
export async function lookupSent(gmail: GmailClient, messageId: string, threadId?: string): Promise<MessageRef | undefined> {
  const bare = bareId(messageId);
  const [found] = await gmail.list(`rfc822msgid:${bare}`, 5);
  if (found || !threadId) return found;
  let thread: GmailThread;
  try {
    thread = await gmail.getThread(threadId, 'metadata');
  } catch (error) {
    // A thread the user deleted answers 404: then the search's answer stands.
    if (error instanceof GmailApiError && error.kind === 'client') return undefined;
    throw error;
  }
  const ours = thread.messages.find((m) => {
    const header = m.payload?.headers?.find((h) => h.name.toLowerCase() === 'message-id');
    return header !== undefined && bareId(header.value) === bare;
  });
  return ours && { id: ours.id, threadId: ours.threadId };
}

/** The next look-up after `now` for an attempt made at `attemptAt`; undefined once the window is over. */
export function nextLookupAt(attemptAt: number, now: number, lookupsMs: readonly number[]): number | undefined {
  for (const after of lookupsMs) if (attemptAt + after > now) return attemptAt + after;
  return undefined;
}

function bareId(messageId: string): string {
  return messageId.trim().replace(/^<|>$/g, '');
}

import type { GmailClient } from '../gmail-api/client';
import type { KizunaDb } from '../db/schema';
import type { Activity } from '../db/types';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { markFromMail } from '../team/outbox';
import type { Recipient } from './types';

type NewActivity = Omit<Activity, 'id'>;
const header = (m: { payload?: { headers?: { name: string; value: string }[] } }, name: string) => m.payload?.headers?.find((h) => h.name.toLowerCase() === name)?.value;

/**
 * A committed send in the contact's history: a 'send' activity (Gmail's message id, thread, subject)
 * and lastOutboundAt. Runs inside the store's 'sent' transaction (DexieStoreHooks), so it happens exactly once.
 * Nothing is written for a contact deleted since the campaign started (the recipient row keeps the send).
 */
export async function recordSend(db: KizunaDb, r: Recipient): Promise<void> {
  const contacts = contactStoreOf(db);
  const contact = await contacts.get(r.contactId);
  if (!contact) return;
  const campaign = await db.campaigns.get(r.campaignId);
  const subject = r.step > 0 && r.threadSubject ? `Re: ${r.threadSubject}` : (r.threadSubject ?? campaign?.name ?? '');
  const at = r.sentAt ?? Date.now();
  // Keyed by Gmail's message id (unique), like the history the sidebar records from Gmail.
  if (r.gmailMessageId && (await activityStoreOf(db).byMessageIds([r.gmailMessageId])).length) return;
  const row: NewActivity = {
    kind: 'send',
    contactIds: [r.contactId],
    at,
    direction: 'out',
    ...(r.gmailMessageId ? { messageId: r.gmailMessageId } : {}),
    ...(r.threadId ? { threadId: r.threadId } : {}),
    subject,
    snippet: `${campaign?.name ?? ''} · ${r.step + 1}`,
    flags: [`campaign:${r.campaignId}`, `step:${r.step + 1}`],
  };
  await activityStoreOf(db).add(row);
  // A send is mail, not an edit: allowed in a read-only team copy, kept local there.
  markFromMail();
  if ((contact.lastOutboundAt ?? 0) < at) await contacts.update(r.contactId, { lastOutboundAt: at });
}

/**
 * A stop rule in the contact's history ('send' activity flagged `stopped:<reason>`). An unsubscribe sets
 * the contact's doNotContact — Kizuna's one "never mail again" flag, which preflight and every send check.
 * Runs inside the store's 'skipped' transaction; writes nothing for a contact deleted since.
 */
export async function recordStop(db: KizunaDb, r: Recipient): Promise<void> {
  const contacts = contactStoreOf(db);
  if (!(await contacts.get(r.contactId))) return;
  const now = Date.now();
  await activityStoreOf(db).add({
    kind: 'send',
    contactIds: [r.contactId],
    at: now,
    ...(r.threadId ? { threadId: r.threadId } : {}),
    subject: r.threadSubject ?? '',
    flags: [`campaign:${r.campaignId}`, `stopped:${r.reason}`],
  });
  markFromMail();
  if (r.reason === 'unsubscribed') await contacts.update(r.contactId, { doNotContact: 1, updatedAt: now });
}

/** After a 'replied' stop: copies the thread's replies into history as inbound emails (Gmail's ids), best effort; none for a contact deleted since. */
export async function copyReplies(db: KizunaDb, gmail: GmailClient, self: string, r: Recipient): Promise<void> {
  if (!r.threadId) return;
  const thread = await gmail.getThread(r.threadId, 'metadata');
  const replies: NewActivity[] = [];
  for (const m of thread.messages) {
    const from = (header(m, 'from') ?? '').toLowerCase();
    if (!from || from.includes(self.toLowerCase()) || m.labelIds?.includes('SENT')) continue;
    replies.push({
      kind: 'email',
      contactIds: [r.contactId],
      at: Number(m.internalDate ?? Date.now()),
      messageId: m.id,
      threadId: m.threadId,
      direction: 'in',
      from: /<([^>]+)>/.exec(from)?.[1] ?? from.trim(),
      subject: header(m, 'subject') ?? '',
      snippet: (m.snippet ?? '').slice(0, 200),
    });
  }
  if (!replies.length) return;
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  await db.transaction('rw', [...contacts.tables, ...history.tables], async (tx) => {
    markFromMail(tx);
    // Checked in the transaction that writes: a contact deleted while Gmail answered gets no history row.
    const contact = await contacts.get(r.contactId);
    if (!contact) return;
    const known = new Set((await history.byMessageIds(replies.map((a) => a.messageId!))).map((a) => a.messageId));
    const fresh = replies.filter((a) => !known.has(a.messageId));
    if (!fresh.length) return;
    await history.addMany(fresh);
    const lastIn = Math.max(...fresh.map((a) => a.at));
    if (lastIn > (contact.lastInboundAt ?? 0)) await contacts.update(r.contactId, { lastInboundAt: lastIn });
  });
}

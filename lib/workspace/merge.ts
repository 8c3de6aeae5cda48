import type { Recipient } from '../campaigns/types';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { alertsOfContacts } from '../churn/alert-store';
import type { KizunaDb } from '../db/schema';
import { planMerge, planUnmerge, type MergeUndo } from '../duplicates/merge';

/** Undo refused: the merged contact was edited after the merge. */
export class MergeChangedError extends Error {
  override readonly name = 'MergeChangedError';
}

/** A merge refused before writing anything: too few contacts, or one of them is gone. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
  constructor(
    readonly code: 'too-few' | 'missing',
    message: string,
  ) {
    super(message);
  }
}

/** What undoing one merge needs: planMerge's undo record plus the alerts and campaign recipients moved to the primary. */
export interface MergeRecord {
  primaryId: number;
  undo: MergeUndo;
  alerts: { id: number; contactId: number }[];
  /** Campaign recipients that pointed at a merged-away contact, as they were. */
  recipients: { id: string; contactId: number }[];
  /** Recipients skipped because the merged contact is do-not-contact, whole, as they were. */
  skipped: Recipient[];
  /** The merged contact's updatedAt, to notice an edit made after the merge. */
  mergedAt: number;
  /** The merged contact's tags right after the merge: a bulk tag since changes them without touching updatedAt. */
  mergedTags: number[];
}

/**
 * Merges `otherIds` into `primaryId` in one transaction: the merged contact, activities, alerts and
 * campaign recipients moved (so a follow-up still due goes out, and a reply or unsubscribe lands on
 * the merged contact), the others deleted. When the merged contact is do-not-contact, every message
 * still to be sent to any of them is skipped at once.
 */
export async function mergeContacts(db: KizunaDb, primaryId: number, otherIds: number[], now = Date.now()): Promise<MergeRecord> {
  const others = otherIds.filter((id) => id !== primaryId);
  if (others.length === 0) throw new MergeError('too-few', 'Choose at least two contacts to merge.');
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  return db.transaction('rw', [...contacts.tables, ...history.tables, db.alerts, db.campaignRecipients], async () => {
    const [primary, ...rest] = await contacts.getMany([primaryId, ...others]);
    if (!primary || rest.some((c) => !c)) throw new MergeError('missing', 'A contact to merge no longer exists.');
    const activities = await history.ofContacts(others);
    const unique = [...new Map(activities.map((a) => [a.id, { id: a.id, contactIds: a.contactIds }])).values()];
    const plan = planMerge(primary, rest as NonNullable<(typeof rest)[number]>[], unique, now);
    const alerts = await alertsOfContacts(db, others).toArray();
    const linked = await db.campaignRecipients
      .where('contactId')
      .anyOf([primaryId, ...others])
      .toArray();
    const recipients = linked.filter((r) => r.contactId !== primaryId);
    // The sender checks the contact again before every send; skipping here also clears what the
    // campaign page shows as still to go. Retries are left to that check: their last attempt may
    // have reached Gmail, which only a look-up in Sent can tell.
    const skipped = plan.merged.doNotContact === 1 ? linked.filter(stillToSend) : [];
    await contacts.delete(plan.deleteIds);
    await contacts.put([plan.merged]);
    await contacts.setTags(new Map([[primaryId, plan.merged.tags]]));
    await history.update(plan.activityUpdates.map((a) => ({ id: a.id, patch: { contactIds: a.contactIds } })));
    await Promise.all(alerts.map((a) => db.alerts.update(a.id, { contactId: primaryId })));
    await db.campaignRecipients.bulkUpdate(recipients.map((r) => ({ key: r.id, changes: { contactId: primaryId } })));
    await db.campaignRecipients.bulkPut(skipped.map((r) => skippedForOptOut(r, primaryId, now)));
    return {
      primaryId,
      undo: plan.undo,
      alerts: alerts.map((a) => ({ id: a.id, contactId: a.contactId })),
      recipients: recipients.map((r) => ({ id: r.id, contactId: r.contactId })),
      skipped,
      mergedAt: now,
      mergedTags: [...plan.merged.tags].sort((a, b) => a - b),
    };
  });
}

/**
 * Puts back every contact, activity link, alert and campaign recipient as it was before the merge, in one transaction.
 * Refuses (writing nothing) when the merged contact was edited since, as undo would lose the edit.
 */
export async function unmergeContacts(db: KizunaDb, record: MergeRecord): Promise<void> {
  const { putContacts, activityUpdates } = planUnmerge(record.undo);
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  await db.transaction('rw', [...contacts.tables, ...history.tables, db.alerts, db.campaignRecipients, db.campaigns], async () => {
    const merged = await contacts.get(record.primaryId);
    const retagged = merged !== undefined && [...merged.tags].sort((a, b) => a - b).join() !== record.mergedTags.join();
    if (merged && (merged.updatedAt !== record.mergedAt || retagged)) throw new MergeChangedError('The merged contact was changed after the merge, so it cannot be undone.');
    await contacts.restore(putContacts);
    await history.update(activityUpdates.map((a) => ({ id: a.id, patch: { contactIds: a.contactIds } })));
    await Promise.all(record.alerts.map((a) => db.alerts.update(a.id, { contactId: a.contactId })));
    await db.campaignRecipients.bulkUpdate(record.recipients.map((r) => ({ key: r.id, changes: { contactId: r.contactId } })));
    await db.campaignRecipients.bulkPut(await unskippable(db, record));
  });
}

/** Queued, or sent with a follow-up due: a message not yet sent that nothing else will stop. */
function stillToSend(r: Recipient): boolean {
  return r.state === 'queued' || (r.state === 'sent' && r.nextAttemptAt !== undefined);
}

function skippedForOptOut(r: Recipient, contactId: number, now: number): Recipient {
  const { nextAttemptAt: _due, ...rest } = r;
  return { ...rest, contactId, state: 'skipped', reason: 'do-not-contact', updatedAt: now };
}

/** The merge's skips that undo can put back: still as the merge left them, in a campaign not yet done (a done one sends nothing more). */
async function unskippable(db: KizunaDb, record: MergeRecord): Promise<Recipient[]> {
  if (record.skipped.length === 0) return [];
  const now = await db.campaignRecipients.bulkGet(record.skipped.map((r) => r.id));
  const campaigns = await db.campaigns.bulkGet([...new Set(record.skipped.map((r) => r.campaignId))]);
  const done = new Set(campaigns.filter((c) => c?.status === 'done').map((c) => c!.id));
  return record.skipped.filter((r, i) => {
    const row = now[i];
    return row?.state === 'skipped' && row.reason === 'do-not-contact' && row.updatedAt === record.mergedAt && !done.has(r.campaignId);
  });
}

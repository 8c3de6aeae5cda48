import type { KizunaDb } from '../db/schema';
import { planMerge, planUnmerge, type MergeUndo } from '../duplicates/merge';

/** Undo refused: the merged contact was edited after the merge. */
export class MergeChangedError extends Error {
  override readonly name = 'MergeChangedError';
}

/** A merge refused before writing anything: too few contacts, or one of them is gone. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
  constructor(readonly code: 'too-few' | 'missing', message: string) {
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
  /** The merged contact's updatedAt, to notice an edit made after the merge. */
  mergedAt: number;
  /** The merged contact's tags right after the merge: a bulk tag since changes them without touching updatedAt. */
  mergedTags: number[];
}

/**
 * Merges `otherIds` into `primaryId` in one transaction: the merged contact, activities, alerts and
 * campaign recipients moved (so a follow-up still due goes out, and a reply or unsubscribe lands on
 * the merged contact), the others deleted.
 */
export async function mergeContacts(db: KizunaDb, primaryId: number, otherIds: number[], now = Date.now()): Promise<MergeRecord> {
  const others = otherIds.filter((id) => id !== primaryId);
  if (others.length === 0) throw new MergeError('too-few', 'Choose at least two contacts to merge.');
  return db.transaction('rw', [db.contacts, db.activities, db.alerts, db.campaignRecipients], async () => {
    const [primary, ...rest] = await db.contacts.bulkGet([primaryId, ...others]);
    if (!primary || rest.some((c) => !c)) throw new MergeError('missing', 'A contact to merge no longer exists.');
    const activities = await db.activities.where('contactIds').anyOf(others).toArray();
    const unique = [...new Map(activities.map((a) => [a.id, { id: a.id, contactIds: a.contactIds }])).values()];
    const plan = planMerge(primary, rest as NonNullable<(typeof rest)[number]>[], unique, now);
    const alerts = await db.alerts.where('contactId').anyOf(others).toArray();
    const recipients = await db.campaignRecipients.where('contactId').anyOf(others).toArray();
    await db.contacts.bulkDelete(plan.deleteIds);
    await db.contacts.put(plan.merged);
    await Promise.all(plan.activityUpdates.map((a) => db.activities.update(a.id, { contactIds: a.contactIds })));
    await Promise.all(alerts.map((a) => db.alerts.update(a.id, { contactId: primaryId })));
    await db.campaignRecipients.bulkUpdate(recipients.map((r) => ({ key: r.id, changes: { contactId: primaryId } })));
    return {
      primaryId,
      undo: plan.undo,
      alerts: alerts.map((a) => ({ id: a.id, contactId: a.contactId })),
      recipients: recipients.map((r) => ({ id: r.id, contactId: r.contactId })),
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
  await db.transaction('rw', [db.contacts, db.activities, db.alerts, db.campaignRecipients], async () => {
    const merged = await db.contacts.get(record.primaryId);
    const retagged = merged !== undefined && [...merged.tags].sort((a, b) => a - b).join() !== record.mergedTags.join();
    if (merged && (merged.updatedAt !== record.mergedAt || retagged)) throw new MergeChangedError('The merged contact was changed after the merge, so it cannot be undone.');
    await db.contacts.bulkPut(putContacts);
    await Promise.all(activityUpdates.map((a) => db.activities.update(a.id, { contactIds: a.contactIds })));
    await Promise.all(record.alerts.map((a) => db.alerts.update(a.id, { contactId: a.contactId })));
    await db.campaignRecipients.bulkUpdate(record.recipients.map((r) => ({ key: r.id, changes: { contactId: r.contactId } })));
  });
}

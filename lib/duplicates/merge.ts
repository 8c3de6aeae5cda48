import type { Activity, Contact } from '../db/types';

export type ActivityLink = Pick<Activity, 'id' | 'contactIds'>;

/** Everything needed to put the contacts and activities back exactly as they were before a merge. */
export interface MergeUndo {
  /** Deep copies of the primary and the merged-away contacts, as stored before the merge. */
  contacts: Contact[];
  /** The activities that were re-assigned, with their original contact ids. */
  activities: ActivityLink[];
}

export interface MergePlan {
  merged: Contact;
  /** Contacts to delete (the others). */
  deleteIds: number[];
  /** New contactIds for each activity that referenced an other contact. */
  activityUpdates: ActivityLink[];
  undo: MergeUndo;
}

// churnedAt is not filled: it belongs with the primary's own stage.
const FILLABLE = ['name', 'companyId', 'owner'] as const;

function blank(value: unknown): boolean {
  return value === undefined || value === '';
}

function minDefined(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}

function maxDefined(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? Math.max(...defined) : undefined;
}

/** Merges others into primary (every tag, filled fields, moved activities) with an undo record of the originals. */
export function planMerge(primary: Contact, others: Contact[], activities: ActivityLink[], now: number): MergePlan {
  const all = [primary, ...others];
  const otherIds = new Set(others.map((o) => o.id));
  const merged: Contact = structuredClone(primary);
  for (const other of others) {
    for (const key of FILLABLE) {
      if (blank(merged[key]) && !blank(other[key])) (merged as unknown as Record<string, unknown>)[key] = other[key];
    }
    for (const [key, value] of Object.entries(other.custom)) {
      if (blank(merged.custom[key]) && !blank(value)) merged.custom[key] = value;
    }
  }
  merged.tags = [...new Set(all.flatMap((c) => c.tags))];
  merged.createdAt = Math.min(...all.map((c) => c.createdAt));
  merged.doNotContact = all.some((c) => c.doNotContact === 1) ? 1 : 0;
  merged.updatedAt = now;
  const inbound = maxDefined(all.map((c) => c.lastInboundAt));
  const outbound = maxDefined(all.map((c) => c.lastOutboundAt));
  if (inbound !== undefined) merged.lastInboundAt = inbound;
  if (outbound !== undefined) merged.lastOutboundAt = outbound;
  // Someone who was a customer under any address has been one since the earliest date.
  const since = minDefined(all.map((c) => c.customerSince));
  if (since !== undefined) merged.customerSince = since;

  const touched = activities.filter((a) => a.contactIds.some((id) => otherIds.has(id)));
  const activityUpdates = touched.map((a) => ({
    id: a.id,
    contactIds: [...new Set(a.contactIds.map((id) => (otherIds.has(id) ? primary.id : id)))],
  }));
  return {
    merged,
    deleteIds: others.map((o) => o.id),
    activityUpdates,
    undo: {
      contacts: all.map((c) => structuredClone(c)),
      activities: touched.map((a) => ({ id: a.id, contactIds: [...a.contactIds] })),
    },
  };
}

/** The writes that undo a merge: put back every original contact, and restore each activity's contact ids. */
export function planUnmerge(undo: MergeUndo): { putContacts: Contact[]; activityUpdates: ActivityLink[] } {
  return {
    putContacts: undo.contacts.map((c) => structuredClone(c)),
    activityUpdates: undo.activities.map((a) => ({ id: a.id, contactIds: [...a.contactIds] })),
  };
}

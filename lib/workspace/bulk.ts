import type { KizunaDb } from '../db/schema';
import { STAGES, type Activity, type Alert, type Contact, type Stage, type Tag } from '../db/types';
import { stageDates } from '../contacts/profile';
import { cleanTagName } from '../contacts/tags';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { alertsOfContacts } from '../churn/alert-store';

/** One change applied to many contacts at once. */
export type BulkAction =
  | { kind: 'addTags'; tagIds: number[] }
  | { kind: 'removeTags'; tagIds: number[] }
  | { kind: 'setStage'; stage: Stage }
  | { kind: 'setOwner'; owner: string }
  | { kind: 'setDoNotContact'; value: boolean }
  | { kind: 'delete' };

/** The actions that rewrite contact rows (tag actions write tag membership instead: `changeTagMembership`). */
export type RowAction = Exclude<BulkAction, { kind: 'addTags' | 'removeTags' }>;

/** What one chunk of a bulk action writes: the rows before and after, and the stage history to add. */
export interface BulkPlan {
  /** Copies of the rows as they were, only those that change. */
  before: Contact[];
  /** The rows as they will be (same order as `before`); empty for a delete. */
  after: Contact[];
  /** Stage changes to record (one per contact whose stage changes), as `updateProfile` records them. */
  stageActivities: Omit<Activity, 'id'>[];
  /** Contacts to delete (ids), for a delete. */
  deleteIds: number[];
  /** For a tag action: per tag, the contacts added to it (addTags) or taken out of it (removeTags). */
  tagChanges: TagChange[];
}

/** The contacts one tag action changed for one tag. */
export interface TagChange {
  tagId: number;
  /** Ascending. */
  ids: number[];
}

export function validateAction(action: BulkAction): void {
  if (action.kind === 'setStage' && !STAGES.includes(action.stage)) throw new Error(`unknown stage: ${action.stage}`);
  if (action.kind === 'setOwner' && action.owner.length > 320) throw new Error('owner is at most 320 characters');
  if ((action.kind === 'addTags' || action.kind === 'removeTags') && action.tagIds.length === 0) throw new Error('choose at least one tag');
}

/**
 * Plans one bulk action over the given rows (pure): only the rows that actually change are listed,
 * so undo restores exactly those and a second run changes nothing.
 */
export function planBulk(rows: readonly (Contact | undefined)[], action: RowAction, now: number): BulkPlan {
  validateAction(action);
  const plan: BulkPlan = { before: [], after: [], stageActivities: [], deleteIds: [], tagChanges: [] };
  for (const row of rows) {
    if (!row) continue;
    if (action.kind === 'delete') {
      plan.before.push(row);
      plan.deleteIds.push(row.id);
      continue;
    }
    let next: Contact | null = null;
    switch (action.kind) {
      case 'setStage':
        if (row.stage !== action.stage) {
          next = { ...row, ...stageDates(row, action.stage, now), stage: action.stage };
          if (next.churnedAt === undefined) delete next.churnedAt;
          plan.stageActivities.push({ kind: 'stage', contactIds: [row.id], at: now, fromStage: row.stage, toStage: action.stage });
        }
        break;
      case 'setOwner':
        if (row.owner !== action.owner.trim()) next = { ...row, owner: action.owner.trim() };
        break;
      case 'setDoNotContact': {
        const value = action.value ? 1 : 0;
        if (row.doNotContact !== value) next = { ...row, doNotContact: value };
        break;
      }
    }
    if (next) {
      next.updatedAt = now;
      plan.before.push(row);
      plan.after.push(next);
    }
  }
  return plan;
}

/** Everything needed to put the database back as it was before one bulk action. */
export interface UndoRecord {
  action: BulkAction;
  /** The contacts the action was asked to change (for redo). */
  ids: number[];
  at: number;
  /** The changed (or deleted) contacts as they were. */
  before: Contact[];
  /** Ids of the stage activities the action added (removed on undo). */
  addedActivityIds: number[];
  /** Activities deleted or edited by a delete (only-this-contact activities removed; shared ones lose the id), as they were. */
  activitiesBefore: Activity[];
  /** Ids of activities deleted outright (the rest of activitiesBefore were edited). */
  deletedActivityIds: number[];
  /** Alerts of deleted contacts, as they were. */
  alertsBefore: Alert[];
  /** For a tag action, what it changed (tag actions write tag membership only, not the contact rows). */
  tagChanges: TagChange[];
}

/** How many contacts a bulk action changed. */
export function changedCount(undo: UndoRecord): number {
  if (undo.tagChanges.length === 0) return undo.before.length;
  return new Set(undo.tagChanges.flatMap((c) => c.ids)).size;
}

export interface BulkProgress {
  done: number;
  total: number;
}

export interface BulkOptions {
  /** Contacts per transaction (default 2,000): each chunk is atomic, and the page paints between chunks. */
  chunkSize?: number;
  onProgress?(progress: BulkProgress): void;
  now?: number;
  /** Stops before the next chunk (chunks already written stay, and are in the undo record). */
  signal?: AbortSignal;
  /** Called with each chunk's plan once it is written (the page shows those rows at once). */
  onChunk?(plan: BulkPlan): void;
}

/** Lets the page paint and handle input between chunks. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Applies a bulk action to the contacts with these ids, chunk by chunk. Each chunk reads its rows,
 * plans and writes them in one transaction (so a concurrent edit is never overwritten by a stale
 * copy). Stage changes are recorded as stage activities like a profile edit; a delete removes the
 * contact's own activities (notes, stage history, emails only with them) and alerts, and takes the
 * contact's id out of activities shared with other contacts. Returns the undo record.
 */
export async function applyBulk(db: KizunaDb, ids: readonly number[], action: BulkAction, options: BulkOptions = {}): Promise<UndoRecord> {
  validateAction(action);
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  const { chunkSize = 2000, onProgress, now = Date.now(), signal, onChunk } = options;
  const undo: UndoRecord = { action, ids: [...ids], at: now, before: [], addedActivityIds: [], activitiesBefore: [], deletedActivityIds: [], alertsBefore: [], tagChanges: [] };
  onProgress?.({ done: 0, total: ids.length });
  if (action.kind === 'addTags' || action.kind === 'removeTags') {
    if (signal?.aborted) return undo;
    // Tag membership is a few hundred small rows however many contacts: one transaction, all or nothing.
    const changes = await changeTagMembership(db, ids, action.tagIds, action.kind === 'addTags').catch((error: unknown) => {
      throw new BulkError(error instanceof Error ? error.message : String(error), undo);
    });
    undo.tagChanges = changes;
    onChunk?.({ before: [], after: [], stageActivities: [], deleteIds: [], tagChanges: changes });
    onProgress?.({ done: ids.length, total: ids.length });
    return undo;
  }
  for (let from = 0; from < ids.length; from += chunkSize) {
    if (signal?.aborted) break;
    const chunk = ids.slice(from, from + chunkSize);
    const plan = await db
      .transaction('rw', [...contacts.tables, ...history.tables, db.alerts], async () => {
        // Each chunk is its own transaction: a failure rolls back this chunk, and the chunks already
        // written stay undoable through the BulkError's record.
        const plan = planBulk(await contacts.getMany(chunk), action, now);
        if (action.kind === 'delete') {
          if (plan.deleteIds.length === 0) return plan;
          const gone = new Set(plan.deleteIds);
          const activities = await history.ofContacts(plan.deleteIds);
          const drop: number[] = [];
          const keep: Activity[] = [];
          for (const a of activities) {
            const rest = a.contactIds.filter((id) => !gone.has(id));
            if (rest.length === 0) drop.push(a.id);
            else keep.push({ ...a, contactIds: rest });
          }
          const alerts = await alertsOfContacts(db, plan.deleteIds).toArray();
          await history.delete(drop);
          await history.put(keep);
          await db.alerts.bulkDelete(alerts.map((a) => a.id));
          await contacts.delete(plan.deleteIds);
          undo.activitiesBefore.push(...activities);
          undo.deletedActivityIds.push(...drop);
          undo.alertsBefore.push(...alerts);
        } else {
          if (plan.after.length === 0) return plan;
          await contacts.put(plan.after);
          if (plan.stageActivities.length) {
            undo.addedActivityIds.push(...(await history.addMany(plan.stageActivities)));
          }
        }
        undo.before.push(...plan.before);
        return plan;
      })
      .catch((error: unknown) => {
        throw new BulkError(error instanceof Error ? error.message : String(error), undo);
      });
    onChunk?.(plan);
    onProgress?.({ done: Math.min(ids.length, from + chunk.length), total: ids.length });
    if (from + chunkSize < ids.length) await yieldToPage();
  }
  return undo;
}

/** A bulk action that failed part way: `undo` holds the chunks already written (possibly none). */
export class BulkError extends Error {
  override readonly name = 'BulkError';
  constructor(
    message: string,
    readonly undo: UndoRecord,
  ) {
    super(message);
  }
}

/**
 * Puts back exactly the rows a bulk action changed or deleted (and the activities and alerts a
 * delete removed or edited), chunk by chunk, and removes the stage activities it added.
 */
export async function undoBulk(db: KizunaDb, undo: UndoRecord, options: Omit<BulkOptions, 'now' | 'signal'> = {}): Promise<{ restored: number; skipped: number }> {
  const { chunkSize = 2000, onProgress } = options;
  const contacts = contactStoreOf(db);
  if (undo.tagChanges.length) {
    // Takes the contacts back out of the tags they were added to, or back into those they left.
    const total = changedCount(undo);
    onProgress?.({ done: 0, total });
    const adding = undo.action.kind === 'removeTags';
    // A contact counts as restored when any of its tags was put back, as skipped when none could be
    // (removed again since, or the contact deleted).
    const restored = new Set<number>();
    await db.transaction('rw', contacts.tables, async () => {
      for (const change of undo.tagChanges) {
        const done = await changeTagMembership(db, change.ids, [change.tagId], adding);
        for (const id of done[0]?.ids ?? []) restored.add(id);
      }
    });
    onProgress?.({ done: total, total });
    return { restored: restored.size, skipped: total - restored.size };
  }
  const total = undo.before.length;
  let skipped = 0;
  onProgress?.({ done: 0, total });
  const history = activityStoreOf(db);
  await db.transaction('rw', [...history.tables, db.alerts], async () => {
    await history.delete(undo.addedActivityIds);
    await history.put(undo.activitiesBefore);
    await db.alerts.bulkPut(undo.alertsBefore);
  });
  for (let from = 0; from < total; from += chunkSize) {
    const rows = undo.before.slice(from, from + chunkSize);
    await db.transaction('rw', contacts.tables, async () => {
      // A contact edited since the action (sidebar, another tab) keeps that edit: undo never overwrites newer data.
      const now = await contacts.getMany(rows.map((c) => c.id));
      const safe = rows.filter((_, i) => now[i] === undefined || now[i]!.updatedAt === undo.at);
      skipped += rows.length - safe.length;
      // A row action never changed tags, and a bulk tag since does not touch updatedAt: the rows go
      // back with their tag membership as it is now. A deleted contact gets its tags back.
      if (undo.action.kind === 'delete') await contacts.restore(safe);
      else await contacts.put(safe);
    });
    onProgress?.({ done: Math.min(total, from + chunkSize), total });
    if (from + chunkSize < total) await yieldToPage();
  }
  return { restored: total - skipped, skipped };
}

/**
 * Adds these contacts to these tags (or takes them out), in one transaction, through the ContactStore
 * (the one writer of membership): contacts that no longer exist are left out. Returns, per tag, the
 * contacts whose membership changed.
 */
export async function changeTagMembership(db: KizunaDb, ids: readonly number[], tagIds: readonly number[], add: boolean): Promise<TagChange[]> {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  const contacts = contactStoreOf(db);
  return db.transaction('rw', contacts.tables, async () => {
    const known = await contacts.tags.getMany(tagIds);
    const missingTag = tagIds.find((_, i) => !known[i]);
    if (missingTag !== undefined) throw new Error(`no tag ${missingTag}`);
    const changes: TagChange[] = [];
    for (const tagId of new Set(tagIds)) {
      const changed = add ? await contacts.addToTag(tagId, wanted) : await contacts.removeFromTag(tagId, wanted);
      if (changed.length) changes.push({ tagId, ids: changed });
    }
    return changes;
  });
}

/** The ids of tags with these names, creating the missing ones (same rules as adding a tag to one contact). */
export async function ensureTags(db: KizunaDb, names: readonly string[]): Promise<Tag[]> {
  const clean = names.map((n) => cleanTagName(n));
  const bad = names.find((_, i) => clean[i] === null);
  if (bad !== undefined) throw new Error(`tag name must be 1–60 characters: "${bad}"`);
  return contactStoreOf(db).tags.ensure(clean as string[]);
}

import Dexie from 'dexie';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import type { KizunaDb } from '../db/schema';
import { assertTransition } from './state-machine';
import type { CampaignStore } from './store';
import type { LedgerEntry, Recipient } from './types';

export interface DexieStoreHooks {
  /** Runs inside the transaction that marks a recipient sent (writes to activities, contacts or campaigns only). */
  sent?: (recipient: Recipient) => Promise<void>;
  /** Runs inside the transaction that stops a recipient for a reply, bounce or unsubscribe (same tables). */
  stopped?: (recipient: Recipient) => Promise<void>;
}

const STOPS = new Set(['replied', 'bounced', 'unsubscribed']);

/**
 * The extension's CampaignStore over Dexie (schema v3 tables campaigns, campaignRecipients, sendLedger).
 * Every method is one transaction, so a worker stopped between two calls leaves nothing half-written.
 */
export function createDexieStore(db: KizunaDb, hooks: DexieStoreHooks = {}): CampaignStore {
  // With hooks, the contact's history is written in the same transaction as the send: never one without the other.
  const transitionTables =
    hooks.sent || hooks.stopped ? [db.campaignRecipients, db.sendLedger, ...activityStoreOf(db).tables, ...contactStoreOf(db).tables, db.campaigns] : [db.campaignRecipients, db.sendLedger];
  const byState = (campaignId: string, states: readonly string[]) => db.campaignRecipients.where('[campaignId+state]').anyOf(states.map((s) => [campaignId, s]));
  // Rows without nextAttemptAt are absent from this index: finished or in flight.
  const dueRange = (campaignId: string, upTo: number) => db.campaignRecipients.where('[campaignId+nextAttemptAt]').between([campaignId, Dexie.minKey], [campaignId, upTo], true, true);

  return {
    getCampaign: (id) => db.campaigns.get(id),
    listCampaigns: (statuses) =>
      db.campaigns
        .where('status')
        .anyOf([...statuses])
        .toArray(),
    async putCampaign(campaign) {
      await db.campaigns.put(campaign);
    },
    updateCampaign: (id, from, patch) =>
      db.transaction('rw', db.campaigns, async () => {
        const c = await db.campaigns.get(id);
        if (!c || !from.includes(c.status)) return undefined;
        const next = applyPatch(c, patch);
        await db.campaigns.put(next);
        return next;
      }),
    async startDraft(campaign, list) {
      await db.transaction('rw', db.campaigns, db.campaignRecipients, async () => {
        const existing = await db.campaigns.get(campaign.id);
        if (existing && existing.status !== 'draft') throw new Error('this campaign has already started');
        await db.campaignRecipients.where('[campaignId+state]').between([campaign.id, Dexie.minKey], [campaign.id, Dexie.maxKey]).delete();
        await db.campaigns.put(campaign);
        // An id already used (by another campaign) fails the bulkAdd, and with it the whole transaction.
        await db.campaignRecipients.bulkAdd([...list]);
      });
    },
    async addRecipients(list) {
      // bulkAdd in a transaction: one duplicate id aborts the whole batch, so none are added.
      await db.transaction('rw', db.campaignRecipients, async () => {
        const ids = list.map((r) => r.id);
        if (new Set(ids).size !== ids.length) throw new Error('duplicate recipient id in the batch');
        const existing = (await db.campaignRecipients.bulkGet(ids)).find((r) => r !== undefined);
        if (existing) throw new Error(`recipient ${existing.id} already exists`);
        await db.campaignRecipients.bulkAdd([...list]);
      });
    },
    getRecipient: (id) => db.campaignRecipients.get(id),
    async listRecipients(campaignId, states) {
      if (states) return byState(campaignId, states).toArray();
      return db.campaignRecipients.where('[campaignId+state]').between([campaignId, Dexie.minKey], [campaignId, Dexie.maxKey]).toArray();
    },
    async listDue(campaignId, now, limit) {
      // The index orders by nextAttemptAt, then by primary key (id), the same order as the memory store.
      return dueRange(campaignId, now).limit(limit).toArray();
    },
    async nextDueAt(campaignId) {
      const first = await db.campaignRecipients.where('[campaignId+nextAttemptAt]').between([campaignId, Dexie.minKey], [campaignId, Dexie.maxKey]).first();
      return first?.nextAttemptAt;
    },
    async transition(id, from, to, patch, entry) {
      assertTransition(from, to);
      return db.transaction('rw', transitionTables, async () => {
        const r = await db.campaignRecipients.get(id);
        if (!r || r.state !== from) return undefined;
        const next = applyPatch({ ...r, state: to }, patch) as Recipient;
        await db.campaignRecipients.put(next);
        if (entry) await db.sendLedger.add(withoutId(entry));
        if (to === 'sent' && from !== 'sent') await hooks.sent?.(next);
        if (to === 'skipped' && next.reason && STOPS.has(next.reason)) await hooks.stopped?.(next);
        return next;
      });
    },
    async addLedgerEntry(entry) {
      await db.sendLedger.add(withoutId(entry));
    },
    ledgerSince: (since) => db.sendLedger.where('at').above(since).toArray() as Promise<LedgerEntry[]>,
    pruneLedger: (before) => db.sendLedger.where('at').below(before).delete(),
  };
}

function withoutId(entry: LedgerEntry): LedgerEntry {
  const { id: _id, ...rest } = entry;
  return rest;
}

/** Applies a patch; keys explicitly set to undefined are removed (IndexedDB would store them as undefined otherwise). */
function applyPatch<T extends object>(value: T, patch: object): T {
  const next = { ...value, ...patch } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next as T;
}

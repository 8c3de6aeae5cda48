import { assertTransition } from './state-machine';
import type { CampaignStore, RecipientPatch } from './store';
import type { Campaign, LedgerEntry, Recipient } from './types';

/** An in-memory CampaignStore for tests and benchmarks; copies values in and out like a database would. */
export function createMemoryStore(): CampaignStore & { ledger(): LedgerEntry[] } {
  const campaigns = new Map<string, Campaign>();
  const recipients = new Map<string, Recipient>();
  let ledger: LedgerEntry[] = [];
  let ledgerId = 0;
  const copy = <T>(v: T): T => structuredClone(v);
  // Recipients and ledger entries are flat but for one array: cheap copies keep the benchmark about the engine.
  const copyRecipient = (r: Recipient): Recipient => ({ ...r, sentMessageIds: [...r.sentMessageIds] });
  const copyEntry = (e: LedgerEntry): LedgerEntry => ({ ...e });
  const byCampaign = (campaignId: string) => [...recipients.values()].filter((r) => r.campaignId === campaignId);

  return {
    async getCampaign(id) {
      const c = campaigns.get(id);
      return c && copy(c);
    },
    async listCampaigns(statuses) {
      return [...campaigns.values()].filter((c) => statuses.includes(c.status)).map(copy);
    },
    async putCampaign(campaign) {
      campaigns.set(campaign.id, copy(campaign));
    },
    async updateCampaign(id, from, patch) {
      const c = campaigns.get(id);
      if (!c || !from.includes(c.status)) return undefined;
      const next = applyPatch(c, patch);
      campaigns.set(id, next);
      return copy(next);
    },
    async startDraft(campaign, list) {
      const existing = campaigns.get(campaign.id);
      if (existing && existing.status !== 'draft') throw new Error('this campaign has already started');
      const ids = new Set<string>();
      for (const r of list) {
        if (ids.has(r.id) || (recipients.has(r.id) && recipients.get(r.id)!.campaignId !== campaign.id)) throw new Error(`recipient ${r.id} already exists`);
        ids.add(r.id);
      }
      for (const r of byCampaign(campaign.id)) recipients.delete(r.id);
      campaigns.set(campaign.id, copy(campaign));
      for (const r of list) recipients.set(r.id, copyRecipient(r));
    },
    async addRecipients(list) {
      const ids = new Set<string>();
      for (const r of list) {
        if (recipients.has(r.id) || ids.has(r.id)) throw new Error(`recipient ${r.id} already exists`);
        ids.add(r.id);
      }
      for (const r of list) recipients.set(r.id, copyRecipient(r));
    },
    async getRecipient(id) {
      const r = recipients.get(id);
      return r && copyRecipient(r);
    },
    async listRecipients(campaignId, states) {
      return byCampaign(campaignId)
        .filter((r) => !states || states.includes(r.state))
        .map(copyRecipient);
    },
    async listDue(campaignId, now, limit) {
      return byCampaign(campaignId)
        .filter((r) => r.nextAttemptAt !== undefined && r.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt! - b.nextAttemptAt! || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
        .map(copyRecipient);
    },
    async nextDueAt(campaignId) {
      let min: number | undefined;
      for (const r of byCampaign(campaignId)) {
        if (r.nextAttemptAt !== undefined && (min === undefined || r.nextAttemptAt < min)) min = r.nextAttemptAt;
      }
      return min;
    },
    async transition(id, from, to, patch: RecipientPatch, entry) {
      assertTransition(from, to);
      const r = recipients.get(id);
      if (!r || r.state !== from) return undefined;
      const next = applyPatch({ ...r, state: to }, patch);
      recipients.set(id, next);
      if (entry) ledger.push({ ...copyEntry(entry), id: ++ledgerId });
      return copyRecipient(next);
    },
    async addLedgerEntry(entry) {
      ledger.push({ ...copyEntry(entry), id: ++ledgerId });
    },
    async ledgerSince(since) {
      return ledger.filter((e) => e.at > since).map(copyEntry);
    },
    async pruneLedger(before) {
      const kept = ledger.filter((e) => e.at >= before);
      const dropped = ledger.length - kept.length;
      ledger = kept;
      return dropped;
    },
    ledger: () => ledger.map(copyEntry),
  };
}

/** Applies a patch; keys explicitly set to undefined are removed, as a Dexie `put` of the merged object would. */
function applyPatch<T extends object>(value: T, patch: object): T {
  const next = { ...value, ...patch } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next as T;
}

import type { Campaign, CampaignStatus, LedgerEntry, Recipient, RecipientState } from './types';

/** Fields a transition may change (never id, campaignId or state, which the call itself sets). */
export type RecipientPatch = Partial<Omit<Recipient, 'id' | 'campaignId' | 'state'>>;

/**
 * Where campaigns live. Every method is one atomic step (one Dexie transaction in the extension);
 * the engine keeps nothing between ticks, so this is the whole truth about a campaign.
 */
export interface CampaignStore {
  getCampaign(id: string): Promise<Campaign | undefined>;
  /** Campaigns whose status is one of `statuses`. */
  listCampaigns(statuses: readonly CampaignStatus[]): Promise<Campaign[]>;
  /** Inserts or replaces a campaign (the wizard's save). */
  putCampaign(campaign: Campaign): Promise<void>;
  /** Compare-and-set on status: applies `patch` only if the status is one of `from`; returns the result or undefined. */
  updateCampaign(id: string, from: readonly CampaignStatus[], patch: Partial<Omit<Campaign, 'id'>>): Promise<Campaign | undefined>;

  /**
   * Stores a draft campaign with these recipients in one step, replacing the recipients of an earlier attempt; rejects
   * (writing nothing) when the stored campaign has left draft.
   */
  startDraft(campaign: Campaign, recipients: readonly Recipient[]): Promise<void>;
  /** Adds recipients in one transaction; rejects (adding none) if an id already exists. */
  addRecipients(recipients: readonly Recipient[]): Promise<void>;
  getRecipient(id: string): Promise<Recipient | undefined>;
  /** A campaign's recipients, optionally only those in `states`. */
  listRecipients(campaignId: string, states?: readonly RecipientState[]): Promise<Recipient[]>;
  /** Up to `limit` recipients whose `nextAttemptAt` ≤ now, earliest first (index [campaignId+nextAttemptAt]). */
  listDue(campaignId: string, now: number, limit: number): Promise<Recipient[]>;
  /** The earliest `nextAttemptAt` of a campaign, or undefined when no recipient has one. */
  nextDueAt(campaignId: string): Promise<number | undefined>;
  /**
   * Compare-and-set: if the recipient is in state `from`, moves it to `to` with `patch` (a key set to
   * undefined is removed) and, in the same transaction, appends `ledger` if given. Returns the updated
   * recipient, or undefined if it was not in `from` (someone else moved it). Throws on a transition
   * the state machine forbids.
   */
  transition(id: string, from: RecipientState, to: RecipientState, patch: RecipientPatch, ledger?: LedgerEntry): Promise<Recipient | undefined>;

  addLedgerEntry(entry: LedgerEntry): Promise<void>;
  /** Ledger entries with `at` > since (the rolling window is since = now − 24 h). */
  ledgerSince(since: number): Promise<LedgerEntry[]>;
  /** Drops entries older than `before`; returns how many. */
  pruneLedger(before: number): Promise<number>;
}

import { describe, expect, it } from 'vitest';
import type { CampaignStore } from '../../../lib/campaigns/store';
import type { Recipient } from '../../../lib/campaigns/types';
import { T0, makeCampaign } from './fixtures';

/** The CampaignStore contract (docs/campaigns.md "Storage contract"), run against every implementation. */
export function storeContract(name: string, makeStore: () => Promise<CampaignStore>): void {
  const row = (id: string, patch: Partial<Recipient> = {}): Recipient => ({
    id,
    campaignId: 'c1',
    contactId: 1,
    email: `${id}@b.com`,
    step: 0,
    state: 'queued',
    sentMessageIds: [],
    attempts: 0,
    nextAttemptAt: 5,
    updatedAt: 0,
    ...patch,
  });

  describe(`CampaignStore contract: ${name}`, () => {
    it('stores campaigns and lists them by status', async () => {
      const store = await makeStore();
      await store.putCampaign(makeCampaign({ id: 'c1', status: 'draft' }));
      await store.putCampaign(makeCampaign({ id: 'c2', status: 'running' }));
      await store.putCampaign(makeCampaign({ id: 'c3', status: 'done' }));
      expect((await store.listCampaigns(['running', 'draft'])).map((c) => c.id).sort()).toEqual(['c1', 'c2']);
      expect(await store.getCampaign('c3')).toMatchObject({ id: 'c3', status: 'done', steps: makeCampaign().steps });
      expect(await store.getCampaign('nope')).toBeUndefined();
    });

    it('updates a campaign only from the expected statuses, removing keys set to undefined', async () => {
      const store = await makeStore();
      await store.putCampaign(makeCampaign({ status: 'running', nextSendAt: 10, pauseReason: 'x' }));
      expect(await store.updateCampaign('c1', ['paused'], { status: 'done' })).toBeUndefined();
      const next = await store.updateCampaign('c1', ['running'], { status: 'paused', pauseReason: undefined, nextSendAt: 20 });
      expect(next).toMatchObject({ status: 'paused', nextSendAt: 20 });
      expect('pauseReason' in (await store.getCampaign('c1'))!).toBe(false);
      expect(await store.updateCampaign('missing', ['running'], { status: 'done' })).toBeUndefined();
    });

    it('returns copies: changing a returned object changes nothing stored', async () => {
      const store = await makeStore();
      await store.addRecipients([row('r1')]);
      const r = (await store.getRecipient('r1'))!;
      r.sentMessageIds.push('<x@y>');
      r.state = 'failed';
      expect(await store.getRecipient('r1')).toMatchObject({ state: 'queued', sentMessageIds: [] });
    });

    it('adds recipients all or nothing', async () => {
      const store = await makeStore();
      await store.addRecipients([row('r1')]);
      await expect(store.addRecipients([row('r2'), row('r1')])).rejects.toThrow();
      expect(await store.getRecipient('r2')).toBeUndefined();
      await expect(store.addRecipients([row('r3'), row('r3')])).rejects.toThrow();
      expect(await store.getRecipient('r3')).toBeUndefined();
    });

    it("starts a draft with its recipients, replacing an earlier attempt's, and refuses once the campaign has left draft", async () => {
      const store = await makeStore();
      await store.putCampaign(makeCampaign({ id: 'c1', status: 'draft' }));
      await store.addRecipients([row('r1'), row('r2'), row('x1', { campaignId: 'c2' })]);
      await store.startDraft(makeCampaign({ id: 'c1', status: 'draft', name: 'Again' }), [row('r2'), row('r3')]);
      expect((await store.listRecipients('c1')).map((r) => r.id).sort()).toEqual(['r2', 'r3']);
      expect((await store.listRecipients('c2')).map((r) => r.id)).toEqual(['x1']);
      expect((await store.getCampaign('c1'))!.name).toBe('Again');

      await store.updateCampaign('c1', ['draft'], { status: 'running' });
      await expect(store.startDraft(makeCampaign({ id: 'c1', status: 'draft' }), [row('r4')])).rejects.toThrow('already started');
      expect((await store.listRecipients('c1')).map((r) => r.id).sort()).toEqual(['r2', 'r3']);
      expect((await store.getCampaign('c1'))!.status).toBe('running');
    });

    it("lists a campaign's recipients, optionally by state, never another campaign's", async () => {
      const store = await makeStore();
      await store.addRecipients([row('r1'), row('r2', { state: 'sent' }), row('r3', { state: 'skipped', nextAttemptAt: undefined }), row('x1', { campaignId: 'c2' })]);
      expect((await store.listRecipients('c1')).map((r) => r.id).sort()).toEqual(['r1', 'r2', 'r3']);
      expect((await store.listRecipients('c1', ['sent', 'skipped'])).map((r) => r.id).sort()).toEqual(['r2', 'r3']);
      expect(await store.listRecipients('c1', ['failed'])).toEqual([]);
      expect((await store.listRecipients('c2')).map((r) => r.id)).toEqual(['x1']);
    });

    it('lists due recipients earliest first (ties by id), bounded, and finds the next due time', async () => {
      const store = await makeStore();
      await store.addRecipients([
        row('r1', { nextAttemptAt: 30 }),
        row('r2', { nextAttemptAt: 10 }),
        row('r0', { nextAttemptAt: 10 }),
        row('r3', { nextAttemptAt: 50 }),
        row('r4', { state: 'sending', nextAttemptAt: undefined }),
        row('x1', { campaignId: 'c2', nextAttemptAt: 1 }),
      ]);
      expect((await store.listDue('c1', 30, 10)).map((r) => r.id)).toEqual(['r0', 'r2', 'r1']);
      expect((await store.listDue('c1', 30, 2)).map((r) => r.id)).toEqual(['r0', 'r2']);
      expect(await store.listDue('c1', 9, 10)).toEqual([]);
      expect(await store.nextDueAt('c1')).toBe(10);
      expect(await store.nextDueAt('c2')).toBe(1);
      expect(await store.nextDueAt('c3')).toBeUndefined();
      // A recipient whose due time is removed drops out of the index.
      await store.transition('r0', 'queued', 'sending', { nextAttemptAt: undefined });
      await store.transition('r2', 'queued', 'skipped', { nextAttemptAt: undefined, reason: 'cancelled' });
      expect(await store.nextDueAt('c1')).toBe(30);
      expect((await store.listDue('c1', Number.MAX_SAFE_INTEGER, 10)).map((r) => r.id)).toEqual(['r1', 'r3']);
    });

    it('applies a transition only from the expected state (compare-and-set), with the ledger entry in the same step', async () => {
      const store = await makeStore();
      await store.addRecipients([row('r1')]);
      const claimed = await store.transition('r1', 'queued', 'sending', { attempts: 1, nextAttemptAt: undefined, messageId: '<m@x>' });
      expect(claimed).toMatchObject({ state: 'sending', attempts: 1, messageId: '<m@x>' });
      expect(claimed && 'nextAttemptAt' in claimed).toBe(false);
      expect(await store.transition('r1', 'queued', 'sending', {})).toBeUndefined();
      await expect(store.transition('r1', 'sending', 'queued', {})).rejects.toThrow();
      expect(await store.transition('missing', 'queued', 'sending', {})).toBeUndefined();
      await store.transition('r1', 'sending', 'sent', { sentMessageIds: ['<m@x>'] }, { at: T0, count: 2, kind: 'send', campaignId: 'c1', recipientId: 'r1' });
      expect(await store.getRecipient('r1')).toMatchObject({ state: 'sent', sentMessageIds: ['<m@x>'] });
      expect(await store.ledgerSince(0)).toMatchObject([{ at: T0, count: 2, kind: 'send', campaignId: 'c1', recipientId: 'r1' }]);
      // A lost compare-and-set adds no ledger entry.
      expect(await store.transition('r1', 'sending', 'sent', {}, { at: T0, count: 1, kind: 'send' })).toBeUndefined();
      expect(await store.ledgerSince(0)).toHaveLength(1);
    });

    it('keeps the ledger: entries after a time, pruning older ones, ids assigned by the store', async () => {
      const store = await makeStore();
      await store.addLedgerEntry({ at: 100, count: 1, kind: 'test' });
      await store.addLedgerEntry({ at: 200, count: 3, kind: 'send', campaignId: 'c1' });
      await store.addLedgerEntry({ id: 999, at: 300, count: 1, kind: 'send' });
      expect((await store.ledgerSince(100)).map((e) => e.at)).toEqual([200, 300]);
      const ids = (await store.ledgerSince(0)).map((e) => e.id);
      expect(new Set(ids).size).toBe(3);
      expect(ids).not.toContain(999);
      expect(await store.pruneLedger(200)).toBe(1);
      expect((await store.ledgerSince(0)).map((e) => e.at)).toEqual([200, 300]);
    });
  });
}

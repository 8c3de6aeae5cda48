import { describe, expect, it } from 'vitest';
import { createDexieStore } from '../../../lib/campaigns/dexie-store';
import { recordSend, recordStop } from '../../../lib/campaigns/history';
import { replyRates } from '../../../lib/campaigns/reply-rates';
import type { Recipient } from '../../../lib/campaigns/types';
import { createDb } from '../../../lib/db/schema';
import { T0, makeCampaign } from './fixtures';

let n = 0;
const row = (id: string, patch: Partial<Recipient> = {}): Recipient => ({
  id,
  campaignId: 'c1',
  contactId: 7,
  email: 'a@b.com',
  step: 0,
  state: 'sending',
  sentMessageIds: [],
  attempts: 1,
  updatedAt: 0,
  threadSubject: 'Hello',
  ...patch,
});
const contact = { id: 7, email: 'a@b.com', name: 'A', tags: [], stage: 'customer' as const, owner: '', custom: {}, doNotContact: 0 as const, createdAt: 0, updatedAt: 0 };

describe('Dexie store history hooks', () => {
  it('writes the send into the contact history in the same transaction as the sent state and ledger entry', async () => {
    const db = createDb(`campaign-hooks-${++n}`);
    await db.contacts.add(contact);
    const store = createDexieStore(db, { sent: (r) => recordSend(db, r), stopped: (r) => recordStop(db, r) });
    await store.putCampaign(makeCampaign());
    await store.addRecipients([row('r1')]);
    await store.transition('r1', 'sending', 'sent', { gmailMessageId: 'g1', threadId: 't1', sentAt: T0, sentMessageIds: ['<m@x>'] }, { at: T0, count: 1, kind: 'send' });
    expect(await db.activities.toArray()).toMatchObject([{ kind: 'send', direction: 'out', messageId: 'g1', threadId: 't1', subject: 'Hello', contactIds: [7] }]);
    expect((await db.contacts.get(7))!.lastOutboundAt).toBe(T0);
  });

  it('rolls the send back when the history write fails: never one without the other', async () => {
    const db = createDb(`campaign-hooks-${++n}`);
    const store = createDexieStore(db, {
      sent: async () => {
        throw new Error('disk full');
      },
    });
    await store.addRecipients([row('r1')]);
    await expect(store.transition('r1', 'sending', 'sent', { gmailMessageId: 'g1' }, { at: T0, count: 1, kind: 'send' })).rejects.toThrow('disk full');
    expect((await store.getRecipient('r1'))!.state).toBe('sending');
    expect(await store.ledgerSince(0)).toEqual([]);
  });

  it('records stops and marks an unsubscribed contact do-not-contact; other skips write nothing', async () => {
    const db = createDb(`campaign-hooks-${++n}`);
    await db.contacts.add(contact);
    const store = createDexieStore(db, { sent: (r) => recordSend(db, r), stopped: (r) => recordStop(db, r) });
    await store.addRecipients([row('r1', { state: 'sent' }), row('r2', { state: 'queued' })]);
    await store.transition('r2', 'queued', 'skipped', { reason: 'cancelled' });
    expect(await db.activities.count()).toBe(0);
    await store.transition('r1', 'sent', 'skipped', { reason: 'unsubscribed' });
    expect((await db.activities.toArray()).map((a) => a.flags)).toEqual([['campaign:c1', 'stopped:unsubscribed']]);
    expect((await db.contacts.get(7))!.doNotContact).toBe(1);
  });
});

describe('reply rates', () => {
  it('counts per step who got it and whose reply stopped the next step', () => {
    const r = (id: string, sent: number, state: Recipient['state'], step: number, reason?: Recipient['reason']) =>
      row(id, { state, step, sentMessageIds: Array.from({ length: sent }, (_, i) => `<${id}.${i}@x>`), ...(reason ? { reason } : {}) });
    const rates = replyRates(
      [r('a', 1, 'skipped', 0, 'replied'), r('b', 2, 'sent', 1), r('c', 2, 'skipped', 1, 'replied'), r('d', 0, 'skipped', 0, 'do-not-contact'), r('e', 1, 'skipped', 0, 'bounced')],
      2,
    );
    expect(rates.steps).toEqual([
      { step: 0, sent: 4, replied: 1, rate: 0.25 },
      { step: 1, sent: 2, replied: 1, rate: 0.5 },
    ]);
    expect(rates.total).toEqual({ step: -1, sent: 4, replied: 2, rate: 0.5 });
    expect(replyRates([], 1).total.rate).toBeUndefined();
  });
});

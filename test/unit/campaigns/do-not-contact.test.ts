import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDexieStore } from '../../../lib/campaigns/dexie-store';
import { createCampaignEngine } from '../../../lib/campaigns/engine';
import type { CampaignStore } from '../../../lib/campaigns/store';
import { contactSuppression } from '../../../lib/campaigns/suppression';
import type { Recipient } from '../../../lib/campaigns/types';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { GmailClient } from '../../../lib/gmail-api/client';
import { mergeContacts, unmergeContacts } from '../../../lib/workspace/merge';
import { DAY, T0, fakeRender, makeCampaign } from './fixtures';

// Issue #14: do-not-contact is a property of the person (the contact), not of the address stored
// on the recipient row when the campaign was planned.

let db: KizunaDb;
let store: CampaignStore;
let n = 0;
const sent: string[] = [];
const base = { name: 'Ann', tags: [] as number[], stage: 'customer' as const, owner: '', custom: {}, doNotContact: 0 as const, createdAt: 1, updatedAt: 1 };
const row = (id: string, contactId: number, patch: Partial<Recipient> = {}): Recipient => ({
  id,
  campaignId: 'c1',
  contactId,
  email: 'ann@acme.com',
  name: 'Ann',
  step: 0,
  state: 'queued',
  sentMessageIds: [],
  attempts: 0,
  nextAttemptAt: T0,
  updatedAt: 0,
  ...patch,
});
// Nothing is ever found in Sent; every send is recorded by the address on its To line.
const gmail: GmailClient = {
  async send(raw) {
    sent.push(/^To: .*<(.+)>/m.exec(raw)?.[1] ?? '?');
    return { id: `g${sent.length}`, threadId: `t${sent.length}` };
  },
  list: async () => [],
  getThread: async (id) => ({ id, messages: [] }),
};
const engine = () => createCampaignEngine({ store, gmail, renderStep: (_c, r, step) => fakeRender({ email: r.email, name: 'Ann' }, step), suppression: contactSuppression(db), pacing: false });

beforeEach(async () => {
  db = createDb(`do-not-contact-${++n}`);
  store = createDexieStore(db);
  sent.length = 0;
  await store.putCampaign(
    makeCampaign({
      status: 'running',
      steps: [
        { templateId: 1, delayDays: 0, condition: 'no-reply' },
        { templateId: 2, delayDays: 3, condition: 'no-reply' },
      ],
    }),
  );
});
afterEach(async () => db.delete());

describe('do-not-contact at send time follows the contact', () => {
  it('does not mail a recipient whose contact was merged into a do-not-contact duplicate (the row keeps the old address)', async () => {
    const ann = await db.contacts.add({ ...base, email: 'ann@acme.com' });
    const annLee = await db.contacts.add({ ...base, email: 'ann.lee@acme.com', doNotContact: 1 });
    // A queued first step, and a retry whose earlier attempt is known not to have gone out (the merge leaves retries to the send-time check).
    await store.addRecipients([row('c1-a', ann), row('c1-b', ann, { state: 'retrying', attempts: 1, messageId: '<kz.c1.c1-b.0.x@kizuna-test.com>', lastAttemptAt: T0 - DAY, email: 'ann@acme.com' })]);
    await mergeContacts(db, annLee, [ann], T0 - 1000);
    expect((await db.campaignRecipients.toArray()).map((r) => r.contactId)).toEqual([annLee, annLee]);

    await engine().tick(T0);
    expect(sent).toEqual([]);
    expect((await store.listRecipients('c1')).map((r) => [r.id, r.state, r.reason])).toEqual([
      ['c1-a', 'skipped', 'do-not-contact'],
      ['c1-b', 'skipped', 'do-not-contact'],
    ]);
  });

  it('does not mail a recipient whose contact changed its address and then opted out', async () => {
    const ann = await db.contacts.add({ ...base, email: 'ann@acme.com' });
    await store.addRecipients([row('c1-a', ann)]);
    await db.contacts.update(ann, { email: 'ann.new@acme.com' });
    await db.contacts.update(ann, { doNotContact: 1 });

    await engine().tick(T0);
    expect(sent).toEqual([]);
    expect(await store.getRecipient('c1-a')).toMatchObject({ state: 'skipped', reason: 'do-not-contact' });
  });

  it('also stops an address that now belongs to another contact who opted out, and mails everyone else', async () => {
    const ann = await db.contacts.add({ ...base, email: 'ann.new@acme.com' });
    await db.contacts.add({ ...base, email: 'ann@acme.com', doNotContact: 1 });
    const bob = await db.contacts.add({ ...base, email: 'bob@acme.com' });
    const check = contactSuppression(db);
    expect(await check(row('x', ann))).toBe('do-not-contact');
    expect(await check(row('y', bob, { email: 'bob@acme.com' }))).toBeUndefined();
    expect(await check(row('z', 999, { email: 'nobody@acme.com' }))).toBeUndefined();
  });
});

describe('a merge into a do-not-contact contact', () => {
  it('skips the pending recipients at once (queued, follow-up due), leaves retries and finished ones, and undo puts them back', async () => {
    const ann = await db.contacts.add({ ...base, email: 'ann@acme.com' });
    const annLee = await db.contacts.add({ ...base, email: 'ann.lee@acme.com', doNotContact: 1 });
    const bob = await db.contacts.add({ ...base, email: 'bob@acme.com' });
    await store.addRecipients([
      row('c1-queued', ann),
      row('c1-follow-up', ann, { state: 'sent', sentMessageIds: ['<m@x>'], nextAttemptAt: T0 + 3 * DAY }),
      row('c1-last', ann, { state: 'sent', step: 1, sentMessageIds: ['<m@x>', '<n@x>'], nextAttemptAt: undefined }),
      row('c1-retry', ann, { state: 'retrying', attempts: 1, messageId: '<r@x>', lastAttemptAt: T0 - 60_000 }),
      row('c1-own', annLee),
      row('c1-bob', bob, { email: 'bob@acme.com' }),
    ]);
    const before = await db.campaignRecipients.toArray();

    const record = await mergeContacts(db, annLee, [ann], T0);
    const after = new Map((await db.campaignRecipients.toArray()).map((r) => [r.id, r]));
    for (const id of ['c1-queued', 'c1-follow-up', 'c1-own']) {
      expect(after.get(id), id).toMatchObject({ contactId: annLee, state: 'skipped', reason: 'do-not-contact', updatedAt: T0 });
      expect(after.get(id)!.nextAttemptAt, id).toBeUndefined();
    }
    expect(after.get('c1-last')).toMatchObject({ contactId: annLee, state: 'sent' });
    expect(after.get('c1-retry')).toMatchObject({ contactId: annLee, state: 'retrying', nextAttemptAt: T0 });
    expect(after.get('c1-bob')).toEqual(before.find((r) => r.id === 'c1-bob'));

    await unmergeContacts(db, record);
    expect(await db.campaignRecipients.toArray()).toEqual(before);
  });

  it('skips nothing when no contact in the merge opted out', async () => {
    const ann = await db.contacts.add({ ...base, email: 'ann@acme.com' });
    const annLee = await db.contacts.add({ ...base, email: 'ann.lee@acme.com' });
    await store.addRecipients([row('c1-a', ann)]);
    await mergeContacts(db, annLee, [ann], T0);
    expect(await store.getRecipient('c1-a')).toMatchObject({ contactId: annLee, state: 'queued', nextAttemptAt: T0 });
    await engine().tick(T0);
    expect(sent).toEqual(['ann@acme.com']);
  });

  it('undo keeps a recipient skipped once its campaign has finished', async () => {
    const ann = await db.contacts.add({ ...base, email: 'ann@acme.com' });
    const annLee = await db.contacts.add({ ...base, email: 'ann.lee@acme.com', doNotContact: 1 });
    await store.addRecipients([row('c1-a', ann)]);
    const record = await mergeContacts(db, annLee, [ann], T0);
    await store.updateCampaign('c1', ['running'], { status: 'done' });
    await unmergeContacts(db, record);
    expect(await store.getRecipient('c1-a')).toMatchObject({ contactId: ann, state: 'skipped', reason: 'do-not-contact' });
  });
});

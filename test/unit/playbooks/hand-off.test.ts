import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignEngine } from '../../../lib/campaigns/engine';
import { createMemoryStore } from '../../../lib/campaigns/memory-store';
import { seededRandom } from '../../../lib/campaigns/pacing';
import type { CampaignStore } from '../../../lib/campaigns/store';
import { createGmailClient } from '../../../lib/gmail-api/client';
import { createMemoryEnrolmentStore, followRecipient, handApproved, recipientIdFor, sequenceCampaignId, syncEnrolments, type HandOffDeps } from '../../../lib/playbooks/hand-off';
import type { Enrolment, Sequence } from '../../../lib/playbooks/sequence';
import { startFakeGmail, type FakeGmail } from '../../support/fake-gmail-server';
import { createDexieStore } from '../../../lib/campaigns/dexie-store';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../../lib/campaigns/settings';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb } from '../../../lib/db/schema';
import { advanceSequences, handOffDepsOf } from '../../../lib/playbooks/hand-off-db';
import { person } from '../contacts/store-contract';
import { DAY, T0, fakeRender } from '../campaigns/fixtures';

const winBack: Sequence = {
  id: 'win-back',
  name: 'Win-back',
  steps: [
    { templateId: 1, delayDays: 0, condition: 'no-reply' },
    { templateId: 2, delayDays: 3, condition: 'no-reply' },
  ],
  sendWithoutApproval: false,
  allowConcurrent: false,
};
const people: Record<number, { email: string; name: string; doNotContact: 0 | 1 }> = {
  1: { email: 'aiko@customer.example.com', name: 'Aiko', doNotContact: 0 },
  2: { email: 'ben@customer.example.com', name: 'Ben', doNotContact: 0 },
  3: { email: 'chie@customer.example.com', name: 'Chie', doNotContact: 0 },
  4: { email: 'dan@customer.example.com', name: 'Dan', doNotContact: 1 },
};
const enrolment = (contactId: number, state: Enrolment['state'], extra: Partial<Enrolment> = {}): Enrolment => ({
  id: `pb:high-risk:${contactId}:band:high:2026-01-10:2`,
  contactId,
  sequenceId: 'win-back',
  playbookId: 'high-risk',
  state,
  createdAt: T0 - 60_000,
  updatedAt: T0 - 60_000,
  ...extra,
});
const EDIT = { subject: 'Aiko, a personal note', body: 'Aiko-san, I wrote this one myself.' };

describe('hand-off: approved enrolments send through the campaign engine (memory stores, fake Gmail)', () => {
  let server: FakeGmail;
  let campaigns: CampaignStore;
  let deps: HandOffDeps;
  let enrolments: ReturnType<typeof createMemoryEnrolmentStore>;
  const clock = { now: T0 };
  const engine = () =>
    createCampaignEngine({
      store: campaigns,
      gmail: createGmailClient({ baseUrl: server.baseUrl, getToken: async () => 'test-token', timeoutMs: 2000 }),
      renderStep: (_c, r, step) => fakeRender({ email: r.email, ...(r.name ? { name: r.name } : {}) }, step),
      suppression: (r) => (people[r.contactId]?.doNotContact ? 'do-not-contact' : undefined),
      random: seededRandom(7),
    });
  async function run(until: number) {
    const e = engine();
    for (let i = 0; i < 200; i++) {
      const { nextWakeAt } = await e.tick(clock.now);
      if (nextWakeAt === undefined || nextWakeAt > until) return;
      clock.now = Math.max(clock.now, nextWakeAt);
    }
  }
  const state = (contactId: number) => enrolments.all().find((e) => e.contactId === contactId);
  const to = (contactId: number) => server.messages.filter((m) => m.to.includes(people[contactId]!.email));

  beforeAll(async () => {
    server = await startFakeGmail({ now: () => clock.now });
    campaigns = createMemoryStore();
    enrolments = createMemoryEnrolmentStore([enrolment(1, 'approved', { edited: EDIT }), enrolment(2, 'approved'), enrolment(3, 'awaiting-approval'), enrolment(4, 'approved')]);
    deps = {
      enrolments,
      campaigns,
      sequence: async (id) => (id === winBack.id ? winBack : undefined),
      contact: async (id) => people[id],
      sender: { address: 'cs@kizuna-test.com', name: 'Kizuna CS', accountType: 'workspace' },
    };
  });
  afterAll(() => server.close());

  it('hands each approved enrolment once, to one campaign per sequence; a do-not-contact one stops; one awaiting approval waits', async () => {
    expect(await handApproved(deps, clock.now)).toEqual({ handed: 2, waiting: {} });
    expect(await handApproved(deps, clock.now)).toEqual({ handed: 0, waiting: {} });
    const id = sequenceCampaignId('win-back');
    expect(state(1)).toMatchObject({ state: 'handed', campaignId: id });
    expect(state(2)).toMatchObject({ state: 'handed', campaignId: id });
    expect(state(3)?.state).toBe('awaiting-approval');
    expect(state(4)).toMatchObject({ state: 'stopped', stopReason: 'do-not-contact' });
    const recipients = await campaigns.listRecipients(id);
    expect(recipients.map((r) => r.contactId).sort()).toEqual([1, 2]);
    expect(recipients.find((r) => r.contactId === 1)?.firstMessage).toEqual(EDIT);
    expect((await campaigns.getCampaign(id))?.status).toBe('running');
  });

  it('sends the edited first message to that contact only, the template to the other, each once and in the ledger', async () => {
    await run(T0 + DAY);
    expect(to(1).map((m) => m.subject)).toEqual([EDIT.subject]);
    expect(to(1)[0]!.text).toContain(EDIT.body);
    expect(to(2).map((m) => m.subject)).toEqual([fakeRender({ email: people[2]!.email, name: 'Ben' }, 0).subject]);
    expect(to(2)[0]!.text).not.toContain(EDIT.body);
    expect((await campaigns.ledgerSince(-1)).filter((e) => e.kind === 'send')).toHaveLength(2);
    expect(await syncEnrolments(deps, clock.now)).toBe(0);
  });

  it('a reply stops that enrolment; the other gets step 2 from its template (Re: its own subject) and finishes', async () => {
    const r1 = (await campaigns.getRecipient(recipientIdFor(enrolment(1, 'handed'))))!;
    server.inject({ kind: 'reply', threadId: r1.threadId!, from: people[1]!.email, text: 'Thanks, let us talk.' });
    clock.now = T0 + 3 * DAY + 60_000;
    await run(T0 + 10 * DAY);
    expect(to(1)).toHaveLength(1);
    expect(to(2).map((m) => m.subject)).toEqual([to(2)[0]!.subject, `Re: ${to(2)[0]!.subject}`]);
    expect(await syncEnrolments(deps, clock.now)).toBe(2);
    expect(state(1)).toMatchObject({ state: 'stopped', stopReason: 'replied' });
    expect(state(2)?.state).toBe('done');
    expect((await campaigns.getCampaign(sequenceCampaignId('win-back')))?.status).toBe('done');
  });

  it('a later approval reopens the finished sequence campaign and is sent', async () => {
    await enrolments.apply(enrolment(3, 'awaiting-approval').id, { type: 'approve' }, clock.now);
    expect((await handApproved(deps, clock.now)).handed).toBe(1);
    expect((await campaigns.getCampaign(sequenceCampaignId('win-back')))?.status).toBe('running');
    await run(clock.now + DAY);
    expect(to(3)).toHaveLength(1);
  });

  it('waits, naming why, without a sender address or when the sequence was deleted', async () => {
    const store = createMemoryEnrolmentStore([enrolment(2, 'approved'), { ...enrolment(1, 'approved'), id: 'x', sequenceId: 'gone' }]);
    const waiting = await handApproved({ ...deps, enrolments: store, campaigns: createMemoryStore(), sender: { accountType: 'gmail' } }, clock.now);
    expect(waiting).toEqual({ handed: 0, waiting: { 'no-sender': 1, 'deleted-sequence': 1 } });
    expect(store.all().map((e) => e.state)).toEqual(['approved', 'approved']);
  });
});

describe('followRecipient: the enrolment follows its campaign recipient', () => {
  const base = { id: 'r', campaignId: 'c', contactId: 1, email: 'a@b.c', step: 0, sentMessageIds: [], attempts: 0, updatedAt: 0 };
  it.each([
    [{ state: 'queued' as const, nextAttemptAt: 1 }, undefined],
    [{ state: 'sent' as const, nextAttemptAt: 5 }, undefined],
    [{ state: 'sent' as const, step: 1 }, { type: 'finish' }],
    [
      { state: 'skipped' as const, reason: 'bounced' as const },
      { type: 'stop', reason: 'bounced' },
    ],
    [
      { state: 'skipped' as const, reason: 'unsubscribed' as const },
      { type: 'stop', reason: 'unsubscribed' },
    ],
    [
      { state: 'skipped' as const, reason: 'missing-merge-value' as const },
      { type: 'stop', reason: 'not-sendable' },
    ],
    [{ state: 'failed' as const }, { type: 'stop', reason: 'failed' }],
  ])('%o → %o', (patch, event) => {
    expect(followRecipient({ ...base, ...patch }, 2)).toEqual(event);
  });
});

describe('hand-off over the Kizuna database (Dexie stores, as the background wires it)', () => {
  it('hands an approved enrolment once, with its edit, and follows the recipient to stopped', async () => {
    const db = createDb(`hand-off-${Date.now()}`);
    const contactId = await contactStoreOf(db).add(person('aiko@customer.example.com', { name: 'Aiko' }));
    await db.sequences.put(winBack);
    await db.enrolments.bulkAdd([{ ...enrolment(contactId, 'approved', { edited: EDIT }) }, { ...enrolment(contactId, 'awaiting-approval'), id: 'other', sequenceId: 'other' }]);
    const campaigns = createDexieStore(db);
    const deps = handOffDepsOf(db, campaigns, { ...DEFAULT_CAMPAIGN_SETTINGS, senderAddress: 'cs@kizuna-test.com', accountType: 'workspace' });
    await advanceSequences(deps, T0, 'before');
    await advanceSequences(deps, T0, 'before');
    const id = recipientIdFor(enrolment(contactId, 'handed'));
    const recipients = await campaigns.listRecipients(sequenceCampaignId('win-back'));
    expect(recipients.map((r) => [r.id, r.email, r.firstMessage])).toEqual([[id, 'aiko@customer.example.com', EDIT]]);
    expect((await db.enrolments.get(enrolment(contactId, 'handed').id))?.state).toBe('handed');
    expect((await db.enrolments.get('other'))?.state).toBe('awaiting-approval');
    await campaigns.transition(id, 'queued', 'skipped', { reason: 'replied', nextAttemptAt: undefined, updatedAt: T0 });
    await advanceSequences(deps, T0, 'after');
    expect(await db.enrolments.get(enrolment(contactId, 'handed').id)).toMatchObject({ state: 'stopped', stopReason: 'replied' });
    db.close();
  });
});

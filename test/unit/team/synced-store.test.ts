// The ContactStore of a member joined to a team: its contract holds with the outbox and the bridge running,
// and whatever sequence of store calls one member makes, the other member's local book ends up the same.
import { afterAll, describe, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import type { ContactStore } from '../../../lib/contacts/store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { startTeamBridge, type TeamBridge } from '../../../lib/team/bridge';
import { pendingChanges } from '../../../lib/team/outbox';
import { contactStoreContract, person } from '../contacts/store-contract';
import { link, replica, until } from './replicas';

let n = 0;
const bridges: TeamBridge[] = [];
afterAll(async () => {
  for (const b of bridges.splice(0)) (b.stop(), await b.idle());
});

/** Two members linked live; returns both local books. */
async function pair(): Promise<{ a: KizunaDb; b: KizunaDb; idle: () => Promise<void> }> {
  const [docsA, docsB] = [replica(), replica()];
  link(docsA, docsB);
  const [a, b] = [createDb(`synced-a-${++n}`), createDb(`synced-b-${n}`)];
  const [one, two] = [startTeamBridge({ docs: docsA, memberName: 'Ann', readOnly: false, db: a }), startTeamBridge({ docs: docsB, memberName: 'Ben', readOnly: false, db: b })];
  bridges.push(one, two);
  await Promise.all([one.ready, two.ready]);
  return { a, b, idle: async () => void (await Promise.all([one.idle(), two.idle()])) };
}

contactStoreContract('dexie, joined to a team', async (): Promise<ContactStore> => contactStoreOf((await pair()).a));

/** A local book as the team shares it: by email, without local ids (tags by name). */
async function shared(db: KizunaDb) {
  const store = contactStoreOf(db);
  const tags = new Map((await store.tags.list()).map((t) => [t.id, t.name]));
  return (await store.all())
    .map((c) => ({ email: c.email, name: c.name, owner: c.owner, stage: c.stage, custom: c.custom, doNotContact: c.doNotContact, tags: c.tags.map((id) => tags.get(id)).sort() }))
    .sort((x, y) => (x.email < y.email ? -1 : 1));
}

describe('a joined member’s store calls', { timeout: 30_000 }, () => {
  it('leave the other member’s local book the same, whichever calls they are', async () => {
    const { a, b, idle } = await pair();
    const store = contactStoreOf(a);
    const [vip, renewal] = await store.tags.ensure(['VIP', 'Renewal']);
    const [x, y, z] = await store.addMany([person('x@acme.example', { tags: [vip.id] }), person('y@acme.example'), person('z@acme.example', { owner: 'zed' })]);
    await store.update(x, { owner: 'ann', custom: { plan: 'pro' } });
    await store.put([{ ...(await store.get(y))!, name: 'Yan', email: 'yan@acme.example' }]);
    await store.addToTag(renewal.id, [x, y, z]);
    await store.removeFromTag(vip.id, [x]);
    await store.setTags(new Map([[z, [vip.id]]]));
    await store.tags.setColor(vip.id, '#188038');
    const gone = (await store.get(z))!;
    await store.delete([z]);
    await store.restore([{ ...gone, owner: 'back' }]);
    await store.atomic(async () => {
      await store.add(person('w@acme.example', { stage: 'customer' }));
      await store.update(x, { custom: {} });
    });
    await until(async () => (await pendingChanges(a)) === 0, 'Ann’s outbox to drain');
    await until(async () => JSON.stringify(await shared(a)) === JSON.stringify(await shared(b)), 'Ben’s book to match Ann’s', 15_000).catch(async () => {
      expect(await shared(b)).toEqual(await shared(a));
    });
    await idle();
    expect((await shared(b)).map((c) => c.email)).toEqual(['w@acme.example', 'x@acme.example', 'yan@acme.example', 'z@acme.example']);
    expect((await contactStoreOf(b).tags.list()).find((t) => t.name === 'VIP')?.color).toBe('#188038');
    expect(await pendingChanges(b)).toBe(0);
  });
});

// A contact pulled before its tag's definition (its shard synced before the `book` document, as after a reconnect):
// the local tag made for it is named by the team key ("from a") until the definition comes; then it takes the
// definition's name at once, by the `book` document's change, with no poll and while other work keeps the queue busy.
import { describe, expect, it, vi, afterEach } from 'vitest';
import * as Y from 'yjs';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addTag } from '../../../lib/contacts/tags';
import { shardName } from '../../../lib/team/book-doc';
import type { TeamBridge } from '../../../lib/team/bridge';
import { person } from '../contacts/store-contract';
import { replica, sync, teamMembers, until } from './replicas';

const member = teamMembers('tag-before-definition');

const tagNamesOf = async (store: ReturnType<typeof contactStoreOf>, email: string) => {
  const c = await store.byEmail(email);
  return c ? (await store.tags.getMany(c.tags)).map((t) => t?.name) : [];
};

/**
 * Holds the bridge's queue busy (as the host's sweep or another member's pull does) from when it resolves until the
 * function it resolves with is called.
 */
async function holdQueue(bridge: TeamBridge): Promise<() => Promise<void>> {
  const started = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const held = bridge.exclusive(() => (started.resolve(), release.promise));
  await started.promise;
  return () => (release.resolve(), held);
}

/** Ann and Ben sharing Dana, both idle; Ann's document updates from now on are collected, not relayed. */
async function danaOnBoth() {
  const [docsA, docsB] = [replica(), replica()];
  const a = await member('Ann', docsA);
  const b = await member('Ben', docsB);
  const [storeA, storeB] = [contactStoreOf(a.db), contactStoreOf(b.db)];
  const id = await storeA.add(person('dana@acme.example'));
  await until(() => docsA.get(shardName('dana@acme.example'))!.getMap('contacts').size > 0, 'the contact in Ann’s documents');
  sync(docsA, docsB);
  await until(async () => !!(await storeB.byEmail('dana@acme.example')), 'the contact to reach Ben');
  await Promise.all([a.bridge.idle(), b.bridge.idle()]);
  const sent: [string, Uint8Array][] = [];
  for (const [name, doc] of docsA) doc.on('update', (update: Uint8Array) => void sent.push([name, update]));
  /** Applies Ann's collected updates of the `book` document (true) or of the contact shards (false) to Ben's. */
  const relay = (book: boolean) => sent.filter(([name]) => (name === 'book') === book).forEach(([name, update]) => Y.applyUpdate(docsB.get(name)!, update));
  return { a, b, storeB, id, sent, relay };
}

describe('a tag pulled before its definition', { timeout: 60_000 }, () => {
  afterEach(() => vi.useRealTimers());

  it('takes the definition’s name as soon as the `book` document brings it, while the queue is busy, with no poll', async () => {
    // The poll never ticks in this test: only the definition's own change can rename the tag.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { a, b, storeB, id, sent, relay } = await danaOnBoth();
    await addTag(a.db, id, 'From A');
    await until(() => sent.some(([name]) => name !== 'book') && sent.some(([name]) => name === 'book'), 'Ann’s updates of the contact and the tag');
    relay(false);
    await until(async () => (await tagNamesOf(storeB, 'dana@acme.example')).length === 1, 'the contact’s tag to reach Ben');
    await b.bridge.idle();
    // No definition yet: the tag is named by its key.
    expect(await tagNamesOf(storeB, 'dana@acme.example')).toEqual(['from a']);
    const release = await holdQueue(b.bridge);
    relay(true);
    await release();
    await until(async () => (await tagNamesOf(storeB, 'dana@acme.example'))[0] === 'From A', 'the tag to take its definition’s name', 5_000);
    await b.bridge.idle();
    const tags = await b.db.tags.toArray();
    // The same local tag, renamed and recoloured: no second tag of that key.
    expect(tags.map((t) => t.key)).toEqual(['from a']);
    const mine = await a.db.tags.where('key').equals('from a').first();
    expect(tags[0]!.color).toBe(mine?.color);
  });

  it('takes the definition’s name when the definition comes while the contact’s pull runs, before it looks up the tag', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { a, b, storeB, id, sent, relay } = await danaOnBoth();
    await addTag(a.db, id, 'From A');
    await until(() => sent.some(([name]) => name !== 'book') && sent.some(([name]) => name === 'book'), 'Ann’s updates of the contact and the tag');
    // The `book` document's update lands as Ben's pull of Dana reads the local tags (its first read of them): the pull
    // began without the definition. Before, it made the tag by its key and then counted it as made from its definition.
    const read = b.db.tags.toArray.bind(b.db.tags);
    const spy = vi.spyOn(b.db.tags, 'toArray').mockImplementationOnce(() => (relay(true), read()));
    relay(false);
    await until(() => spy.mock.calls.length > 0, 'Ben’s pull to read the local tags');
    spy.mockRestore();
    await until(async () => (await tagNamesOf(storeB, 'dana@acme.example'))[0] === 'From A', 'the tag to take its definition’s name', 5_000);
    await b.bridge.idle();
    expect((await b.db.tags.toArray()).map((t) => t.key)).toEqual(['from a']);
  });

  it('a contact pulled with a tag whose key names a local tag the user made gets that tag, its name kept (no second tag)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { a, b, storeB, id, sent, relay } = await danaOnBoth();
    const [own] = await storeB.tags.ensure(['FROM a']);
    await b.bridge.idle();
    // Ben's own tag went to the team book; Ann's copy is not relayed back here.
    await addTag(a.db, id, 'From A');
    await until(() => sent.some(([name]) => name !== 'book'), 'Ann’s update of the contact');
    relay(false);
    await until(async () => (await tagNamesOf(storeB, 'dana@acme.example')).length === 1, 'the contact’s tag to reach Ben');
    await b.bridge.idle();
    // Ben's own tag, by its key: not a second one named by the key.
    expect(await tagNamesOf(storeB, 'dana@acme.example')).toEqual(['FROM a']);
    expect((await b.db.tags.toArray()).map((t) => t.id)).toEqual([own!.id]);
  });

  it('a tag new to the team that no contact carries is made by the poll even when the queue is busy at every tick', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const [docsA, docsB] = [replica(), replica()];
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB);
    await contactStoreOf(a.db).tags.ensure(['Lonely']);
    await until(() => docsA.get('book')!.getMap('tags').size > 0, 'the tag’s definition in Ann’s documents');
    sync(docsA, docsB);
    await b.bridge.idle();
    // Something in Ben's queue at each of three polls (the host's sweep, other members' pulls).
    for (let tick = 0; tick < 3; tick++) {
      const release = await holdQueue(b.bridge);
      vi.advanceTimersByTime(2000);
      await release();
    }
    await until(async () => (await b.db.tags.where('key').equals('lonely').count()) === 1, 'the tag to be made although every poll found the queue busy', 5_000);
  });
});

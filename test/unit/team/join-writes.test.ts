// A team join writes a big team's new contacts packed, a hundred per row (the import's staging, lib/contacts/staging.ts),
// not one IndexedDB row (and one email index entry) per contact: its writes of 1,000 contacts or more go through
// `addMany(…, { packed: true })` (issue 17: 50,000 contacts complete in 30 s; the plain addMany was 15 s of 36).
// Counted below Dexie (test/support/watch-requests.ts): rows written per table, per contact joined.
import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { pagesOf } from '../../../lib/contacts/list-pages';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { startTeamBridge, type TeamBridge } from '../../../lib/team/bridge';
import { TEAM_JOINED } from '../../../lib/team/outbox';
import { countRows } from '../../support/watch-requests';
import { joining, teamBook, until } from './replicas';

const bridges: TeamBridge[] = [];
const dbs: KizunaDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const b of bridges.splice(0)) (b.stop(), await b.idle());
  for (const db of dbs.splice(0)) await db.delete();
});

/** Joins a team of `count` contacts, all shards delivered at once; returns the rows written per table and the ids reported to listeners. */
async function join(count: number) {
  const db = createDb(`join-writes-${count}`);
  dbs.push(db);
  const { written } = countRows(db);
  const store = contactStoreOf(db);
  const addMany = vi.spyOn(store, 'addMany');
  // Dexie's change report of each commit (what every page listening to storagemutated is handed): its range trees' keys.
  let reported = 0;
  type Node = { l?: Node | null; r?: Node | null; d?: number } | null | undefined;
  const nodes = (node: Node): number => (node && node.d ? 1 + nodes(node.l) + nodes(node.r) : 0);
  const listen = (parts: Record<string, Node>) => void (reported += Object.values(parts).reduce((n, tree) => n + nodes(tree), 0));
  Dexie.on('storagemutated', listen);
  const server = joining(teamBook(count));
  const bridge = startTeamBridge({ docs: server.docs, memberName: 'Ben', readOnly: false, db, firstSync: server.firstSync });
  bridges.push(bridge);
  await until(async () => (await db.contactMeta.get(TEAM_JOINED)) !== undefined, 'the join to start');
  for (const name of server.docs.keys()) server.deliver(name);
  await bridge.ready;
  Dexie.on('storagemutated').unsubscribe(listen);
  return { db, store, written: (table: string) => written.get(table) ?? 0, addMany, reported };
}

describe('joining a team: the new contacts’ writes', { timeout: 120_000 }, () => {
  it('writes a big join’s contacts packed: no contact row per contact, a stage row per 100', async () => {
    const count = 20000;
    const { db, store, written, addMany, reported } = await join(count);
    expect(await store.count()).toBe(count);
    const calls = addMany.mock.calls.map(([list, options]) => ({ n: list.length, packed: !!options?.packed }));
    console.log('addMany calls', JSON.stringify(calls));
    console.log('change report: range-tree keys', reported, (reported / count).toFixed(3));
    for (const t of ['contacts', 'contactStage', 'contactStageEmails', 'contactList', 'tagMembers', 'tagEvents', 'contactMeta', 'companies'])
      console.log(t, written(t), (written(t) / count).toFixed(3));
    const big = calls.filter((c) => c.n >= 1000);
    expect(big.length).toBeGreaterThan(0);
    expect(big.every((c) => c.packed)).toBe(true);
    const plain = calls.filter((c) => !c.packed).reduce((sum, c) => sum + c.n, 0);
    // Rows written one per contact only for the small writes (the first shard's first transactions).
    expect(written('contacts')).toBe(plain);
    expect(written('contacts')).toBeLessThan(count / 4);
    // Dexie's change report: a plain write names each contact (its id and its email, ~3 range-tree keys per contact),
    // a packed one its stage rows and email buckets (60,693 keys for these 20,000 contacts before, ~5,300 now).
    expect(reported).toBeLessThan(count / 2);
    // Stage rows: about one per 100 contacts packed, one more per call at most (the block it starts in).
    expect(written('contactStage')).toBeLessThanOrEqual(Math.ceil((count - plain) / 100) + big.length);
    // The list pages are as before: about one per 100 contacts.
    const pages = await db.contactList.count();
    expect(written('contactList')).toBeLessThanOrEqual(pages + calls.length);
    // What a user sees is the same: every contact reads with its tags, the list pages equal the rows.
    const all = await store.all();
    expect(all).toHaveLength(count);
    expect(new Set(all.map((c) => c.email)).size).toBe(count);
    expect(all.every((c) => c.tags.length === 1)).toBe(true);
    expect(await db.contactList.toArray()).toEqual(pagesOf(all.map(({ tags: _tags, ...row }) => row)));
    // Filing them makes ordinary rows, the same contacts.
    await store.fileStaged();
    expect(await db.contacts.count()).toBe(count);
    expect(await store.all()).toEqual(all);
  });
});

// Two members, each with a local book (fake-indexeddb) and a bridge to their own documents, the documents
// relayed in memory as a server would: local writes reach the other member's local book, with no echo.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addNote, notesOf } from '../../../lib/contacts/notes';
import { addTag } from '../../../lib/contacts/tags';
import { updateProfile } from '../../../lib/contacts/profile';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { TeamBook } from '../../../lib/team/book-doc';
import { startTeamBridge, type TeamBridge } from '../../../lib/team/bridge';
import { listConflicts, resolveConflict } from '../../../lib/team/conflicts';
import { leaveTeamBook, pendingChanges, TEAM_JOINED } from '../../../lib/team/outbox';
import { person } from '../contacts/store-contract';
import { link, replica, sync, until } from './replicas';

let n = 0;
const bridges: TeamBridge[] = [];
const dbs: KizunaDb[] = [];
afterEach(async () => {
  for (const b of bridges.splice(0)) (b.stop(), await b.idle());
  for (const db of dbs.splice(0)) await db.delete();
});

/** A member's local book (optionally filled before joining), joined to the team through these documents. */
async function member(name: string, docs: Map<string, Y.Doc>, before?: (db: KizunaDb) => Promise<void>) {
  const db = createDb(`team-${name}-${++n}`);
  dbs.push(db);
  await before?.(db);
  const bridge = startTeamBridge({ docs, memberName: name, readOnly: false, db });
  bridges.push(bridge);
  await bridge.ready;
  return { db, bridge, store: contactStoreOf(db) };
}

/** Two members joined to one team whose documents are relayed live. */
async function team() {
  const [docsA, docsB] = [replica(), replica()];
  const wire = link(docsA, docsB);
  const a = await member('Ann', docsA);
  const b = await member('Ben', docsB);
  return { a, b, wire };
}

const emailsOf = async (db: KizunaDb) => (await contactStoreOf(db).all()).map((c) => c.email).sort();

describe('the team bridge', { timeout: 30_000 }, () => {
  it('brings a new contact, a tag, a note, an owner and a stage change (with its history) made by one member into the other’s local book, with no echo', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example', { name: 'Dana' }));
    await addTag(a.db, id, 'VIP');
    await addNote(a.db, id, 'Renewal in March');
    await updateProfile(a.db, id, { owner: 'ann', stage: 'customer' });
    await until(async () => (await b.store.byEmail('dana@acme.example'))?.owner === 'ann', 'the owner to reach Ben');
    await until(async () => (await notesOf(b.db, (await b.store.byEmail('dana@acme.example'))!.id)).length === 1, 'the note to reach Ben');
    const got = (await b.store.byEmail('dana@acme.example'))!;
    expect(got.name).toBe('Dana');
    expect((await b.store.tags.getMany(got.tags)).map((t) => t?.name)).toEqual(['VIP']);
    expect((await notesOf(b.db, got.id))[0]).toMatchObject({ text: 'Renewal in March', author: 'Ann' });
    // The stage with its history.
    expect(got.stage).toBe('customer');
    await until(async () => (await b.db.activities.where('kind').equals('stage').count()) === 1, 'the stage change to reach Ben’s history');
    expect(await b.db.activities.where('kind').equals('stage').first()).toMatchObject({ contactIds: [got.id], fromStage: 'lead', toStage: 'customer', author: 'Ann' });
    // Nothing Ben received went back out as his own change, and Ann's outbox is empty once sent.
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    expect(await pendingChanges(b.db)).toBe(0);
    await until(async () => (await pendingChanges(a.db)) === 0, 'Ann’s outbox to drain');
  });

  it('keeps concurrent offline edits to different fields, converges on one value for the same field, and deletes win over a concurrent edit', async () => {
    const { a, b, wire } = await team();
    const ids = await a.store.addMany([person('x@acme.example'), person('gone@acme.example')]);
    await until(async () => (await b.store.count()) === 2, 'both contacts to reach Ben');
    const [x, gone] = await Promise.all([b.store.byEmail('x@acme.example'), b.store.byEmail('gone@acme.example')]);
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    wire.offline();
    await a.store.update(ids[0], { owner: 'ann', name: 'From Ann' });
    await b.store.update(x!.id, { custom: { plan: 'pro' }, name: 'From Ben' });
    await a.store.delete([ids[1]]);
    await b.store.update(gone!.id, { owner: 'ben' });
    await until(async () => (await pendingChanges(a.db)) + (await pendingChanges(b.db)) === 0, 'both outboxes to drain into the documents');
    wire.online();
    const converged = async () => {
      const [one, two] = [await a.store.byEmail('x@acme.example'), await b.store.byEmail('x@acme.example')];
      return one?.name === two?.name && two?.owner === 'ann' && one?.custom.plan === 'pro' && (await emailsOf(a.db)).length === 1 && (await emailsOf(b.db)).length === 1;
    };
    await until(converged, 'both members to converge');
    expect(await emailsOf(b.db)).toEqual(['x@acme.example']);
    expect(['From Ann', 'From Ben']).toContain((await b.store.byEmail('x@acme.example'))!.name);
  });

  it('makes the same contact created offline by both members one contact with both sides’ fields and tags', async () => {
    const { a, b, wire } = await team();
    wire.offline();
    const one = await a.store.add(person('sam@beta.example', { owner: 'ann' }));
    await addTag(a.db, one, 'from-ann');
    const two = await b.store.add(person('sam@beta.example', { custom: { plan: 'pro' } }));
    await addTag(b.db, two, 'from-ben');
    await until(async () => (await pendingChanges(a.db)) + (await pendingChanges(b.db)) === 0, 'both outboxes to drain');
    wire.online();
    const tagNames = async (db: KizunaDb) => {
      const c = (await contactStoreOf(db).byEmail('sam@beta.example'))!;
      return (await contactStoreOf(db).tags.getMany(c.tags)).map((t) => t!.name).sort();
    };
    await until(async () => (await tagNames(a.db)).length === 2 && (await tagNames(b.db)).length === 2, 'both tags on both sides');
    for (const side of [a, b]) {
      expect(await side.store.count()).toBe(1);
      expect(await side.store.byEmail('sam@beta.example')).toMatchObject({ owner: 'ann', custom: { plan: 'pro' } });
    }
  });

  it('keeps a contact whose email changed one record on the other side', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('old@acme.example', { owner: 'ann' }));
    await until(async () => (await b.store.count()) === 1, 'the contact to reach Ben');
    await a.store.update(id, { email: 'new@acme.example' });
    await until(async () => (await emailsOf(b.db)).join() === 'new@acme.example', 'the new email to replace the old one');
    expect((await b.store.byEmail('new@acme.example'))?.owner).toBe('ann');
  });

  it('merges a local book into the team book when joining, keeping the team’s value where they differ and listing the difference', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA, async (db) => {
      const id = await contactStoreOf(db).add(person('dana@acme.example', { owner: 'ann', custom: { plan: 'pro' } }));
      await addTag(db, id, 'vip');
    });
    const b = await member('Ben', docsB, async (db) => {
      const id = await contactStoreOf(db).add(person('dana@acme.example', { owner: 'ben', stage: 'customer', custom: { region: 'emea' } }));
      await addTag(db, id, 'renewal');
      await contactStoreOf(db).add(person('only-ben@acme.example'));
    });
    await until(async () => (await a.store.count()) === 2, 'Ben’s own contact to reach Ann');
    await until(async () => (await a.store.byEmail('dana@acme.example'))?.custom.region === 'emea', 'Ben’s fields to reach Ann');
    const dana = (await b.store.byEmail('dana@acme.example'))!;
    expect(dana).toMatchObject({ owner: 'ann', stage: 'lead', custom: { plan: 'pro', region: 'emea' } });
    expect((await b.store.tags.getMany(dana.tags)).map((t) => t!.key).sort()).toEqual(['renewal', 'vip']);
    const conflicts = await listConflicts(b.db);
    expect(conflicts).toEqual([
      expect.objectContaining({ key: 'dana@acme.example', field: 'stage', local: 'customer', team: 'lead' }),
      expect.objectContaining({ key: 'dana@acme.example', field: 'owner', local: 'ben', team: 'ann' }),
    ]);
    await resolveConflict(b.db, conflicts[1].id!, 'local');
    await resolveConflict(b.db, conflicts[0].id!, 'team');
    await until(async () => (await a.store.byEmail('dana@acme.example'))?.owner === 'ben', 'the chosen local value to reach Ann');
    expect(await listConflicts(b.db)).toEqual([]);
    expect((await b.store.byEmail('dana@acme.example'))?.stage).toBe('lead');
  });

  it('leaving stops the outbox, and joining again (another team) merges the book anew', async () => {
    const [docsA] = [replica()];
    const a = await member('Ann', docsA);
    const kept = await a.store.add(person('kept@acme.example'));
    a.bridge.stop();
    await a.bridge.idle();
    await leaveTeamBook(a.db);
    expect(await a.db.contactMeta.get(TEAM_JOINED)).toBeUndefined();
    expect(await pendingChanges(a.db)).toBe(0);
    // A local-only book again: writes leave nothing waiting for a team.
    await a.store.update(kept, { owner: 'ann' });
    await a.store.add(person('later@acme.example'));
    expect(await pendingChanges(a.db)).toBe(0);
    // Another team's documents: the first sync runs again and brings the whole book.
    const docsOther = replica();
    const again = startTeamBridge({ docs: docsOther, memberName: 'Ann', readOnly: false, db: a.db });
    bridges.push(again);
    await again.ready;
    const book = new TeamBook(docsOther);
    expect(book.keys().sort()).toEqual(['kept@acme.example', 'later@acme.example']);
    book.destroy();
  });

  it('a joining book waits for the server’s state before its first merge, so the team’s value is kept and the difference listed', async () => {
    const [docsA, docsB] = [replica(), replica()];
    const a = await member('Ann', docsA, async (db) => void (await contactStoreOf(db).add(person('dana@acme.example', { owner: 'ann' }))));
    const db = createDb(`team-Ben-${++n}`);
    dbs.push(db);
    await contactStoreOf(db).add(person('dana@acme.example', { owner: 'ben' }));
    // Ben's documents are empty (fresh from IndexedDB) when his bridge starts; the server's state comes after.
    let arrived!: () => void;
    const firstSync = new Promise<void>((resolve) => (arrived = resolve));
    const bridge = startTeamBridge({ docs: docsB, memberName: 'Ben', readOnly: false, db, firstSync });
    bridges.push(bridge);
    await new Promise((r) => setTimeout(r, 50));
    link(docsA, docsB);
    sync(docsA, docsB);
    arrived();
    await bridge.ready;
    expect(await listConflicts(db)).toEqual([expect.objectContaining({ key: 'dana@acme.example', field: 'owner', local: 'ben', team: 'ann' })]);
    expect((await contactStoreOf(db).byEmail('dana@acme.example'))?.owner).toBe('ann');
    await Promise.all([a.bridge.idle(), bridge.idle()]);
    expect((await a.store.byEmail('dana@acme.example'))?.owner).toBe('ann');
  });
});

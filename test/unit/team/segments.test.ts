// Saved segments through the bridge (two members, documents relayed in memory): once joined, every saved segment is
// the team's; a rename, a filter change and a delete reach the other member; a viewer's store refuses to change them.
import { describe, expect, it } from 'vitest';
import type { KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { pendingChanges, TeamReadOnlyError } from '../../../lib/team/outbox';
import { createSegment, deleteSegment, updateSegment } from '../../../lib/workspace/segments';
import type { SegmentFilter } from '../../../lib/segments/filter';
import { link, replica, teamMembers, until } from './replicas';

const member = teamMembers('team-seg');

const customers: SegmentFilter = { conditions: [{ type: 'lastContact', op: 'olderThan', days: 90 }] };
const leads: SegmentFilter = { conditions: [{ type: 'owner', owners: ['ann', 'ben'] }] };
const named = async (db: KizunaDb, name: string) => (await db.segments.toArray()).find((s) => s.name === name);

describe('team segments', { timeout: 30_000 }, () => {
  it('shares saved segments (one saved before joining too); a rename, a new filter and a delete reach the other member', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA, { before: (db) => createSegment(db, 'Old customers', customers) });
    const b = await member('Ben', docsB);
    await until(async () => !!(await named(b.db, 'Old customers')), 'the segment saved before joining to reach Ben');
    const made = await createSegment(a.db, 'Leads', leads);
    await until(async () => !!(await named(b.db, 'Leads')), 'a new segment to reach Ben');
    expect((await named(b.db, 'Leads'))?.filter).toEqual((await a.db.segments.get(made.id))?.filter);
    await updateSegment(b.db, (await named(b.db, 'Leads'))!.id, { name: 'Warm leads', filter: customers });
    await until(async () => (await a.db.segments.get(made.id))?.name === 'Warm leads', 'Ben’s rename to reach Ann');
    expect((await a.db.segments.get(made.id))?.filter).toEqual((await named(b.db, 'Warm leads'))?.filter);
    await deleteSegment(a.db, made.id);
    await until(async () => !(await named(b.db, 'Warm leads')), 'Ann’s delete to reach Ben');
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'the outboxes to drain');
    expect((await b.db.segments.toArray()).map((s) => s.name)).toEqual(['Old customers']);
  });

  it('names tags by their team key: a segment of one tag means that tag in the other browser, whose ids differ', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    // Made in another order on each side: Ann's "Renewal" is her tag 2, Ben's his tag 1 (and Ben has no "Trial").
    const a = await member('Ann', docsA, { before: async (db) => void (await contactStoreOf(db).tags.ensure(['Trial', 'Renewal'])) });
    const b = await member('Ben', docsB, { before: async (db) => void (await contactStoreOf(db).tags.ensure(['Renewal'])) });
    const tagId = async (db: KizunaDb, name: string) => (await db.tags.toArray()).find((t) => t.name === name)?.id;
    const [renewalA, trialA, renewalB] = [await tagId(a.db, 'Renewal'), await tagId(a.db, 'Trial'), await tagId(b.db, 'Renewal')];
    expect(renewalA).not.toBe(renewalB);
    await createSegment(a.db, 'Renewals', { conditions: [{ type: 'tags', mode: 'any', tagIds: [renewalA!] }] });
    await until(async () => !!(await named(b.db, 'Renewals')), 'the segment to reach Ben');
    expect((await named(b.db, 'Renewals'))?.filter).toEqual({ conditions: [{ type: 'tags', mode: 'any', tagIds: [renewalB] }] });
    // A tag Ben's browser did not have is made there, and Ben's edit comes back to Ann in her ids.
    await createSegment(a.db, 'Trials', { conditions: [{ type: 'tags', mode: 'none', tagIds: [trialA!] }] });
    await until(async () => !!(await named(b.db, 'Trials')), 'the second segment to reach Ben');
    const trialB = await tagId(b.db, 'Trial');
    expect(trialB).toBeTypeOf('number');
    expect((await named(b.db, 'Trials'))?.filter).toEqual({ conditions: [{ type: 'tags', mode: 'none', tagIds: [trialB] }] });
    await updateSegment(b.db, (await named(b.db, 'Trials'))!.id, { filter: { conditions: [{ type: 'tags', mode: 'all', tagIds: [trialB!, renewalB!] }] } });
    await until(async () => JSON.stringify((await named(a.db, 'Trials'))?.filter).includes('"all"'), 'Ben’s edit to reach Ann');
    expect((await named(a.db, 'Trials'))?.filter).toEqual({ conditions: [{ type: 'tags', mode: 'all', tagIds: [trialA, renewalA] }] });
  });

  it('refuses a viewer’s new, changed or deleted segment in the store', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const viewer = await member('Vic', docsB, { readOnly: true });
    await createSegment(a.db, 'Customers', customers);
    await until(async () => !!(await named(viewer.db, 'Customers')), 'the segment to reach the viewer');
    const id = (await named(viewer.db, 'Customers'))!.id;
    await expect(createSegment(viewer.db, 'Mine', leads)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(updateSegment(viewer.db, id, { name: 'Renamed' })).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(deleteSegment(viewer.db, id)).rejects.toBeInstanceOf(TeamReadOnlyError);
    expect((await viewer.db.segments.toArray()).map((s) => s.name)).toEqual(['Customers']);
  });
});

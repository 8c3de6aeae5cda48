import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { createSegment, deleteSegment, listSegments, updateSegment } from '../../../lib/workspace/segments';

let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`segments-${++n}`);
});
afterEach(async () => db.delete());

const vip = { conditions: [{ type: 'tags' as const, mode: 'any' as const, tagIds: [1] }] };

describe('segment store', () => {
  it('saves, lists by name, renames and deletes', async () => {
    const b = await createSegment(db, '  VIP   customers ', vip, 10);
    await createSegment(db, 'At risk', { conditions: [{ type: 'risk', bands: ['high'] }] }, 11);
    expect(b.name).toBe('VIP customers');
    expect((await listSegments(db)).map((s) => s.name)).toEqual(['At risk', 'VIP customers']);
    await updateSegment(db, b.id, { name: 'Top accounts' }, 20);
    expect(await db.segments.get(b.id)).toEqual({ id: b.id, name: 'Top accounts', filter: vip, createdAt: 10, updatedAt: 20 });
    await deleteSegment(db, b.id);
    expect((await listSegments(db)).map((s) => s.name)).toEqual(['At risk']);
  });

  it('refuses an empty, too long or taken name, and an invalid filter, storing nothing', async () => {
    await createSegment(db, 'VIP', vip);
    await expect(createSegment(db, '   ', vip)).rejects.toMatchObject({ code: 'name-empty' });
    await expect(createSegment(db, 'x'.repeat(101), vip)).rejects.toMatchObject({ code: 'name-too-long' });
    await expect(createSegment(db, 'vip', vip)).rejects.toMatchObject({ code: 'name-taken' });
    await expect(createSegment(db, 'Bad', { conditions: [{ type: 'custom', key: 'arr', op: 'gt', value: 'lots' }] })).rejects.toMatchObject({
      code: 'bad-filter',
      message: expect.stringContaining('Needs a number'),
    });
    expect(await db.segments.count()).toBe(1);
  });

  it("renaming to its own name in another case is allowed; to another segment's name is not", async () => {
    const a = await createSegment(db, 'VIP', vip);
    await createSegment(db, 'Leads', { conditions: [{ type: 'stage', stages: ['lead'] }] });
    await updateSegment(db, a.id, { name: 'vip' });
    await expect(updateSegment(db, a.id, { name: 'LEADS' })).rejects.toMatchObject({ code: 'name-taken' });
    await expect(updateSegment(db, 999, { name: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    expect((await listSegments(db)).map((s) => s.name)).toEqual(['Leads', 'vip']);
  });
});

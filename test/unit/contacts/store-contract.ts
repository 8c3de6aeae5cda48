import { describe, expect, it, vi } from 'vitest';
import type { ContactChange, ContactStore } from '../../../lib/contacts/store';
import type { Contact, StoredScore } from '../../../lib/db/types';
import { person } from '../../support/store-differential';
import { listPagesProblem } from '../../support/list-pages-check';
import type { DexieContactStore } from '../../../lib/contacts/dexie-store';

export { person } from '../../support/store-differential';

const score = (contactId: number, value = 50): StoredScore => ({ contactId, score: value, band: 'medium', at: 1, basis: 'rules:x', history: [[1, value]] });

/** Every method of the store that writes. */
const WRITES = new Set(['add', 'addMany', 'put', 'update', 'delete', 'restore', 'clear', 'setTags', 'addToTag', 'removeFromTag', 'atomic']);

/**
 * The store, checked after every write that succeeded (outside `atomic`: after the whole step) that the lists' read
 * (`list`) answers exactly what the rows do (`all`), whole and in a bounded range; for a Dexie store also that its list
 * pages are exactly its rows, block by block (test/support/list-pages-check.ts).
 */
function checked(store: ContactStore): ContactStore {
  let inside = 0;
  const check = async () => {
    const rows = await store.all();
    expect(await store.list()).toEqual(rows);
    const mid = rows[Math.floor(rows.length / 2)]?.id ?? 0;
    expect(await store.list({ after: rows[0]?.id, upTo: mid })).toEqual(rows.filter((c) => c.id > rows[0].id && c.id <= mid));
    if ('tables' in store) expect(await listPagesProblem((store as DexieContactStore).tables)).toBeNull();
  };
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITES.has(key as string)) return value.bind(target);
      return async (...args: unknown[]) => {
        if (key === 'atomic') inside++;
        let out: unknown;
        try {
          out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          if (key === 'atomic') inside--;
        }
        if (inside === 0) await check();
        return out;
      };
    },
  });
}

/** The ContactStore contract (lib/contacts/store.ts), run against every implementation. */
export function contactStoreContract(name: string, make: () => Promise<ContactStore>): void {
  const makeStore = async () => checked(await make());
  describe(`ContactStore contract: ${name}`, () => {
    it('adds contacts and reads them back by id, ids, email, emails, pages and in full', async () => {
      const store = await makeStore();
      const a = await store.add(person('a@x.com'));
      const [b, c] = await store.addMany([person('b@x.com', { name: 'Bee' }), person('c@x.com')]);
      expect(b).toBeGreaterThan(a);
      expect(c).toBeGreaterThan(b);
      expect(await store.get(b)).toMatchObject({ id: b, email: 'b@x.com', name: 'Bee', tags: [] });
      expect(await store.get(999)).toBeUndefined();
      expect((await store.getMany([c, 999, a])).map((x) => x?.id)).toEqual([c, undefined, a]);
      expect((await store.byEmail('c@x.com'))?.id).toBe(c);
      expect(await store.byEmail('nobody@x.com')).toBeUndefined();
      expect((await store.byEmails(['c@x.com', 'zz@x.com', 'a@x.com'])).map((x) => x.id).sort()).toEqual([a, c].sort());
      expect((await store.byEmailPrefix('', 2)).map((x) => x.email)).toEqual(['a@x.com', 'b@x.com']);
      expect((await store.byEmailPrefix('c@', 8)).map((x) => x.id)).toEqual([c]);
      expect(await store.byEmailPrefix('d', 8)).toEqual([]);
      expect(await store.count()).toBe(3);
      expect((await store.all()).map((x) => x.id)).toEqual([a, b, c]);
      expect((await store.page({ limit: 2 })).map((x) => x.id)).toEqual([a, b]);
      expect((await store.page({ after: a, limit: 5 })).map((x) => x.id)).toEqual([b, c]);
      expect((await store.page({ limit: 2, reverse: true })).map((x) => x.id)).toEqual([c, b]);
      expect((await store.page({ after: b, limit: 2, reverse: true })).map((x) => x.id)).toEqual([a]);
      // A bounded range (after, upTo], for reading several ranges of the book at once.
      expect((await store.page({ after: a, upTo: b, limit: 5 })).map((x) => x.id)).toEqual([b]);
      expect((await store.page({ upTo: b, limit: 5 })).map((x) => x.id)).toEqual([a, b]);
      expect((await store.page({ after: c, upTo: c + 100, limit: 5 })).map((x) => x.id)).toEqual([]);
    });

    it('reads contacts without their tags for readers that need none: a page past an id, or the ids that exist', async () => {
      const store = await makeStore();
      const [t] = await store.tags.ensure(['One']);
      const [a, b, c] = await store.addMany([person('a@x.com', { tags: [t.id] }), person('b@x.com', { name: 'Bee' }), person('c@x.com', { tags: [t.id] })]);
      const plain = async (id: number) => ({ ...(await store.get(id))!, tags: [] });
      expect(await store.untagged({ limit: 2 })).toEqual([await plain(a), await plain(b)]);
      expect((await store.untagged({ after: a, limit: 5 })).map((x) => x.id)).toEqual([b, c]);
      expect(await store.untagged({ after: c, limit: 5 })).toEqual([]);
      expect(await store.untagged({ ids: [c, 999, a, c] })).toEqual([await plain(a), await plain(c)]);
      expect(await store.untagged({ ids: [] })).toEqual([]);
    });

    it('tells which ids are stored contacts, close together or scattered', async () => {
      const store = await makeStore();
      const [a, b, c] = await store.addMany([person('a@x.com'), person('b@x.com'), person('c@x.com')]);
      await store.delete([b]);
      expect(await store.existing([c, b, a, c])).toEqual(new Set([a, c]));
      expect(await store.existing([a, 100_000, -5])).toEqual(new Set([a]));
      expect(await store.existing([])).toEqual(new Set());
    });

    it('returns copies: changing a returned contact changes nothing stored', async () => {
      const store = await makeStore();
      const id = await store.add(person('a@x.com', { custom: { plan: 'pro' } }));
      const got = (await store.get(id))!;
      got.custom.plan = 'free';
      got.tags.push(7);
      expect(await store.get(id)).toMatchObject({ custom: { plan: 'pro' }, tags: [] });
    });

    it('never reuses an id, even after a delete or a clear', async () => {
      const store = await makeStore();
      const a = await store.add(person('a@x.com'));
      await store.delete([a]);
      const b = await store.add(person('a@x.com'));
      expect(b).toBeGreaterThan(a);
      await store.put([{ ...(await store.get(b))!, id: 50, email: 'fifty@x.com' }]);
      expect(await store.add(person('c@x.com'))).toBeGreaterThan(50);
    });

    it('refuses a second contact with an email, writing nothing of that call', async () => {
      const store = await makeStore();
      const a = await store.add(person('a@x.com'));
      const b = await store.add(person('b@x.com'));
      await expect(store.add(person('a@x.com'))).rejects.toMatchObject({ name: 'ConstraintError' });
      await expect(store.addMany([person('n1@x.com'), person('a@x.com')])).rejects.toMatchObject({ name: 'ConstraintError' });
      await expect(store.addMany([person('n2@x.com'), person('n2@x.com')])).rejects.toMatchObject({ name: 'ConstraintError' });
      await expect(store.update(b, { email: 'a@x.com', name: 'Changed' })).rejects.toMatchObject({ name: 'ConstraintError' });
      const bRow = (await store.get(b))!;
      await expect(
        store.put([
          { ...bRow, name: 'P' },
          { ...bRow, id: 77, email: 'a@x.com' },
        ]),
      ).rejects.toMatchObject({ name: 'ConstraintError' });
      expect((await store.all()).map((c) => [c.id, c.email, c.name])).toEqual([
        [a, 'a@x.com', 'a'],
        [b, 'b@x.com', 'b'],
      ]);
      // Changing a contact's own email, or swapping to an email freed earlier in the same call, is fine.
      await store.update(a, { email: 'a2@x.com' });
      await store.put([{ ...bRow, email: 'a@x.com' }]);
      expect((await store.byEmail('a@x.com'))?.id).toBe(b);
    });

    it('puts and updates rows without touching membership; an update removes keys set to undefined', async () => {
      const store = await makeStore();
      const [tag] = await store.tags.ensure(['VIP']);
      const id = await store.add(person('a@x.com', { tags: [tag.id], churnedAt: 5 }));
      const row = (await store.get(id))!;
      await store.put([{ ...row, name: 'Put', tags: [] }]);
      expect(await store.get(id)).toMatchObject({ name: 'Put', tags: [tag.id], churnedAt: 5 });
      const updated = await store.update(id, { owner: 'kim', churnedAt: undefined });
      expect(updated).toMatchObject({ owner: 'kim', tags: [tag.id] });
      expect('churnedAt' in updated!).toBe(false);
      expect('churnedAt' in (await store.get(id))!).toBe(false);
      expect(await store.update(999, { owner: 'x' })).toBeUndefined();
      expect(await store.count()).toBe(1);
    });

    it('keeps tag membership explicitly: initial tags, setTags, addToTag, removeFromTag, members, membership', async () => {
      const store = await makeStore();
      const [t1, t2, t3] = await store.tags.ensure(['One', 'Two', 'Three']);
      const a = await store.add(person('a@x.com', { tags: [t3.id, t1.id] }));
      const [b, c] = await store.addMany([person('b@x.com', { tags: [t2.id] }), person('c@x.com')]);
      expect((await store.get(a))!.tags).toEqual([t1.id, t3.id]);
      expect(await store.tagsOf([c, b, a, 999])).toEqual(
        new Map([
          [b, [t2.id]],
          [a, [t1.id, t3.id]],
        ]),
      );
      expect(await store.addToTag(t2.id, [a, b, c, 999, a])).toEqual([a, c]);
      expect(await store.members(t2.id)).toEqual([a, b, c]);
      expect(await store.removeFromTag(t2.id, [b, 999])).toEqual([b]);
      expect(await store.removeFromTag(t2.id, [b])).toEqual([]);
      await store.setTags(
        new Map([
          [c, [t3.id, t1.id]],
          [999, [t1.id]],
        ]),
      );
      expect(await store.membership()).toEqual(
        new Map([
          [a, [t1.id, t2.id, t3.id]],
          [c, [t1.id, t3.id]],
        ]),
      );
      expect((await store.getMany([a, b, c])).map((x) => x!.tags)).toEqual([[t1.id, t2.id, t3.id], [], [t1.id, t3.id]]);
      await expect(store.addToTag(12345, [a])).rejects.toThrow();
      await store.delete([a]);
      expect(await store.members(t1.id)).toEqual([c]);
      expect(await store.membership()).toEqual(new Map([[c, [t1.id, t3.id]]]));
    });

    it('restores contacts exactly as given, rows and tags', async () => {
      const store = await makeStore();
      const [t1, t2] = await store.tags.ensure(['One', 'Two']);
      const id = await store.add(person('a@x.com', { tags: [t1.id] }));
      const before = (await store.get(id))!;
      await store.addToTag(t2.id, [id]);
      await store.update(id, { name: 'Later' });
      await store.delete([id]);
      await store.restore([before]);
      expect(await store.get(id)).toEqual(before);
      const other: Contact = { ...before, id: 40, email: 'b@x.com', tags: [t2.id] };
      await store.restore([other]);
      expect(await store.membership()).toEqual(
        new Map([
          [id, [t1.id]],
          [40, [t2.id]],
        ]),
      );
    });

    it('keeps tag definitions: one per name whatever its case, each with a colour', async () => {
      const store = await makeStore();
      const [vip, lead] = await store.tags.ensure(['VIP', 'Lead', 'vip']);
      expect(vip).toMatchObject({ name: 'VIP', key: 'vip' });
      expect(vip.color).not.toBe(lead.color);
      expect((await store.tags.ensure(['Vip'])).map((t) => t.id)).toEqual([vip.id]);
      await expect(store.tags.ensure(['  padded '])).rejects.toThrow();
      await store.tags.setColor(vip.id, '#188038');
      expect((await store.tags.getMany([vip.id, 999]))[0]).toMatchObject({ color: '#188038' });
      expect((await store.tags.list()).map((t) => t.name)).toEqual(['VIP', 'Lead']);
      await store.tags.put([{ id: 30, name: 'Old', key: 'old', color: '#1a73e8' }]);
      expect((await store.tags.list()).map((t) => t.id)).toEqual([vip.id, lead.id, 30]);
    });

    it('keeps scores apart from the rows: put, get, page, delete, clear', async () => {
      const store = await makeStore();
      await store.scores.put([score(3), score(1), score(7, 80)]);
      expect(await store.scores.get(7)).toEqual(score(7, 80));
      expect((await store.scores.getMany([1, 2])).map((s) => s?.contactId)).toEqual([1, undefined]);
      expect((await store.scores.page({ after: 1 })).map((s) => s.contactId)).toEqual([3, 7]);
      expect((await store.scores.page({ after: 1, upTo: 3 })).map((s) => s.contactId)).toEqual([3]);
      expect((await store.scores.page({ limit: 2 })).map((s) => s.contactId)).toEqual([1, 3]);
      await store.scores.delete([3]);
      expect((await store.scores.page({})).map((s) => s.contactId)).toEqual([1, 7]);
      await store.scores.clear();
      expect(await store.scores.page({})).toEqual([]);
    });

    it('clears everything', async () => {
      const store = await makeStore();
      const [t] = await store.tags.ensure(['One']);
      await store.add(person('a@x.com', { tags: [t.id] }));
      await store.scores.put([score(1)]);
      await store.clear();
      expect([await store.count(), (await store.tags.list()).length, (await store.membership()).size, (await store.scores.page({})).length]).toEqual([0, 0, 0, 0]);
    });

    it('makes several calls one step with atomic: a throw keeps none of them', async () => {
      const store = await makeStore();
      const [t] = await store.tags.ensure(['One']);
      const a = await store.add(person('a@x.com'));
      await expect(
        store.atomic(async () => {
          await store.add(person('b@x.com'));
          await store.addToTag(t.id, [a]);
          await store.update(a, { name: 'Gone' });
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect((await store.all()).map((c) => [c.email, c.name, c.tags])).toEqual([['a@x.com', 'a', []]]);
      // A refused call fails the whole step even when the function catches it (as a Dexie sub-transaction fails its parent).
      await expect(
        store.atomic(async () => {
          await store.update(a, { name: 'Kept?' });
          await store.add(person('a@x.com')).catch(() => undefined);
        }),
      ).rejects.toThrow();
      expect((await store.get(a))!.name).toBe('a');
      expect(await store.atomic(async () => (await store.update(a, { name: 'Done' }))!.name)).toBe('Done');
    });

    it('announces committed writes, and not those rolled back', async () => {
      const store = await makeStore();
      const changes: ContactChange[] = [];
      const stop = store.onChange((c) => changes.push(c));
      const has = (part: 'contacts' | 'membership' | 'scores', id: number) => changes.some((c) => c[part] === 'all' || c[part].includes(id));
      const [t] = await store.tags.ensure(['One']);
      await vi.waitFor(() => expect(changes.some((c) => c.tags)).toBe(true));
      const a = await store.add(person('a@x.com'));
      await vi.waitFor(() => expect(has('contacts', a)).toBe(true));
      await store.addToTag(t.id, [a]);
      await vi.waitFor(() => expect(has('membership', a)).toBe(true));
      await store.scores.put([score(a)]);
      await vi.waitFor(() => expect(has('scores', a)).toBe(true));
      changes.length = 0;
      await store
        .atomic(async () => {
          await store.update(a, { name: 'x' });
          throw new Error('stop');
        })
        .catch(() => undefined);
      const b = await store.add(person('b@x.com'));
      await vi.waitFor(() => expect(has('contacts', b)).toBe(true));
      expect(has('contacts', a)).toBe(false);
      stop();
      changes.length = 0;
      await store.update(b, { name: 'y' });
      await new Promise((r) => setTimeout(r, 20));
      expect(changes).toEqual([]);
    });

    it('stores packed contacts (a large import) that read like any other', async () => {
      const store = await makeStore();
      const [t] = await store.tags.ensure(['One']);
      const first = await store.add(person('first@x.com'));
      const ids = await store.addMany(
        Array.from({ length: 250 }, (_, i) => person(`p${i}@x.com`, i % 2 ? { tags: [t.id] } : {})),
        { packed: true },
      );
      expect(ids[0]).toBeGreaterThan(first);
      expect(new Set(ids).size).toBe(250);
      expect(await store.count()).toBe(251);
      expect((await store.byEmail('p7@x.com'))?.tags).toEqual([t.id]);
      expect((await store.members(t.id)).length).toBe(125);
      await expect(store.add(person('p3@x.com'))).rejects.toMatchObject({ name: 'ConstraintError' });
      await store.update(ids[3], { name: 'Edited' });
      expect((await store.page({ after: ids[2], limit: 1 }))[0]).toMatchObject({ id: ids[3], name: 'Edited', tags: [t.id] });
      expect((await store.untagged({ after: ids[2], limit: 2 })).map((x) => [x.id, x.name, x.tags])).toEqual([
        [ids[3], 'Edited', []],
        [ids[4], 'p4', []],
      ]);
      expect((await store.untagged({ ids: [ids[9], first, 0] })).map((x) => x.id)).toEqual([first, ids[9]]);
      // Staged contacts exist too, next to ordinary ones and apart from them.
      expect(await store.existing([ids[9], first, 0, ids[249] + 1])).toEqual(new Set([first, ids[9]]));
      expect(await store.existing(ids.slice(0, 100))).toEqual(new Set(ids.slice(0, 100)));
      expect((await store.untagged({ after: first - 1, limit: 3 })).map((x) => x.id)).toEqual([first, ids[0], ids[1]]);
      await store.delete([ids[5]]);
      expect(await store.count()).toBe(250);
      expect(await store.add(person('new@x.com'))).toBeGreaterThan(ids[249]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { ActivityStore, NewActivity } from '../../../lib/activities/store';

const mail = (contactIds: number[], at: number, more: Partial<NewActivity> = {}): NewActivity => ({ kind: 'email', contactIds, at, messageId: `m${at}`, direction: 'in', ...more });
const note = (contactId: number, text: string, at = 1): NewActivity => ({ kind: 'note', contactIds: [contactId], at, text });

/** The ActivityStore contract (lib/activities/store.ts), run against every implementation. */
export function activityStoreContract(name: string, makeStore: () => Promise<ActivityStore>): void {
  describe(`ActivityStore contract: ${name}`, () => {
    it('adds activities and reads them back by id, contacts, kind and message id', async () => {
      const store = await makeStore();
      const a = await store.add(mail([1], 10));
      const [b, c] = await store.addMany([mail([2, 1], 20), note(3, 'hi')]);
      expect(b).toBeGreaterThan(a);
      expect(c).toBeGreaterThan(b);
      expect(await store.get(c)).toEqual({ id: c, kind: 'note', contactIds: [3], at: 1, text: 'hi' });
      expect(await store.get(999)).toBeUndefined();
      expect((await store.getMany([c, 999, a])).map((x) => x?.id)).toEqual([c, undefined, a]);
      expect((await store.ofContacts([1, 2])).map((x) => x.id)).toEqual([a, b]);
      expect((await store.ofContacts([3])).map((x) => x.id)).toEqual([c]);
      expect(await store.ofContacts([])).toEqual([]);
      expect((await store.ofKind('email')).map((x) => x.id)).toEqual([a, b]);
      expect((await store.byMessageIds(['m20', 'nope'])).map((x) => x.id)).toEqual([b]);
      // A thread's message ids (one get each) and an import's many (a cursor): each row once, by id.
      expect((await store.byMessageIds(['m20', 'm10', 'm20'])).map((x) => x.id)).toEqual([a, b]);
      expect((await store.byMessageIds([...Array.from({ length: 60 }, (_, i) => `x${i}`), 'm20', 'm10'])).map((x) => x.id)).toEqual([a, b]);
      expect((await store.ofContacts([1, 1])).map((x) => x.id)).toEqual([a, b]);
      expect(await store.count()).toBe(3);
      // Given ids are kept (a restore).
      expect(await store.addMany([{ ...note(4, 'kept'), id: 50 }])).toEqual([50]);
      expect((await store.get(50))?.text).toBe('kept');
    });

    it('hands out copies: changing a value read or given changes nothing stored', async () => {
      const store = await makeStore();
      const given = mail([1], 10);
      const id = await store.add(given);
      given.contactIds.push(9);
      const read = (await store.get(id))!;
      read.contactIds.push(8);
      expect((await store.get(id))!.contactIds).toEqual([1]);
    });

    it('updates, puts and deletes rows; an update removes a key set to undefined and skips missing ids', async () => {
      const store = await makeStore();
      const [a, b] = await store.addMany([note(1, 'one'), mail([2], 20, { subject: 'Hello' })]);
      const [updated, missing] = await store.update([
        { id: b, patch: { contactIds: [3], subject: undefined } },
        { id: 999, patch: { text: 'x' } },
      ]);
      expect(updated).toEqual({ id: b, kind: 'email', contactIds: [3], at: 20, messageId: 'm20', direction: 'in' });
      expect(missing).toBeUndefined();
      expect(await store.get(999)).toBeUndefined();
      await store.put([{ id: a, kind: 'note', contactIds: [1], at: 2, text: 'edited' }]);
      expect((await store.get(a))?.text).toBe('edited');
      await store.delete([a, 999]);
      expect((await store.ofContacts([1, 2, 3])).map((x) => x.id)).toEqual([b]);
      await store.clear();
      expect(await store.count()).toBe(0);
    });

    it('refuses a message id stored twice and writes nothing of that call', async () => {
      const store = await makeStore();
      const a = await store.add(mail([1], 10));
      await expect(store.addMany([mail([2], 20), mail([2], 10)])).rejects.toMatchObject({ name: 'ConstraintError' });
      await expect(store.addMany([mail([2], 30), mail([3], 30)])).rejects.toMatchObject({ name: 'ConstraintError' });
      const [b] = await store.addMany([mail([2], 40)]);
      await expect(store.update([{ id: b, patch: { messageId: 'm10' } }])).rejects.toMatchObject({ name: 'ConstraintError' });
      expect((await store.ofContacts([1, 2, 3])).map((x) => [x.id, x.messageId])).toEqual([
        [a, 'm10'],
        [b, 'm40'],
      ]);
    });

    it('gives every contact a write touches, before and after it, a new history revision, and no other', async () => {
      const store = await makeStore();
      const ids = [1, 2, 3, 4, 5];
      const before = async () => store.revisions(ids);
      /** The contacts whose revision moved across `write` (undefined → undefined counts as unmoved). */
      const moved = async (write: () => Promise<unknown>) => {
        const was = await before();
        await write();
        const now = await before();
        return ids.filter((_, i) => now[i] !== was[i]);
      };
      let shared = 0;
      expect(await moved(async () => (shared = await store.add(mail([1, 2], 10))))).toEqual([1, 2]);
      let three = 0;
      expect(await moved(async () => ([three] = await store.addMany([note(3, 'a'), note(3, 'b')])))).toEqual([3]);
      // A merge moves an activity from one contact to another: both change.
      expect(await moved(() => store.update([{ id: shared, patch: { contactIds: [4] } }]))).toEqual([1, 2, 4]);
      expect(await moved(() => store.update([{ id: three, patch: { text: 'edited' } }]))).toEqual([3]);
      expect(await moved(() => store.put([{ id: shared, kind: 'email', contactIds: [5], at: 10, messageId: 'm10' }]))).toEqual([4, 5]);
      expect(await moved(() => store.delete([three]))).toEqual([3]);
      expect(await moved(() => store.update([{ id: 999, patch: { text: 'x' } }]))).toEqual([]);
      expect(await moved(() => store.delete([999]))).toEqual([]);
      // A refused write moves nothing.
      expect(await moved(() => store.add(mail([1], 10)).catch(() => undefined))).toEqual([]);
      expect((await store.revisions(ids)).every((r) => r !== undefined)).toBe(true);
      await store.clear();
      expect(await store.revisions(ids)).toEqual(ids.map(() => undefined));
    });

    it('keeps all of an atomic step or none of it', async () => {
      const store = await makeStore();
      const a = await store.add(note(1, 'one'));
      const revs = await store.revisions([1, 2]);
      await expect(
        store.atomic(async () => {
          await store.add(note(2, 'two'));
          await store.delete([a]);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect((await store.ofContacts([1, 2])).map((x) => x.id)).toEqual([a]);
      expect(await store.revisions([1, 2])).toEqual(revs);
      await store.atomic(async () => {
        await store.add(note(2, 'two'));
        await store.delete([a]);
      });
      expect((await store.ofContacts([1, 2])).map((x) => x.text)).toEqual(['two']);
    });
  });
}

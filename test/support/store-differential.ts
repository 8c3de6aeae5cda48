import { createDexieContactStore } from '../../lib/contacts/dexie-store';
import { createMemoryContactStore } from '../../lib/contacts/memory-store';
import type { ContactStore, NewContact } from '../../lib/contacts/store';
import type { KizunaDb } from '../../lib/db/schema';
import type { Contact } from '../../lib/db/types';
import { seededRandom } from '../../lib/random';
import { listPagesProblem } from './list-pages-check';

/**
 * The seeded randomized differential run of the Dexie ContactStore against the memory model, free of
 * vitest so that it runs both in Node (fake-indexeddb: test/unit/contacts/store-differential.test.ts) and
 * bundled into a Chromium page over its real IndexedDB (test/browser/store-differential.test.ts).
 *
 * Every call must succeed or fail alike in both stores and answer the same, and every read and the whole
 * state must agree. A failure throws an error naming the seed, the step and the last operations: rerun
 * with STORE_SEED=<seed> to replay it.
 */

/** A new contact with the given email (and fields). */
export function person(email: string, fields: Partial<NewContact> = {}): NewContact {
  return { email, name: email.split('@')[0], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1, ...fields };
}

type Outcome = { ok: true; value: unknown } | { ok: false };
const settle = (p: Promise<unknown>): Promise<Outcome> =>
  p.then(
    (value) => ({ ok: true as const, value: normalise(value) }),
    () => ({ ok: false as const }),
  );

/** JSON with every object's keys sorted: two stores may build equal objects in a different key order. */
function canon(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** Maps to sorted entries, so answers compare whatever the order the store built them in. */
function normalise(value: unknown): unknown {
  if (value instanceof Map) return [...value].sort((a, b) => (a[0] as number) - (b[0] as number));
  return value;
}

/** A merge as lib/workspace/merge.ts makes it, through the store only. */
async function merge(store: ContactStore, primaryId: number, otherId: number): Promise<void> {
  await store.atomic(async () => {
    const [primary, other] = await store.getMany([primaryId, otherId]);
    if (!primary || !other) throw new Error('missing');
    await store.delete([otherId]);
    await store.put([{ ...primary, name: primary.name || other.name, updatedAt: primary.updatedAt + 1 }]);
    await store.setTags(new Map([[primaryId, [...new Set([...primary.tags, ...other.tags])]]]));
  });
}

/** Applies `operations` random writes and reads (chosen by `seed`) to the Dexie store over `db` and to a memory model; throws at the first difference. */
export async function runStoreDifferential(db: KizunaDb, seed: number, operations: number): Promise<void> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const int = (n: number) => Math.floor(random() * n);
  const dexie = createDexieContactStore(db);
  const model = createMemoryContactStore();
  const both = [dexie, model] as const;
  const log: string[] = [];
  let step = 0;

  const emails = Array.from({ length: 60 }, (_, i) => `p${i}@x.com`);
  let freshEmail = 0;
  const knownIds = new Set<number>();
  const deleted: Contact[] = [];
  const tagIds: number[] = [];

  const fail = (what: string, a: unknown, b: unknown) => {
    throw new Error(`seed ${seed}, step ${step}: ${what} differs\n dexie: ${JSON.stringify(a)}\n model: ${JSON.stringify(b)}\n last operations:\n  ${log.slice(-12).join('\n  ')}`);
  };
  /** Runs one call on both stores and compares the outcomes. */
  const call = async (name: string, run: (store: ContactStore) => Promise<unknown>): Promise<Outcome> => {
    log.push(`${step}: ${name}`);
    const [a, b] = await Promise.all(both.map((store) => settle(run(store))));
    if (canon(a) !== canon(b)) fail(name, a, b);
    if (a.ok && Array.isArray(a.value)) for (const id of a.value) if (typeof id === 'number') knownIds.add(id);
    if (a.ok && typeof a.value === 'number' && name.startsWith('add')) knownIds.add(a.value);
    return a;
  };
  const anyId = () => (knownIds.size && chance(0.9) ? pick([...knownIds]) : 1 + int(400));
  const someIds = (n: number) => Array.from({ length: 1 + int(n) }, anyId);
  const someTags = () => (tagIds.length ? [...new Set(Array.from({ length: int(4) }, () => pick(tagIds)))] : []);
  const newPerson = (email = pick(emails)) =>
    person(email, {
      name: chance(0.2) ? '' : `N${int(99)}`,
      stage: pick(['lead', 'customer', 'churned'] as const),
      tags: chance(0.5) ? someTags() : undefined,
      ...(chance(0.3) ? { churnedAt: int(1000) } : {}),
    });
  const current = async (id: number) => (await model.get(id)) ?? null;

  /** The whole state of both stores, compared part by part and item by item (the first difference is reported). */
  const compareAll = async () => {
    // `list` is the lists' read (the Dexie store's list pages): it must equal the rows too.
    const state = (s: ContactStore) => Promise.all([s.all(), s.membership().then(normalise), s.tags.list(), s.scores.page({}), s.count(), s.list()]);
    const [a, b] = await Promise.all(both.map(state));
    if (canon(a[5]) !== canon(a[0])) fail('list pages against the rows (dexie)', a[5], a[0]);
    const pages = await listPagesProblem(dexie.tables);
    if (pages) fail('stored list pages', pages, 'the rows');
    ['contacts', 'membership', 'tags', 'scores', 'count', 'list'].forEach((part, i) => {
      const [x, y] = [a[i], b[i]];
      if (canon(x) === canon(y)) return;
      if (!Array.isArray(x) || !Array.isArray(y)) return fail(part, x, y);
      const at = x.findIndex((item, j) => canon(item) !== canon(y[j]));
      fail(`${part} (item ${at === -1 ? x.length : at} of ${x.length} / ${y.length})`, x[at === -1 ? x.length : at], y[at === -1 ? x.length : at]);
    });
  };

  await call('ensure tags', (s) => s.tags.ensure(['One', 'Two', 'Three', 'Four', 'Five']));
  tagIds.push(...(await model.tags.list()).map((t) => t.id));

  /** One random write (may be refused, in both alike). */
  const write = async (): Promise<unknown> => {
    const on = call;
    const r = random();
    if (r < 0.14) {
      const p = newPerson();
      return on(`add ${p.email}`, (s) => s.add(p));
    }
    if (r < 0.2) {
      const list = Array.from({ length: 1 + int(5) }, () => newPerson());
      return on(`addMany ${list.map((p) => p.email)}`, (s) => s.addMany(list));
    }
    if (r < 0.205) {
      // A large import: every email new, stored packed (across a few stage blocks).
      const list = Array.from({ length: 1 + int(150) }, () => newPerson(`fresh${freshEmail++}@x.com`));
      return on(`addMany packed ×${list.length}`, (s) => s.addMany(list, { packed: true }));
    }
    if (r < 0.33) {
      const id = anyId();
      const row = await current(id);
      const next = row
        ? { ...row, name: `P${int(99)}`, ...(chance(0.3) ? { email: pick(emails) } : {}), tags: someTags() }
        : // A new id with a fresh email: a refused put of a new id would move fake-indexeddb's key generator
          // past it (it does not revert an explicit key's bump on abort), which the model does not follow.
          { ...newPerson(`fresh${freshEmail++}@x.com`), id, tags: [] };
      return on(`put ${id} ${next.email}`, (s) => s.put([next]));
    }
    if (r < 0.47) {
      const id = anyId();
      const patch = chance(0.4) ? { email: pick(emails) } : chance(0.5) ? { name: `U${int(99)}`, owner: 'kim' } : { churnedAt: undefined, stage: 'customer' as const };
      return on(`update ${id} ${canon(patch)}`, (s) => s.update(id, patch));
    }
    if (r < 0.53) {
      const ids = someIds(3);
      for (const c of await model.getMany(ids)) if (c) deleted.push(c);
      return on(`delete ${ids}`, (s) => s.delete(ids));
    }
    if (r < 0.58 && deleted.length) {
      const back = deleted.splice(int(deleted.length), 1);
      return on(`restore ${back.map((c) => `${c.id}:${c.email}`)}`, (s) => s.restore(back));
    }
    if (r < 0.66) {
      const map = new Map(someIds(4).map((id) => [id, someTags()]));
      return on(`setTags ${canon([...map])}`, (s) => s.setTags(map));
    }
    if (r < 0.76) {
      const tag = chance(0.95) ? pick(tagIds) : 999;
      const ids = chance(0.2) ? [...knownIds].filter(() => chance(0.5)) : someIds(6);
      const add = chance(0.55);
      return on(`${add ? 'addToTag' : 'removeFromTag'} ${tag} ×${ids.length}`, (s) => (add ? s.addToTag(tag, ids) : s.removeFromTag(tag, ids)));
    }
    if (r < 0.81) {
      const [a, b] = [anyId(), anyId()];
      if (a === b) return undefined;
      return on(`merge ${b} into ${a}`, (s) => merge(s, a, b));
    }
    if (r < 0.86) {
      const rows = someIds(3).map((contactId) => ({ contactId, score: int(100), band: 'low' as const, at: step, basis: 'rules:x', history: [] as [number, number][] }));
      return chance(0.7) ? on(`scores.put ${rows.map((x) => x.contactId)}`, (s) => s.scores.put(rows)) : on('scores.delete', (s) => s.scores.delete(rows.map((x) => x.contactId)));
    }
    if (r < 0.93) {
      // A transaction of a few writes that fails (or is aborted) at its end: none of it is kept.
      const seed = int(2 ** 31);
      const aborted = chance(0.7);
      return call(`atomic (${aborted ? 'aborted' : 'kept'}) seed ${seed}`, (s) =>
        s.atomic(async () => {
          const r2 = seededRandom(seed);
          for (let i = 0; i < 1 + Math.floor(r2() * 4); i++) {
            const id = 1 + Math.floor(r2() * 60);
            if (r2() < 0.5) await s.update(id, { name: `A${i}` });
            else await s.setTags(new Map([[id, [tagIds[Math.floor(r2() * tagIds.length)]]]]));
          }
          if (aborted) throw new Error('abort');
          return 'kept';
        }),
      );
    }
    {
      // Concurrent calls: issued together, they commit in the order they were made.
      const n = 2 + int(3);
      const seeds = Array.from({ length: n }, () => int(2 ** 31));
      log.push(`${step}: concurrent ×${n}`);
      const outcomes = await Promise.all(both.map((s) => Promise.all(seeds.map((seed) => settle(concurrentWrite(s, seed))))));
      if (canon(outcomes[0]) !== canon(outcomes[1])) fail('concurrent writes', outcomes[0], outcomes[1]);
    }
    return undefined;
  };

  /** A write chosen by its own seed, so both stores get the same call. */
  const concurrentWrite = (s: ContactStore, seed: number): Promise<unknown> => {
    const r = seededRandom(seed);
    const id = 1 + Math.floor(r() * 80);
    const kind = r();
    if (kind < 0.3) return s.update(id, { name: `C${seed % 100}`, ...(r() < 0.3 ? { email: emails[Math.floor(r() * emails.length)] } : {}) });
    if (kind < 0.5) return s.add(person(emails[Math.floor(r() * emails.length)]));
    if (kind < 0.7) return s.addToTag(tagIds[Math.floor(r() * tagIds.length)], [id, id + 1]);
    if (kind < 0.85) return s.removeFromTag(tagIds[Math.floor(r() * tagIds.length)], [id]);
    return s.delete([id]);
  };

  /** One random read, compared. */
  const read = async () => {
    const r = random();
    if (r < 0.25) {
      const id = anyId();
      return call(`get ${id}`, (s) => s.get(id));
    }
    if (r < 0.4) {
      const email = pick(emails);
      return call(`byEmail ${email}`, (s) => s.byEmail(email));
    }
    if (r < 0.5) {
      const ids = someIds(5);
      return call(`getMany ${ids}`, (s) => s.getMany(ids));
    }
    if (r < 0.6) {
      const ids = someIds(5);
      return call(`tagsOf ${ids}`, (s) => s.tagsOf(ids));
    }
    if (r < 0.7) {
      const tag = pick(tagIds);
      return call(`members ${tag}`, (s) => s.members(tag));
    }
    if (r < 0.85) {
      const options = { after: chance(0.3) ? undefined : anyId(), limit: 1 + int(30), reverse: chance(0.3) };
      return call(`page ${canon(options)}`, (s) => s.page(options));
    }
    if (r < 0.88) {
      const range = { after: chance(0.2) ? undefined : anyId(), upTo: chance(0.2) ? undefined : anyId() + int(300) };
      return call(`list ${canon(range)}`, (s) => s.list(range));
    }
    if (r < 0.92) {
      const list = Array.from({ length: 1 + int(6) }, () => pick(emails));
      return call(`byEmails ${list}`, async (s) => (await s.byEmails(list)).sort((a, b) => a.id - b.id));
    }
    return call('count', (s) => s.count());
  };

  for (step = 1; step <= operations; step++) {
    await write();
    await read();
    if (step % 250 === 0) {
      await compareAll();
      // The background filing of packed contacts changes no answer.
      if (chance(0.5)) await dexie.fileStaged();
    }
  }
  await compareAll();
}

import type { Contact, StoredScore, Tag } from '../db/types';
import { cleanTagName, TAG_COLORS, tagKey } from './tags';
import { ContactConflictError, type ContactChange, type ContactPatch, type ContactRow, type ContactStore, type NewContact } from './store';

interface State {
  rows: Map<number, Omit<Contact, 'tags'>>;
  /** Tag id → member contact ids. */
  members: Map<number, Set<number>>;
  tags: Map<number, Tag>;
  scores: Map<number, StoredScore>;
  nextId: number;
  nextTagId: number;
}

const copy = <T>(value: T): T => structuredClone(value);
const ascending = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

/** Removes keys set to undefined (a patch's way of saying "remove"), as IndexedDB would not store them. */
function applyPatch<T extends object>(value: T, patch: object): T {
  const next = { ...value, ...patch } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next as T;
}

function withoutTags<T extends { tags?: unknown }>(row: T): Omit<T, 'tags'> {
  const { tags: _tags, ...rest } = row;
  return rest;
}

/**
 * The ContactStore as plain maps: the model the Dexie store is held to (contract and differential
 * tests), and a store for tests of code above it. `atomic` keeps a copy of the state and puts it back
 * when its function throws; nested calls join the outer one (concurrent `atomic` calls are not
 * isolated from each other: this store is for tests).
 */
export function createMemoryContactStore(): ContactStore {
  let s: State = { rows: new Map(), members: new Map(), tags: new Map(), scores: new Map(), nextId: 1, nextTagId: 1 };
  const listeners = new Set<(change: ContactChange) => void>();
  let depth = 0;
  type Pending = { contacts: Set<number>; membership: Set<number>; tags: boolean; scores: Set<number>; all: boolean };
  let pending = null as Pending | null;

  const note = (part: 'contacts' | 'membership' | 'scores', ids: Iterable<number>) => {
    pending ??= { contacts: new Set(), membership: new Set(), tags: false, scores: new Set(), all: false };
    for (const id of ids) pending[part].add(id);
  };
  const noteTags = () => {
    pending ??= { contacts: new Set(), membership: new Set(), tags: false, scores: new Set(), all: false };
    pending.tags = true;
  };
  const noteAll = () => {
    pending ??= { contacts: new Set(), membership: new Set(), tags: false, scores: new Set(), all: false };
    pending.all = true;
  };
  const flush = () => {
    const p = pending;
    pending = null;
    if (!p) return;
    const list = (ids: Set<number>) => (p.all ? ('all' as const) : ascending(ids));
    const change: ContactChange = { contacts: list(p.contacts), membership: list(p.membership), tags: p.all || p.tags, scores: list(p.scores) };
    if (!p.all && change.contacts.length + change.membership.length + change.scores.length === 0 && !change.tags) return;
    for (const listener of listeners) listener(change);
  };

  const snapshot = (): State => ({
    rows: new Map(s.rows),
    members: new Map([...s.members].map(([tag, ids]) => [tag, new Set(ids)])),
    tags: new Map(s.tags),
    scores: new Map(s.scores),
    nextId: s.nextId,
    nextTagId: s.nextTagId,
  });

  const clonePending = (p: Pending | null): Pending | null => p && { contacts: new Set(p.contacts), membership: new Set(p.membership), tags: p.tags, scores: new Set(p.scores), all: p.all };
  /** The error that failed a call inside `atomic`: the whole atomic step fails with it, as a Dexie transaction does. */
  let doomed: { error: unknown } | null = null;

  /** One write: all of it or none; announced at once, or when the enclosing `atomic` commits. */
  const step = <T>(fn: () => T): Promise<T> => {
    const before = snapshot();
    const pendingBefore = clonePending(pending);
    try {
      const result = fn();
      if (depth === 0) flush();
      return Promise.resolve(result);
    } catch (error) {
      s = before;
      pending = pendingBefore;
      if (depth > 0) doomed ??= { error };
      return Promise.reject(error);
    }
  };

  async function atomic<T>(fn: () => Promise<T>): Promise<T> {
    const outer = depth === 0;
    const before = outer ? snapshot() : null;
    if (outer) doomed = null;
    depth++;
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      depth--;
      if (!outer) {
        doomed ??= { error };
        throw error;
      }
      s = before!;
      pending = null;
      doomed = null;
      throw error;
    }
    depth--;
    if (!outer) return result;
    if (doomed) {
      const { error } = doomed;
      s = before!;
      pending = null;
      doomed = null;
      throw error;
    }
    flush();
    return result;
  }

  /** A read: answered from the state as it is when called (as a database request is). */
  const view = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const tagsOfOne = (id: number): number[] => ascending([...s.members].filter(([, ids]) => ids.has(id)).map(([tag]) => tag));
  const read = (id: number): Contact | undefined => {
    const row = s.rows.get(id);
    return row && { ...copy(row), tags: tagsOfOne(id) };
  };
  const emailOwner = (email: string): number | undefined => {
    for (const [id, row] of s.rows) if (row.email === email) return id;
    return undefined;
  };
  /**
   * Refuses a call whose rows, written one after another as IndexedDB writes them, would give two
   * contacts one email at any point (a unique index checks each write against the rows before it).
   */
  const checkEmails = (rows: readonly { id: number; email: string }[]) => {
    const owner = new Map<string, number>();
    const emailOf = new Map<number, string>();
    for (const [id, row] of s.rows) {
      owner.set(row.email, id);
      emailOf.set(id, row.email);
    }
    for (const row of rows) {
      const other = owner.get(row.email);
      if (other !== undefined && other !== row.id) throw new ContactConflictError(`A contact with the email ${row.email} already exists.`);
      const old = emailOf.get(row.id);
      if (old !== undefined) owner.delete(old);
      owner.set(row.email, row.id);
      emailOf.set(row.id, row.email);
    }
  };
  const setMembership = (id: number, tags: readonly number[]) => {
    const wanted = new Set(tags);
    let changed = false;
    for (const [tag, ids] of s.members) {
      if (ids.has(id) && !wanted.has(tag)) {
        ids.delete(id);
        changed = true;
        if (ids.size === 0) s.members.delete(tag);
      }
    }
    for (const tag of wanted) {
      let ids = s.members.get(tag);
      if (!ids) s.members.set(tag, (ids = new Set()));
      if (!ids.has(id)) {
        ids.add(id);
        changed = true;
      }
    }
    if (changed) note('membership', [id]);
  };
  const insert = (contacts: readonly NewContact[]): number[] => {
    const ids = contacts.map((_, i) => s.nextId + i);
    checkEmails(contacts.map((c, i) => ({ id: ids[i], email: c.email })));
    s.nextId += contacts.length;
    contacts.forEach((c, i) => {
      s.rows.set(ids[i], { ...copy(withoutTags(c)), id: ids[i] });
      if (c.tags?.length) setMembership(ids[i], c.tags);
    });
    note('contacts', ids);
    return ids;
  };
  const putRows = (rows: readonly ContactRow[]) => {
    checkEmails(rows);
    for (const row of rows) {
      s.rows.set(row.id, copy(withoutTags(row)));
      s.nextId = Math.max(s.nextId, row.id + 1);
    }
    note(
      'contacts',
      rows.map((r) => r.id),
    );
  };

  const store: ContactStore = {
    get: (id) => view(() => read(id)),
    getMany: (ids) => view(() => ids.map(read)),
    byEmail: (email) =>
      view(() => {
        const id = emailOwner(email);
        return id === undefined ? undefined : read(id);
      }),
    byEmails: (emails) =>
      view(() => {
        const wanted = new Set(emails);
        return [...s.rows.values()].filter((r) => wanted.has(r.email)).map((r) => read(r.id)!);
      }),
    byEmailPrefix: (prefix, limit) =>
      view(() =>
        [...s.rows.values()]
          .filter((r) => r.email.startsWith(prefix))
          .sort((a, b) => (a.email < b.email ? -1 : 1))
          .slice(0, limit)
          .map((r) => read(r.id)!),
      ),
    count: () => view(() => s.rows.size),
    page: ({ after, upTo, limit, reverse = false }) =>
      view(() => {
        const ids = ascending(s.rows.keys()).filter((id) => (after === undefined || (reverse ? id < after : id > after)) && (reverse || upTo === undefined || id <= upTo));
        if (reverse) ids.reverse();
        return ids.slice(0, limit).map((id) => read(id)!);
      }),
    untagged: (query) =>
      view(() => {
        const ids =
          'ids' in query
            ? ascending(new Set(query.ids)).filter((id) => s.rows.has(id))
            : ascending(s.rows.keys())
                .filter((id) => query.after === undefined || id > query.after)
                .slice(0, query.limit);
        return ids.map((id) => ({ ...copy(s.rows.get(id)!), tags: [] }));
      }),
    existing: (ids) => view(() => new Set(ids.filter((id) => s.rows.has(id)))),
    all: () => view(() => ascending(s.rows.keys()).map((id) => read(id)!)),
    list: ({ after = -Infinity, upTo = Infinity } = {}) =>
      view(() =>
        ascending(s.rows.keys())
          .filter((id) => id > after && id <= upTo)
          .map((id) => read(id)!),
      ),

    add: (contact) => step(() => insert([contact])[0]),
    addMany: (contacts) => step(() => insert(contacts)),
    put: (rows) => step(() => putRows(rows)),
    update: (id, patch) =>
      step(() => {
        const row = s.rows.get(id);
        if (!row) return undefined;
        const next = applyPatch(row, { ...withoutTags(patch as ContactPatch & { tags?: unknown }), id });
        checkEmails([next]);
        s.rows.set(id, copy(next));
        note('contacts', [id]);
        return read(id);
      }),
    delete: (ids) =>
      step(() => {
        for (const id of ids) {
          if (!s.rows.delete(id)) continue;
          note('contacts', [id]);
          setMembership(id, []);
        }
      }),
    restore: (contacts) =>
      step(() => {
        putRows(contacts);
        for (const c of contacts) setMembership(c.id, c.tags);
      }),
    clear: () =>
      step(() => {
        s = { rows: new Map(), members: new Map(), tags: new Map(), scores: new Map(), nextId: s.nextId, nextTagId: s.nextTagId };
        noteAll();
      }),

    tagsOf: (ids) =>
      view(() => {
        const out = new Map<number, number[]>();
        for (const id of ids) {
          const tags = s.rows.has(id) ? tagsOfOne(id) : [];
          if (tags.length) out.set(id, tags);
        }
        return out;
      }),
    setTags: (tagsById) =>
      step(() => {
        for (const [id, tags] of tagsById) if (s.rows.has(id)) setMembership(id, tags);
      }),
    addToTag: (tagId, ids) =>
      step(() => {
        if (!s.tags.has(tagId)) throw new Error(`no tag ${tagId}`);
        const changed = ascending(new Set(ids.filter((id) => s.rows.has(id) && !s.members.get(tagId)?.has(id))));
        for (const id of changed) setMembership(id, [...tagsOfOne(id), tagId]);
        return changed;
      }),
    removeFromTag: (tagId, ids) =>
      step(() => {
        const changed = ascending(new Set(ids.filter((id) => s.members.get(tagId)?.has(id))));
        for (const id of changed)
          setMembership(
            id,
            tagsOfOne(id).filter((t) => t !== tagId),
          );
        return changed;
      }),
    members: (tagId) => view(() => ascending(s.members.get(tagId) ?? [])),
    membership: () =>
      view(() => {
        const out = new Map<number, number[]>();
        for (const id of ascending(s.rows.keys())) {
          const tags = tagsOfOne(id);
          if (tags.length) out.set(id, tags);
        }
        return out;
      }),

    tags: {
      list: () => view(() => ascending(s.tags.keys()).map((id) => copy(s.tags.get(id)!))),
      getMany: (ids) => view(() => ids.map((id) => copy(s.tags.get(id)))),
      ensure: (names) =>
        step(() => {
          const out: Tag[] = [];
          for (const name of names) {
            const clean = cleanTagName(name);
            if (clean === null || clean !== name) throw new Error(`tag name must be 1–60 characters: "${name}"`);
            const key = tagKey(clean);
            let tag = [...s.tags.values()].find((t) => t.key === key);
            if (!tag) {
              tag = { id: s.nextTagId++, name: clean, key, color: TAG_COLORS[s.tags.size % TAG_COLORS.length] };
              s.tags.set(tag.id, tag);
              noteTags();
            }
            if (!out.some((t) => t.id === tag.id)) out.push(copy(tag));
          }
          return out;
        }),
      setColor: (id, color) =>
        step(() => {
          const tag = s.tags.get(id);
          if (!tag) return;
          s.tags.set(id, { ...tag, color });
          noteTags();
        }),
      put: (tags) =>
        step(() => {
          for (const tag of tags) {
            const other = [...s.tags.values()].find((t) => t.key === tag.key && t.id !== tag.id);
            if (other) throw new ContactConflictError(`A tag with the name ${tag.name} already exists.`);
            s.tags.set(tag.id, copy(tag));
            s.nextTagId = Math.max(s.nextTagId, tag.id + 1);
          }
          if (tags.length) noteTags();
        }),
    },

    scores: {
      get: (id) => view(() => copy(s.scores.get(id))),
      getMany: (ids) => view(() => ids.map((id) => copy(s.scores.get(id)))),
      page: ({ after = -Infinity, upTo = Infinity, limit = Infinity }) =>
        view(() =>
          ascending(s.scores.keys())
            .filter((id) => id > after && id <= upTo)
            .slice(0, limit)
            .map((id) => copy(s.scores.get(id)!)),
        ),
      put: (rows) =>
        step(() => {
          for (const row of rows) s.scores.set(row.contactId, copy(row));
          note(
            'scores',
            rows.map((r) => r.contactId),
          );
        }),
      delete: (ids) =>
        step(() => {
          note(
            'scores',
            ids.filter((id) => s.scores.delete(id)),
          );
        }),
      clear: () =>
        step(() => {
          note('scores', s.scores.keys());
          s.scores.clear();
        }),
    },

    atomic,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}

// The team book's shape inside the Yjs documents (docs/team-book.md). Flat keys, one per field, so
// that two members who create or edit the same contact offline merge field by field (a nested map per
// contact would let one whole map win: TEAM-SYNC-FACTS.md, pitfall 1). Local numeric ids never enter
// a document: contacts are keyed by their lower-cased email, tags by their key, notes by a random id.
import * as Y from 'yjs';
import { shardName } from './documents';

// Kept in documents.ts (no Yjs there) so that the side panel can name a contact's shard (lib/team/in-view.ts).
export { shardName, shardOf } from './documents';
import type { Stage } from '../db/types';

/** Separates a contact's key from its field in a flat key (`ann@x.example␟owner`). */
export const SEP = '\u241f';

/** What a member's browser shares of a contact (never its local id, scores or mail history). */
export interface SharedContact {
  email: string;
  name: string;
  stage: Stage;
  owner: string;
  custom: Record<string, string>;
  doNotContact: 0 | 1;
  /** The company's domain, or its name when it has none. */
  company?: string;
  customerSince?: number;
  churnedAt?: number;
  externalId?: string;
  createdAt: number;
  /** Tag keys, sorted. */
  tags: string[];
}

/** A contact as the book holds it: its fields, and who changed it last and when. */
export interface BookContact extends SharedContact {
  updatedAt: number;
  updatedBy: string;
}

/** A deleted contact's tombstone. */
export interface Tombstone {
  deletedAt: number;
  deletedBy: string;
  /** The contact lives on under this key (its email changed). */
  mergedInto?: string;
}

/** A note as the book holds it, or (`kind: 'stage'`) a stage change of the contact's history. */
export interface BookNote {
  id: string;
  contactKey: string;
  text: string;
  kind?: 'stage';
  fromStage?: Stage;
  toStage?: Stage;
  at: number;
  by: string;
  editedAt?: number;
  deletedAt?: number;
}

/** A tag definition as the book holds it. */
export interface BookTag {
  key: string;
  name: string;
  color: string;
}

/** Who makes a change and when. */
export interface Stamp {
  at: number;
  by: string;
}

/** The plain fields (one flat key each). */
const FIELDS = ['name', 'stage', 'owner', 'doNotContact', 'company', 'customerSince', 'churnedAt', 'externalId', 'createdAt'] as const;
type PlainField = (typeof FIELDS)[number];
const CUSTOM = 'custom.';
const TAG = '#';
const AT = '@at';
const BY = '@by';
const DELETED_AT = '@deletedAt';
const DELETED_BY = '@deletedBy';
const MERGED_INTO = '@mergedInto';

/** A contact's key in the book: its email, trimmed and lower-cased. */
export function contactKey(email: string): string {
  return email.trim().toLowerCase();
}

const split = (flat: string): [string, string] => {
  const at = flat.lastIndexOf(SEP);
  return at < 0 ? [flat, ''] : [flat.slice(0, at), flat.slice(at + 1)];
};

const PLAIN = new Set<string>(FIELDS);

/** A contact with no field yet (the defaults of a field it lacks), which `putField` fills. */
const blankContact = (): Record<string, unknown> => ({ name: '', stage: 'lead', owner: '', doNotContact: 0, createdAt: 0, updatedAt: 0, updatedBy: '', custom: {}, tags: [] });

/** One flat field (its name without the key) into a contact being built; its tags are sorted once all are in. */
function putField(out: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) return;
  if (field === 'email' || PLAIN.has(field)) out[field] = value;
  else if (field.startsWith(CUSTOM)) (out.custom as Record<string, string>)[field.slice(CUSTOM.length)] = value as string;
  else if (field.startsWith(TAG)) (out.tags as string[]).push(field.slice(TAG.length));
  else if (field === AT) out.updatedAt = value;
  else if (field === BY) out.updatedBy = value;
}

/** A live contact from its flat fields (field name without the key, value), in any order. */
function contactOf(fields: Iterable<readonly [string, unknown]>): BookContact {
  const out = blankContact();
  for (const [field, value] of fields) putField(out, field, value);
  (out.tags as string[]).sort();
  return out as unknown as BookContact;
}

/** What a remote transaction changed: contact keys, notes (by contact key) and whether tag definitions changed. */
export interface BookChange {
  contacts: Set<string>;
  notes: Set<string>;
  tags: boolean;
  /** The tag keys whose definitions changed (with `tags`): a pull looks at these only. */
  tagKeys?: Set<string>;
  /** Of `tagKeys`, those the book had no definition of before: tags just made (usually on a contact, whose change follows). */
  newTagKeys?: Set<string>;
  /** Team templates changed (lib/team/book-templates.ts). */
  templates?: boolean;
  /** Saved segments changed (lib/team/book-segments.ts). */
  segments?: boolean;
  /** Tasks changed (lib/team/book-tasks.ts). */
  tasks?: boolean;
  /** Shared thread summaries changed (lib/team/book-threads.ts). */
  threads?: boolean;
  /** Playbook or sequence definitions changed (lib/team/book-playbooks.ts). */
  playbooks?: boolean;
  /** The contact shard the change is in (`contacts-07`); absent for the `book` document. */
  shard?: string;
}

/**
 * The team book over its documents (`book` and the contact shards): reads and writes contacts, tags and
 * notes in the flat-key shape, and reports changes made by anyone but `origin`. Keeps an index of each
 * contact's flat keys so that reading one contact does not scan its shard.
 */
export class TeamBook {
  /**
   * Each contact key's fields (names without the key), so that reading one contact does not scan its shard. It lives as
   * long as the sync host, for every contact of the team (issue 17: the host page's memory): a small array per contact
   * whose names are shared (`names`), not a Set of names sliced from each flat key, which cost ~7× more per contact.
   */
  private readonly index = new Map<string, string[]>();
  /** One string per field name (`owner`, `#vip`, `custom.plan`): a few dozen for the whole team, shared by every contact. */
  private readonly names = new Map<string, string>();
  private readonly listeners = new Set<(change: BookChange) => void>();
  private readonly unobserve: (() => void)[] = [];
  /** Each followed contact shard's unobserve. */
  private readonly shardStops = new Map<string, () => void>();

  constructor(
    private readonly docs: ReadonlyMap<string, Y.Doc>,
    /** The origin of this book's own transactions: changes made with it are not reported. */
    readonly origin: object = {},
  ) {
    for (const [name, doc] of docs) {
      if (name === 'book') {
        const tags = doc.getMap('tags');
        const onTags = (event: Y.YMapEvent<unknown>) => {
          if (event.transaction.origin === this.origin) return;
          const tagKeys = new Set<string>();
          const newTagKeys = new Set<string>();
          for (const [flat, change] of event.changes.keys) {
            const [key, field] = split(flat);
            tagKeys.add(key);
            if (field === 'name' && change.action === 'add') newTagKeys.add(key);
          }
          this.emit({ contacts: new Set(), notes: new Set(), tags: true, tagKeys, newTagKeys });
        };
        tags.observe(onTags);
        const templates = doc.getMap('templates');
        const onTemplates = (event: Y.YMapEvent<unknown>) => {
          if (event.transaction.origin !== this.origin) this.emit({ contacts: new Set(), notes: new Set(), tags: false, templates: true });
        };
        templates.observe(onTemplates);
        const segments = doc.getMap('segments');
        const onSegments = (event: Y.YMapEvent<unknown>) => {
          if (event.transaction.origin !== this.origin) this.emit({ contacts: new Set(), notes: new Set(), tags: false, segments: true });
        };
        segments.observe(onSegments);
        const definitions = [doc.getMap('playbooks'), doc.getMap('sequences')];
        const onDefinitions = (event: Y.YMapEvent<unknown>) => {
          if (event.transaction.origin !== this.origin) this.emit({ contacts: new Set(), notes: new Set(), tags: false, playbooks: true });
        };
        for (const map of definitions) map.observe(onDefinitions);
        this.unobserve.push(() => (tags.unobserve(onTags), templates.unobserve(onTemplates), segments.unobserve(onSegments), definitions.forEach((m) => m.unobserve(onDefinitions))));
        continue;
      }
      this.followShard(name, doc);
    }
  }

  /** Indexes a contact shard and reports its changes (at construction, and when the sync host loads an unloaded shard again). */
  private followShard(name: string, doc: Y.Doc) {
    const contacts = doc.getMap('contacts');
    let key = '';
    for (const flat of contacts.keys()) key = this.indexKey(flat, true, key);
    const onContacts = (event: Y.YMapEvent<unknown>) => {
      // `keysChanged` (Yjs has it anyway) and the map itself, not `changes.keys`, which builds a record per flat key (a
      // shard's first sync: a dozen per contact, 16 shards in a join) that only told present from deleted (issue 17: heap).
      const keys = new Set<string>();
      let key = '';
      for (const flat of event.keysChanged) {
        key = this.indexKey(flat, contacts.has(flat), key);
        keys.add(key);
      }
      if (event.transaction.origin !== this.origin) this.emit({ contacts: keys, notes: new Set(), tags: false, shard: name });
    };
    contacts.observe(onContacts);
    const notes = doc.getMap('notes');
    const onNotes = (event: Y.YMapEvent<unknown>) => {
      if (event.transaction.origin === this.origin) return;
      this.emit({ contacts: new Set(), notes: new Set([...event.keysChanged].map((flat) => split(flat)[0])), tags: false, shard: name });
    };
    notes.observe(onNotes);
    const tasks = doc.getMap('tasks');
    const onTasks = (event: Y.YMapEvent<unknown>) => {
      if (event.transaction.origin !== this.origin) this.emit({ contacts: new Set(), notes: new Set(), tags: false, tasks: true, shard: name });
    };
    tasks.observe(onTasks);
    const threads = doc.getMap('threads');
    const onThreads = (event: Y.YMapEvent<unknown>) => {
      if (event.transaction.origin !== this.origin) this.emit({ contacts: new Set(), notes: new Set(), tags: false, threads: true, shard: name });
    };
    threads.observe(onThreads);
    this.shardStops.set(name, () => (contacts.unobserve(onContacts), notes.unobserve(onNotes), tasks.unobserve(onTasks), threads.unobserve(onThreads)));
  }

  /**
   * Follows a contact shard the sync host has just loaded again (issue 17: idle shards are unloaded). Call it once the
   * shard holds its local copy and before it hears from the server: what the server sends then is reported as a change.
   */
  attachShard(name: string): void {
    const doc = this.docs.get(name);
    if (!doc) throw new Error(`the team documents lack ${name}`);
    this.shardStops.get(name)?.();
    this.followShard(name, doc);
  }

  /** Stops following a contact shard the sync host unloads: its index entries go with it (they are reindexed when it is back). */
  detachShard(name: string): void {
    this.shardStops.get(name)?.();
    this.shardStops.delete(name);
    for (const key of this.index.keys()) if (shardName(key) === name) this.index.delete(key);
  }

  /**
   * Indexes one flat key; returns its contact key. A contact's flat keys mostly come one after another: `previous`, the
   * key of the one before, is reused when it is this one's too (no string sliced per flat key).
   */
  private indexKey(flat: string, present: boolean, previous = ''): string {
    const at = flat.lastIndexOf(SEP);
    const key = at < 0 ? flat : at === previous.length && flat.startsWith(previous) ? previous : flat.slice(0, at);
    const field = at < 0 ? '' : flat.slice(at + 1);
    const fields = this.index.get(key);
    if (present) {
      if (fields?.includes(field)) return key;
      let name = this.names.get(field);
      if (name === undefined) this.names.set(field, (name = field));
      if (fields) fields.push(name);
      else this.index.set(key, [name]);
    } else if (fields) {
      const i = fields.indexOf(field);
      if (i >= 0) fields.splice(i, 1);
      if (fields.length === 0) this.index.delete(key);
    }
    return key;
  }

  /** How many contact keys and distinct field names the index holds (tests of its memory). */
  indexSize(): { keys: number; names: number } {
    return { keys: this.index.size, names: this.names.size };
  }

  private emit(change: BookChange) {
    for (const listener of this.listeners) listener(change);
  }

  private shard(key: string): Y.Doc {
    const doc = this.docs.get(shardName(key));
    if (!doc) throw new Error(`the team documents lack ${shardName(key)}`);
    return doc;
  }

  private map(key: string): Y.Map<unknown> {
    return this.shard(key).getMap('contacts');
  }

  /** Calls `listener` after each change made by anyone but this book's origin; returns the unsubscribe. */
  onChange(listener: (change: BookChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the documents. */
  destroy() {
    for (const stop of this.unobserve.splice(0)) stop();
    for (const stop of this.shardStops.values()) stop();
    this.shardStops.clear();
    this.listeners.clear();
  }

  /** Every contact key the book has a trace of (live or tombstoned), or only those of one shard (`contacts-07`). */
  keys(shard?: string): string[] {
    const all = [...this.index.keys()];
    return shard === undefined ? all : all.filter((key) => shardName(key) === shard);
  }

  /** The loaded contact shards' document names (`contacts-00` …), without `book` (the sync host unloads idle ones). */
  shardNames(): string[] {
    return [...this.docs.keys()].filter((name) => name !== 'book');
  }

  /** A contact's tombstone, when it is deleted. */
  tombstone(key: string): Tombstone | undefined {
    const map = this.map(key);
    const deletedAt = map.get(key + SEP + DELETED_AT) as number | undefined;
    if (deletedAt === undefined) return undefined;
    const mergedInto = map.get(key + SEP + MERGED_INTO) as string | undefined;
    return { deletedAt, deletedBy: (map.get(key + SEP + DELETED_BY) as string) ?? '', ...(mergedInto ? { mergedInto } : {}) };
  }

  /** A live contact (undefined when the book has none, or a tombstone: a deleted contact shows no field at all). */
  get(key: string): BookContact | undefined {
    const fields = this.index.get(key);
    if (!fields || fields.includes(DELETED_AT) || !fields.includes('email')) return undefined;
    const map = this.map(key);
    return contactOf(fields.map((field) => [field, map.get(key + SEP + field)] as const));
  }

  /**
   * Every live contact of one shard (`contacts-07`), by key, read in one pass over the shard's entries: a join reads a
   * whole shard, and one `get` per contact costs a lookup per field, each on a key string made for it.
   */
  contactsIn(shard: string): Map<string, BookContact> {
    const doc = this.docs.get(shard);
    if (!doc) throw new Error(`the team documents lack ${shard}`);
    // Each contact is built as its flat keys come (a shard's come mostly one contact after another: its key string is
    // sliced once), not gathered first as [field, value] pairs: a join reads all 16 shards (issue 17: its allocations).
    const out = new Map<string, Record<string, unknown>>();
    const deleted = new Set<string>();
    const withEmail = new Set<string>();
    let key = '';
    let contact: Record<string, unknown> | undefined;
    // forEach walks the map's own entries; entries() wraps each in two iterator layers.
    doc.getMap('contacts').forEach((value, flat) => {
      const at = flat.lastIndexOf(SEP);
      if (!contact || (at < 0 ? flat !== key : at !== key.length || !flat.startsWith(key))) {
        key = at < 0 ? flat : flat.slice(0, at);
        let found = out.get(key);
        if (!found) out.set(key, (found = blankContact()));
        contact = found;
      }
      const field = at < 0 ? '' : flat.slice(at + 1);
      if (field === DELETED_AT) deleted.add(key);
      else if (field === 'email') withEmail.add(key);
      putField(contact, field, value);
    });
    for (const [key, contact] of out) {
      if (deleted.has(key) || !withEmail.has(key)) out.delete(key);
      else (contact.tags as string[]).sort();
    }
    return out as unknown as Map<string, BookContact>;
  }

  /**
   * Writes a contact's fields, only those that differ (so a concurrent edit to another field survives),
   * and removes custom fields and tags it no longer has. A write to a deleted contact is refused (returns
   * 'deleted': delete wins over a concurrent edit) unless `create`: a contact made again after its delete.
   * Returns the fields written ('unchanged' when none).
   */
  put(contact: SharedContact, stamp: Stamp, options: { create?: boolean } = {}): string[] | 'deleted' {
    const key = contactKey(contact.email);
    const map = this.map(key);
    const fields = this.index.get(key) ?? [];
    if (fields.includes(DELETED_AT) && !options.create) return 'deleted';
    // An empty text is no value: a member who created the contact without an owner does not clear another's owner.
    const wanted = new Map<string, unknown>([['email', key]]);
    for (const field of FIELDS) if (contact[field as PlainField] !== undefined && contact[field as PlainField] !== '') wanted.set(field, contact[field as PlainField]);
    for (const [k, v] of Object.entries(contact.custom)) if (v !== '') wanted.set(CUSTOM + k, v);
    for (const tag of contact.tags) wanted.set(TAG + tag, true);
    const written: string[] = [];
    this.shard(key).transact(() => {
      for (const [field, value] of wanted) {
        if (map.get(key + SEP + field) !== value) {
          map.set(key + SEP + field, value);
          written.push(field);
        }
      }
      for (const field of [...fields]) {
        const plain = (FIELDS as readonly string[]).includes(field) || field.startsWith(CUSTOM) || field.startsWith(TAG);
        if (plain && !wanted.has(field)) {
          map.delete(key + SEP + field);
          written.push(field);
        }
      }
      for (const field of [DELETED_AT, DELETED_BY, MERGED_INTO]) if (fields.includes(field)) (map.delete(key + SEP + field), written.push(field));
      if (written.length) {
        map.set(key + SEP + AT, stamp.at);
        map.set(key + SEP + BY, stamp.by);
      }
    }, this.origin);
    return written;
  }

  /** Deletes a contact: a tombstone (and its fields go, so a late edit of one cannot bring part of it back). */
  delete(key: string, stamp: Stamp, mergedInto?: string): void {
    const map = this.map(key);
    const fields = [...(this.index.get(key) ?? [])];
    this.shard(key).transact(() => {
      for (const field of fields) map.delete(key + SEP + field);
      map.set(key + SEP + DELETED_AT, stamp.at);
      map.set(key + SEP + DELETED_BY, stamp.by);
      if (mergedInto) map.set(key + SEP + MERGED_INTO, mergedInto);
    }, this.origin);
  }

  /**
   * Runs `write` in one transaction per document (this book's origin), so that the writes of a whole batch (a drain of
   * the outbox: a bulk tag of a thousand contacts) leave each document as one update, not one per contact. The `book`
   * document's transaction is the innermost, so its update (a new tag's definition) is emitted first, just before the
   * contacts' that name the tag: another member's pull then finds the definition with the contacts.
   */
  batch<T>(write: () => T): T {
    const docs = [...this.docs].sort(([a], [b]) => Number(a === 'book') - Number(b === 'book')).map(([, doc]) => doc);
    const open = (i: number): T => (i === docs.length ? write() : docs[i].transact(() => open(i + 1), this.origin));
    return open(0);
  }

  /** Every document by name (the contact shards hold the tasks: lib/team/book-tasks.ts). */
  documents(): ReadonlyMap<string, Y.Doc> {
    return this.docs;
  }

  /** The `book` document (tags, team templates). */
  bookDoc(): Y.Doc {
    const doc = this.docs.get('book');
    if (!doc) throw new Error('the team documents lack book');
    return doc;
  }

  /** Every tag definition, by key. */
  tags(): Map<string, BookTag> {
    const map = this.docs.get('book')?.getMap('tags');
    const out = new Map<string, BookTag>();
    for (const [flat, value] of map?.entries() ?? []) {
      const [key, field] = split(flat);
      const tag = out.get(key) ?? { key, name: key, color: '' };
      if (field === 'name' || field === 'color') tag[field] = value as string;
      out.set(key, tag);
    }
    return out;
  }

  /** Writes a tag's name and colour (only what differs). */
  putTag(tag: BookTag): void {
    const doc = this.docs.get('book');
    if (!doc) throw new Error('the team documents lack book');
    const map = doc.getMap('tags');
    doc.transact(() => {
      for (const field of ['name', 'color'] as const) if (map.get(tag.key + SEP + field) !== tag[field]) map.set(tag.key + SEP + field, tag[field]);
    }, this.origin);
  }

  /** A contact's notes and stage changes (deleted notes included, with `deletedAt`). */
  notes(key: string): BookNote[] {
    const map = this.shard(key).getMap('notes');
    const out: BookNote[] = [];
    // Notes are few per shard next to fields; a scan of the shard's notes is fine here.
    for (const [flat, value] of map.entries()) if (split(flat)[0] === key) out.push({ ...(value as BookNote) });
    return out.sort((a, b) => a.at - b.at);
  }

  /** The contact keys that have notes (in one shard, if given). */
  noteKeys(shard?: string): Set<string> {
    const out = new Set<string>();
    for (const [name, doc] of this.docs) if (name !== 'book' && (shard === undefined || name === shard)) for (const flat of doc.getMap('notes').keys()) out.add(split(flat)[0]);
    return out;
  }

  /** Writes a note whole (a note is one value: concurrent edits of one note converge to one of them). */
  putNote(note: BookNote): void {
    const map = this.shard(note.contactKey).getMap('notes');
    this.shard(note.contactKey).transact(() => map.set(note.contactKey + SEP + note.id, { ...note }), this.origin);
  }
}

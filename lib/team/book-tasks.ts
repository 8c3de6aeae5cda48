// Tasks in the team book (docs/team-book.md): in the contact's shard, Y.Map `tasks`, one flat key per field under
// the task's stable book key (`key␟title`, `key␟done`…), so two members who tick and re-date one task both keep their
// edit, and the same playbook task planned in two browsers writes the same keys: one task. The contact is named by
// its book key (email), never its local id. A delete is a tombstone (`key␟@deletedAt`, the contact kept to find it).
import type * as Y from 'yjs';
import { SEP, shardName, type Stamp } from './book-doc';
import { TASK_SOURCES, TASK_TYPES, type Task } from '../tasks/types';

/** The fields of a task that the team shares (the reminder already shown, `remindedAt`, stays this browser's). */
export const TASK_FIELDS = ['title', 'dueAt', 'owner', 'type', 'done', 'doneAt', 'notes', 'snoozedUntil', 'createdAt', 'createdBy'] as const;

/** A task as the book holds it. */
export type BookTask = Pick<Task, (typeof TASK_FIELDS)[number]> & { key: string; contact: string; updatedAt: number; updatedBy: string };

const OPTIONAL = new Set<string>(['doneAt', 'snoozedUntil']);
const split = (flat: string): [string, string] => {
  const at = flat.lastIndexOf(SEP);
  return [flat.slice(0, at), flat.slice(at + 1)];
};

/** Local tag ids ↔ the tags' team keys (`Tag.key`, the key tags have in the book), for the keys of tag-triggered tasks. */
export interface TagKeys {
  keyOf(tagId: number): string | undefined;
  idOf(key: string): number | undefined;
}

const NO_TAGS: TagKeys = { keyOf: () => undefined, idOf: () => undefined };
// A tag-triggered playbook task's key has `:tag:<local tag id>:`; in the book, `:tag:~<encoded team key>:`.
const TAG_SEGMENT = 'tag';

/**
 * A task's key in the book. A playbook's task key names the local contact id (`pb:<playbook>:<contact>:…`), which
 * differs between browsers: in the book that segment is `~` and the contact's email follows, so two browsers that
 * plan the same task write one key. A tag trigger's local tag id is the tag's team key there (`tag:~<key>`), encoded
 * (a tag name may hold a colon). Other keys (`t:…`) are unique already.
 */
export function bookTaskKey(localKey: string, contactId: number, contactKey: string, tags: TagKeys = NO_TAGS): string {
  if (!localKey.startsWith('pb:')) return localKey;
  const parts = localKey.split(':');
  const out = parts.map((s, i) => {
    if (i === 4 && parts[3] === TAG_SEGMENT) {
      const key = tags.keyOf(Number(s));
      if (key !== undefined) return `~${encodeURIComponent(key)}`;
    }
    return s === String(contactId) ? '~' : s;
  });
  return `${out.join(':')}|${contactKey}`;
}

/** The local key of a book task for the local contact `contactId` (bookTaskKey's inverse). */
export function localTaskKey(bookKey: string, contactId: number, tags: TagKeys = NO_TAGS): string {
  if (!bookKey.startsWith('pb:')) return bookKey;
  const parts = bookKey.slice(0, bookKey.lastIndexOf('|')).split(':');
  return parts
    .map((s, i) => {
      if (s === '~') return String(contactId);
      if (i === 4 && parts[3] === TAG_SEGMENT && s.startsWith('~')) {
        // A tag this browser does not have (yet): the team's key stays in the local key, unique all the same.
        const id = tags.idOf(decodeURIComponent(s.slice(1)));
        return id === undefined ? s : String(id);
      }
      return s;
    })
    .join(':');
}

const tasksOf = (docs: ReadonlyMap<string, Y.Doc>, contact: string): { doc: Y.Doc; map: Y.Map<unknown> } => {
  const doc = docs.get(shardName(contact));
  if (!doc) throw new Error(`the team documents lack ${shardName(contact)}`);
  return { doc, map: doc.getMap('tasks') };
};

/** Every task of the team (all shards): the live ones by book key, and the deleted ones with their contact. */
export function readTasks(docs: ReadonlyMap<string, Y.Doc>): { live: Map<string, BookTask>; deleted: Map<string, string> } {
  const fields = new Map<string, Map<string, unknown>>();
  for (const [name, doc] of docs) {
    if (name === 'book') continue;
    for (const [flat, value] of doc.getMap('tasks').entries()) {
      const [key, field] = split(flat);
      if (!fields.has(key)) fields.set(key, new Map());
      fields.get(key)!.set(field, value);
    }
  }
  const live = new Map<string, BookTask>();
  const deleted = new Map<string, string>();
  for (const [key, values] of fields) {
    const contact = values.get('contact') as string | undefined;
    if (!contact) continue;
    if (values.has('@deletedAt')) {
      deleted.set(key, contact);
      continue;
    }
    const title = values.get('title');
    if (typeof title !== 'string' || !title.trim()) continue;
    const num = (field: string) => (typeof values.get(field) === 'number' ? (values.get(field) as number) : undefined);
    const type = values.get('type') as Task['type'];
    const createdBy = values.get('createdBy') as Task['createdBy'];
    live.set(key, {
      key,
      contact,
      title,
      dueAt: num('dueAt') ?? 0,
      owner: (values.get('owner') as string | undefined) ?? '',
      type: TASK_TYPES.includes(type) ? type : 'other',
      done: values.get('done') === 1 ? 1 : 0,
      ...(num('doneAt') !== undefined ? { doneAt: num('doneAt') } : {}),
      notes: (values.get('notes') as string | undefined) ?? '',
      ...(num('snoozedUntil') !== undefined ? { snoozedUntil: num('snoozedUntil') } : {}),
      createdAt: num('createdAt') ?? 0,
      createdBy: TASK_SOURCES.includes(createdBy) ? createdBy : 'manual',
      updatedAt: num('@at') ?? 0,
      updatedBy: (values.get('@by') as string | undefined) ?? '',
    });
  }
  return { live, deleted };
}

/**
 * Writes a task's fields, only those that differ and (when `only` names some, for a task the book has) only those:
 * a concurrent edit of another field survives.
 */
export function writeTask(docs: ReadonlyMap<string, Y.Doc>, task: Omit<BookTask, 'updatedAt' | 'updatedBy'>, stamp: Stamp, origin: object, only?: readonly string[]): void {
  const { doc, map } = tasksOf(docs, task.contact);
  const flat = (field: string) => task.key + SEP + field;
  doc.transact(() => {
    let changed = false;
    const known = map.has(flat('title')) && !map.has(flat('@deletedAt'));
    const fields = known && only ? TASK_FIELDS.filter((f) => only.includes(f)) : TASK_FIELDS;
    if (map.has(flat('@deletedAt'))) (map.delete(flat('@deletedAt')), (changed = true));
    if (map.get(flat('contact')) !== task.contact) (map.set(flat('contact'), task.contact), (changed = true));
    for (const field of fields) {
      const value = task[field];
      if (value === undefined) {
        if (OPTIONAL.has(field) && map.has(flat(field))) (map.delete(flat(field)), (changed = true));
      } else if (map.get(flat(field)) !== value) (map.set(flat(field), value), (changed = true));
    }
    if (changed) (map.set(flat('@at'), stamp.at), map.set(flat('@by'), stamp.by));
  }, origin);
}

/** Deletes a task for the whole team: a tombstone (its contact kept), its fields removed. */
export function deleteTask(docs: ReadonlyMap<string, Y.Doc>, key: string, contact: string, stamp: Stamp, origin: object): void {
  const { doc, map } = tasksOf(docs, contact);
  doc.transact(() => {
    for (const flat of [...map.keys()]) if (split(flat)[0] === key) map.delete(flat);
    map.set(key + SEP + 'contact', contact);
    map.set(key + SEP + '@deletedAt', stamp.at);
    map.set(key + SEP + '@by', stamp.by);
  }, origin);
}

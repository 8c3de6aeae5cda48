// Playbook and sequence definitions in the team's `book` document (docs/team-book.md). Flat keys per field under the
// playbook's (or sequence's) id in the Y.Maps `playbooks` and `sequences`, so a rename and a switch flipped at once
// both survive; the trigger, the conditions, the actions and a sequence's steps are each one value (JSON text with team
// keys: lib/team/playbook-refs.ts). `runner` is the member who last saved or switched the playbook: for a contact
// without an owner, only that member's browser acts on it. What a playbook did (its log, enrolments, the run's
// cursor) stays in each browser. A delete is a tombstone (`id␟@deletedAt`), which wins over a concurrent edit.
import type * as Y from 'yjs';
import { SEP, type Stamp } from './book-doc';

/** A playbook as the book holds it (trigger, conditions and actions as JSON text with team keys). */
export interface BookPlaybook {
  id: string;
  name: string;
  enabled: 0 | 1;
  trigger: string;
  conditions: string;
  actions: string;
  createdAt: number;
  runner: string;
  updatedAt: number;
  updatedBy: string;
}

/** A sequence as the book holds it (steps as JSON text with team template keys). */
export interface BookSequence {
  id: string;
  name: string;
  steps: string;
  sendWithoutApproval: 0 | 1;
  allowConcurrent: 0 | 1;
  updatedAt: number;
  updatedBy: string;
}

type Kind = 'playbooks' | 'sequences';
const PLAYBOOK_FIELDS = ['name', 'enabled', 'trigger', 'conditions', 'actions', 'createdAt', 'runner'] as const;
const SEQUENCE_FIELDS = ['name', 'steps', 'sendWithoutApproval', 'allowConcurrent'] as const;

const split = (flat: string): [string, string] => {
  const at = flat.lastIndexOf(SEP);
  return [flat.slice(0, at), flat.slice(at + 1)];
};

function read(book: Y.Doc, kind: Kind): { live: Map<string, Map<string, unknown>>; deleted: Set<string> } {
  const fields = new Map<string, Map<string, unknown>>();
  for (const [flat, value] of book.getMap(kind).entries()) {
    const [id, field] = split(flat);
    if (!fields.has(id)) fields.set(id, new Map());
    fields.get(id)!.set(field, value);
  }
  const deleted = new Set<string>();
  for (const [id, values] of fields) if (values.has('@deletedAt')) (deleted.add(id), fields.delete(id));
  return { live: fields, deleted };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const flag = (v: unknown): 0 | 1 => (v === 1 ? 1 : 0);

/** Every playbook of the team: the live ones (with every field), and the ids of the deleted ones. */
export function readPlaybooks(book: Y.Doc): { live: Map<string, BookPlaybook>; deleted: Set<string> } {
  const { live, deleted } = read(book, 'playbooks');
  const out = new Map<string, BookPlaybook>();
  for (const [id, v] of live) {
    // A playbook whose fields have not all arrived yet (a write in flight) is read once they have.
    if (!v.has('name') || !v.has('trigger') || !v.has('conditions') || !v.has('actions')) continue;
    out.set(id, {
      id,
      name: text(v.get('name')),
      enabled: flag(v.get('enabled')),
      trigger: text(v.get('trigger')),
      conditions: text(v.get('conditions')),
      actions: text(v.get('actions')),
      createdAt: num(v.get('createdAt')),
      runner: text(v.get('runner')),
      updatedAt: num(v.get('@at')),
      updatedBy: text(v.get('@by')),
    });
  }
  return { live: out, deleted };
}

/** Every sequence of the team: the live ones, and the ids of the deleted ones. */
export function readSequences(book: Y.Doc): { live: Map<string, BookSequence>; deleted: Set<string> } {
  const { live, deleted } = read(book, 'sequences');
  const out = new Map<string, BookSequence>();
  for (const [id, v] of live) {
    if (!v.has('name') || !v.has('steps')) continue;
    out.set(id, {
      id,
      name: text(v.get('name')),
      steps: text(v.get('steps')),
      sendWithoutApproval: flag(v.get('sendWithoutApproval')),
      allowConcurrent: flag(v.get('allowConcurrent')),
      updatedAt: num(v.get('@at')),
      updatedBy: text(v.get('@by')),
    });
  }
  return { live: out, deleted };
}

function write(book: Y.Doc, kind: Kind, id: string, values: Record<string, unknown>, fields: readonly string[], stamp: Stamp, origin: object): boolean {
  const map = book.getMap(kind);
  const flat = (field: string) => id + SEP + field;
  let changed = false;
  book.transact(() => {
    if (map.has(flat('@deletedAt'))) (map.delete(flat('@deletedAt')), (changed = true));
    for (const field of fields) if (values[field] !== undefined && map.get(flat(field)) !== values[field]) (map.set(flat(field), values[field]), (changed = true));
    if (changed) (map.set(flat('@at'), stamp.at), map.set(flat('@by'), stamp.by));
  }, origin);
  return changed;
}

function remove(book: Y.Doc, kind: Kind, id: string, stamp: Stamp, origin: object): void {
  const map = book.getMap(kind);
  book.transact(() => {
    for (const flat of [...map.keys()]) if (split(flat)[0] === id) map.delete(flat);
    map.set(id + SEP + '@deletedAt', stamp.at);
    map.set(id + SEP + '@by', stamp.by);
  }, origin);
}

/** Writes a playbook's fields (only `only`, when named), only those that differ; `runner` when given. Returns whether any did. */
export function writePlaybook(book: Y.Doc, p: Omit<BookPlaybook, 'updatedAt' | 'updatedBy' | 'runner'> & { runner?: string }, stamp: Stamp, origin: object, only?: readonly string[]): boolean {
  // A playbook the book does not have whole yet is written whole.
  const whole = !only || !book.getMap('playbooks').has(p.id + SEP + 'actions') || book.getMap('playbooks').has(p.id + SEP + '@deletedAt');
  const fields = whole ? PLAYBOOK_FIELDS : PLAYBOOK_FIELDS.filter((f) => only.includes(f));
  return write(book, 'playbooks', p.id, p as unknown as Record<string, unknown>, fields, stamp, origin);
}

/** Writes a sequence's fields, only those that differ. */
export function writeSequence(book: Y.Doc, s: Omit<BookSequence, 'updatedAt' | 'updatedBy'>, stamp: Stamp, origin: object): boolean {
  return write(book, 'sequences', s.id, s as unknown as Record<string, unknown>, SEQUENCE_FIELDS, stamp, origin);
}

/** Deletes a playbook for the whole team: a tombstone, its fields removed (its log stays in each browser). */
export function deleteBookPlaybook(book: Y.Doc, id: string, stamp: Stamp, origin: object): void {
  remove(book, 'playbooks', id, stamp, origin);
}

/** Deletes a sequence for the whole team: a tombstone (enrolments and their campaigns stay with their senders). */
export function deleteBookSequence(book: Y.Doc, id: string, stamp: Stamp, origin: object): void {
  remove(book, 'sequences', id, stamp, origin);
}

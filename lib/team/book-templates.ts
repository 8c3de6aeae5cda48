// Team templates in the team's `book` document (docs/team-book.md). A template the user marked "team" has a
// random team key; its fields are flat keys (`key␟name`, `key␟body`…) in the Y.Map `templates`, so two members
// who edit the name and the body at once both keep their edit. A delete (or unmarking) is a tombstone: the
// fields go and `key␟@deletedAt` stays. Usage counts and the last use are this browser's, never shared.
import type * as Y from 'yjs';
import { SEP, type Stamp } from './book-doc';

/** The fields of a template that the team shares. */
export const TEMPLATE_FIELDS = ['name', 'subject', 'body', 'category', 'language', 'shortcut', 'createdAt'] as const;
type Field = (typeof TEMPLATE_FIELDS)[number];

/** A team template as the book holds it. */
export interface BookTemplate {
  key: string;
  name: string;
  subject: string;
  body: string;
  category: string;
  language: 'en' | 'ja';
  shortcut?: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

const AT = '@at';
const BY = '@by';
const DELETED_AT = '@deletedAt';

const split = (flat: string): [string, string] => {
  const at = flat.lastIndexOf(SEP);
  return [flat.slice(0, at), flat.slice(at + 1)];
};

/** The map that holds the team templates (in the `book` document). */
export const templatesMap = (book: Y.Doc): Y.Map<unknown> => book.getMap('templates');

/** Every team template: the live ones, and the keys of the deleted ones. */
export function readTemplates(book: Y.Doc): { live: Map<string, BookTemplate>; deleted: Set<string> } {
  const fields = new Map<string, Map<string, unknown>>();
  for (const [flat, value] of templatesMap(book).entries()) {
    const [key, field] = split(flat);
    if (!fields.has(key)) fields.set(key, new Map());
    fields.get(key)!.set(field, value);
  }
  const live = new Map<string, BookTemplate>();
  const deleted = new Set<string>();
  for (const [key, values] of fields) {
    if (values.has(DELETED_AT)) {
      deleted.add(key);
      continue;
    }
    if (!values.has('name')) continue;
    const text = (field: Field) => (values.get(field) as string | undefined) ?? '';
    const shortcut = values.get('shortcut') as string | undefined;
    live.set(key, {
      key,
      name: text('name'),
      subject: text('subject'),
      body: text('body'),
      category: text('category'),
      language: values.get('language') === 'ja' ? 'ja' : 'en',
      ...(shortcut ? { shortcut } : {}),
      createdAt: (values.get('createdAt') as number | undefined) ?? 0,
      updatedAt: (values.get(AT) as number | undefined) ?? 0,
      updatedBy: (values.get(BY) as string | undefined) ?? '',
    });
  }
  return { live, deleted };
}

/** Writes a team template's fields, only those that differ (a concurrent edit of another field survives). */
export function writeTemplate(book: Y.Doc, template: Omit<BookTemplate, 'updatedAt' | 'updatedBy'>, stamp: Stamp, origin: object): boolean {
  const map = templatesMap(book);
  const flat = (field: string) => template.key + SEP + field;
  let changed = false;
  book.transact(() => {
    if (map.has(flat(DELETED_AT))) (map.delete(flat(DELETED_AT)), (changed = true));
    for (const field of TEMPLATE_FIELDS) {
      const value = template[field];
      if (value === undefined || value === '') {
        if (field === 'shortcut' && map.has(flat(field))) (map.delete(flat(field)), (changed = true));
        continue;
      }
      if (map.get(flat(field)) !== value) (map.set(flat(field), value), (changed = true));
    }
    if (changed) (map.set(flat(AT), stamp.at), map.set(flat(BY), stamp.by));
  }, origin);
  return changed;
}

/** Deletes a team template for everyone: a tombstone, its fields removed. */
export function deleteTemplate(book: Y.Doc, key: string, stamp: Stamp, origin: object): void {
  const map = templatesMap(book);
  book.transact(() => {
    for (const flat of [...map.keys()]) if (split(flat)[0] === key) map.delete(flat);
    map.set(key + SEP + DELETED_AT, stamp.at);
    map.set(key + SEP + BY, stamp.by);
  }, origin);
}

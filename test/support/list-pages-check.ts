import type { Table } from 'dexie';
import { LIST_BLOCK, pagesOf, unpackPage, type ListPage, type ListRow } from '../../lib/contacts/list-pages';
import type { StagedBlock } from '../../lib/contacts/staging';

/** JSON with every object's keys sorted (rows compare whatever their key order). */
const canon = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

/**
 * Whether the stored list pages (`contactList`, lib/contacts/list-pages.ts) are exactly the contact rows and staged
 * contacts, block by block: null when they are, else the first difference. Vitest-free (the browser differential runs it).
 * `tables`: a Dexie ContactStore's tables (`store.tables`), or any list naming contacts, contactStage and contactList.
 */
export async function listPagesProblem(tables: readonly Table[]): Promise<string | null> {
  const named = (name: string) => tables.find((t) => t.name === name)!;
  const [rows, staged, pages] = (await Promise.all([named('contacts').toArray(), named('contactStage').toArray(), named('contactList').toArray()])) as [ListRow[], StagedBlock[], ListPage[]];
  const byId = new Map<number, ListRow>();
  for (const block of staged) for (const row of block.rows) byId.set(row.id, row);
  for (const row of rows) byId.set(row.id, row);
  const want = pagesOf([...byId.values()]);
  for (const page of pages) {
    if (page.ids.length === 0) return `page ${page.block} is empty`;
    if (page.ids.some((id, i) => Math.floor(id / LIST_BLOCK) !== page.block || (i > 0 && id <= page.ids[i - 1]))) return `page ${page.block} holds ids ${page.ids.join(',')}`;
    if ([...page.columns, ...page.custom].some((column) => column.length !== page.ids.length)) return `page ${page.block} has a column of another length than its ids`;
  }
  const got = canon(pages.map((p) => [p.block, unpackPage(p)]));
  const expected = canon(want.map((p) => [p.block, unpackPage(p)]));
  if (got === expected) return null;
  const at = pages.findIndex((p, i) => canon([p.block, unpackPage(p)]) !== canon(want[i] && [want[i].block, unpackPage(want[i])]));
  return `list pages differ from the rows (${pages.length} pages, ${want.length} expected), first at page index ${at === -1 ? pages.length : at}:\n stored: ${canon(pages[at] && unpackPage(pages[at]))}\n rows:   ${canon(want[at === -1 ? pages.length : at] && unpackPage(want[at === -1 ? pages.length : at]))}`;
}

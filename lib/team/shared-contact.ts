// A local contact as the team shares it, and back: local ids (contact, tag, company) become keys, and only
// shared fields cross (no scores, no mail history, no local timestamps of activity).
import type { KizunaDb } from '../db/schema';
import type { Company, Contact, Tag } from '../db/types';
import type { ContactPatch } from '../contacts/store';
import { contactKey, type BookContact, type SharedContact } from './book-doc';

const OPTIONAL = ['company', 'customerSince', 'churnedAt', 'externalId'] as const;
const COMPARED = ['name', 'stage', 'owner', 'doNotContact', 'customerSince', 'churnedAt', 'externalId', 'createdAt'] as const;

/** A contact as the team book shares it (tag ids as keys, the company as its domain or name). */
export function toShared(contact: Contact, tagsById: ReadonlyMap<number, Tag>, company: Company | undefined): SharedContact {
  const out: SharedContact = {
    email: contactKey(contact.email),
    name: contact.name,
    stage: contact.stage,
    owner: contact.owner,
    custom: { ...contact.custom },
    doNotContact: contact.doNotContact,
    createdAt: contact.createdAt,
    tags: contact.tags.flatMap((id) => (tagsById.has(id) ? [tagsById.get(id)!.key] : [])).sort(),
  };
  const optional = { company: company ? (company.domain ?? company.name) : undefined, customerSince: contact.customerSince, churnedAt: contact.churnedAt, externalId: contact.externalId };
  for (const field of OPTIONAL) if (optional[field] !== undefined) (out as unknown as Record<string, unknown>)[field] = optional[field];
  return out;
}

/** The fields of `local` that differ from the team's contact, as a patch (the company as a resolved local id). */
export function patchFrom(local: Contact, team: BookContact, companyId: number | undefined): ContactPatch {
  const patch: Record<string, unknown> = {};
  for (const field of COMPARED) if (local[field] !== team[field]) patch[field] = team[field];
  if (canonical(local.custom) !== canonical(team.custom)) patch.custom = { ...team.custom };
  if (local.companyId !== companyId) patch.companyId = companyId;
  if (Object.keys(patch).length) patch.updatedAt = team.updatedAt;
  return patch as ContactPatch;
}

const canonical = (record: Record<string, string>) => JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
const blank = (value: unknown) => value === undefined || value === '';

/** One field whose local and team values truly differ. */
export interface FieldConflict {
  field: string;
  local: unknown;
  team: unknown;
}

/**
 * Joins a local contact with the team's one of the same email, field by field: a value only one side has
 * is kept, tags are the union, do-not-contact is kept when either side set it, the earlier creation wins;
 * where both have different values, the team's is kept and the difference listed.
 */
export function mergeShared(local: SharedContact, team: SharedContact): { merged: SharedContact; conflicts: FieldConflict[] } {
  const conflicts: FieldConflict[] = [];
  const pick = (field: string, mine: unknown, theirs: unknown) => {
    if (blank(theirs)) return mine;
    if (!blank(mine) && mine !== theirs) conflicts.push({ field, local: mine, team: theirs });
    return theirs;
  };
  const merged: Record<string, unknown> = { email: team.email, custom: {}, tags: [...new Set([...local.tags, ...team.tags])].sort() };
  for (const field of ['name', 'stage', 'owner', ...OPTIONAL] as const) {
    const value = pick(field, local[field], team[field]);
    if (value !== undefined) merged[field] = value;
  }
  merged.doNotContact = local.doNotContact || team.doNotContact ? 1 : 0;
  merged.createdAt = Math.min(local.createdAt, team.createdAt);
  for (const k of new Set([...Object.keys(local.custom), ...Object.keys(team.custom)])) {
    const value = pick(`custom.${k}`, local.custom[k], team.custom[k]);
    if (value !== undefined) (merged.custom as Record<string, unknown>)[k] = value;
  }
  return { merged: merged as unknown as SharedContact, conflicts };
}

/** The local company a shared company names (its domain, or its name), created when there is none; call in a transaction over `companies`. */
/** A local company for a shared one that has none here: a shared company without a dot is one a member named by hand. */
const newCompany = (company: string) => (company.includes('.') ? { domain: company, name: company, fields: {} } : { name: company, fields: {} }) as Company;

export async function companyIdOf(db: KizunaDb, company: string | undefined): Promise<number | undefined> {
  if (!company) return undefined;
  const found = (await db.companies.where('domain').equals(company).first()) ?? (await db.companies.where('name').equals(company).first());
  if (found) return found.id;
  return db.companies.add(newCompany(company));
}

/**
 * The local company ids of many shared companies at once (`companyIdOf` for each, in two index reads and one bulk add;
 * from `scanFrom` companies on, in one read of the whole table: an index walk over hundreds of values is one cursor
 * step per value, each waiting its turn on a busy page, and a join's shard names hundreds).
 */
export async function companyIdsOf(db: KizunaDb, companies: Iterable<string>, scanFrom = 100): Promise<Map<string, number>> {
  const wanted = [...new Set(companies)].filter((c) => c !== '');
  const out = new Map<string, number>();
  if (wanted.length === 0) return out;
  if (wanted.length >= scanFrom) return companyIdsFrom(db, emptyCompanyIndex(), wanted);
  for (const found of await db.companies.where('domain').anyOf(wanted).toArray()) out.set(found.domain!, found.id);
  const byName = wanted.filter((c) => !out.has(c));
  // As companyIdOf: a domain's company first, then the first company of that name.
  if (byName.length) for (const found of (await db.companies.where('name').anyOf(byName).sortBy('id')).reverse()) out.set(found.name, found.id);
  const missing = wanted.filter((c) => !out.has(c));
  // No add of nothing: Dexie reports even an empty bulkAdd as a write of the table, and every page that lists contacts
  // then re-reads all companies (issue 17: each remote edit of a contact with a company did, on the side panel's thread).
  if (missing.length === 0) return out;
  const ids = await db.companies.bulkAdd(missing.map(newCompany), { allKeys: true });
  missing.forEach((c, i) => out.set(c, ids[i] as number));
  return out;
}

/** The local companies a join has read (once, then only those added since): ids by domain and by name, and the highest id read. */
export interface CompanyIndex {
  byDomain: Map<string, number>;
  byName: Map<string, number>;
  maxId: number;
}

/** An index of no company read yet: the first `companyIdsFrom` reads the whole table. */
export const emptyCompanyIndex = (): CompanyIndex => ({ byDomain: new Map(), byName: new Map(), maxId: 0 });

/**
 * `companyIdsOf` over a join's index of the companies table instead of a read per shard: the whole table is read the
 * first time, and later only the companies added since (ids only grow), so one added in another page meanwhile is found
 * rather than made twice. Companies not stored are made in one bulk add and join the index. Call in a transaction over
 * `companies`.
 */
export async function companyIdsFrom(db: KizunaDb, index: CompanyIndex, companies: Iterable<string>): Promise<Map<string, number>> {
  const wanted = [...new Set(companies)].filter((c) => c !== '');
  const out = new Map<string, number>();
  if (wanted.length === 0) return out;
  // The whole table the first time (one read, no index walk), then only what was added since, if anything.
  const since = async () => ((((await db.companies.orderBy(':id').lastKey()) as number | undefined) ?? 0) > index.maxId ? db.companies.where(':id').above(index.maxId).toArray() : []);
  // In id order: a name keeps its first company (as companyIdOf), a domain its one.
  for (const found of index.maxId === 0 ? await db.companies.toArray() : await since()) {
    if (found.domain !== undefined) index.byDomain.set(found.domain, found.id);
    if (!index.byName.has(found.name)) index.byName.set(found.name, found.id);
    index.maxId = Math.max(index.maxId, found.id);
  }
  for (const c of wanted) {
    const id = index.byDomain.get(c) ?? index.byName.get(c);
    if (id !== undefined) out.set(c, id);
  }
  const missing = wanted.filter((c) => !out.has(c));
  if (missing.length === 0) return out;
  const made = missing.map(newCompany);
  const ids = (await db.companies.bulkAdd(made, { allKeys: true })) as number[];
  made.forEach((company, i) => {
    out.set(missing[i], ids[i]);
    if (company.domain !== undefined) index.byDomain.set(company.domain, ids[i]);
    if (!index.byName.has(company.name)) index.byName.set(company.name, ids[i]);
    index.maxId = Math.max(index.maxId, ids[i]);
  });
  return out;
}

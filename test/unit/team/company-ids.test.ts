// A join resolves the companies of a shard's new contacts at once (companyIdsOf): the same ids one lookup each
// (companyIdOf) would give, a company made once for a name or domain not stored yet.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Company } from '../../../lib/db/types';
import { companyIdOf, companyIdsOf } from '../../../lib/team/shared-contact';

const dbs: KizunaDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of dbs.splice(0)) await db.delete();
});

async function book(): Promise<KizunaDb> {
  const db = createDb(`company-ids-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  await db.companies.bulkAdd([
    { domain: 'acme.example', name: 'Acme', fields: {} },
    { name: 'Hand Made', fields: {} },
    { name: 'Hand Made', fields: {} },
    { domain: 'named.example', name: 'Globex', fields: {} },
    { name: 'named.example', fields: {} },
  ] as Company[]);
  return db;
}

describe('companyIdsOf', () => {
  const asked = ['acme.example', 'Hand Made', 'named.example', 'new.example', 'New By Hand', 'new.example', ''];

  it('gives the ids companyIdOf gives, one by one', async () => {
    const one = await book();
    const expected = new Map<string, number>();
    for (const company of asked) if (company) expected.set(company, (await companyIdOf(one, company))!);
    const many = await book();
    expect(await companyIdsOf(many, asked)).toEqual(expected);
    expect(await many.companies.count()).toBe(await one.companies.count());
  });

  it('gives the same ids from one read of the whole table when asked for many, with no index walk per company', async () => {
    const one = await book();
    const expected = new Map<string, number>();
    for (const company of asked) if (company) expected.set(company, (await companyIdOf(one, company))!);
    const many = await book();
    const walks = vi.spyOn(many.companies, 'where');
    expect(await companyIdsOf(many, asked, 1)).toEqual(expected);
    expect(walks).not.toHaveBeenCalled();
    expect(await many.companies.count()).toBe(await one.companies.count());
  });

  it('makes a company once for each name or domain not stored yet: a domain with a dot, a name without', async () => {
    const db = await book();
    const ids = await companyIdsOf(db, asked);
    expect(await db.companies.get(ids.get('new.example')!)).toMatchObject({ domain: 'new.example', name: 'new.example' });
    expect((await db.companies.get(ids.get('New By Hand')!))?.domain).toBeUndefined();
    expect(await db.companies.count()).toBe(7);
    // Asked again: nothing more is made.
    expect(await companyIdsOf(db, asked)).toEqual(ids);
    expect(await db.companies.count()).toBe(7);
  });
});

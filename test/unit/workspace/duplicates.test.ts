import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../lib/db/types';
import { findDuplicates } from '../../../lib/duplicates/find';
import { planMerge, planUnmerge } from '../../../lib/duplicates/merge';
import { canonicalEmail, nameKeys } from '../../../lib/duplicates/normalize';

function contact(id: number, over: Partial<Contact> = {}): Contact {
  return {
    id,
    email: `c${id}@x.com`,
    name: '',
    tags: [],
    stage: 'lead',
    owner: '',
    custom: {},
    doNotContact: 0,
    createdAt: 1000 * id,
    updatedAt: 1000 * id,
    ...over,
  };
}

describe('canonicalEmail and nameKeys', () => {
  it.each([
    ['Ann+news@X.com', 'ann@x.com'],
    ['a.n.n+promo@googlemail.com', 'ann@gmail.com'],
    ['A.Nn@gmail.com', 'ann@gmail.com'],
    ['a.nn@acme.com', 'a.nn@acme.com'],
    ['+only@x.com', '+only@x.com'],
  ])('%s → %s', (email, canonical) => expect(canonicalEmail(email)).toBe(canonical));

  it('treats spacing, width, punctuation and word order alike', () => {
    const shares = (a: string, b: string) => nameKeys(a).some((k) => nameKeys(b).includes(k));
    expect(shares('山田 太郎', '山田太郎')).toBe(true);
    expect(shares('Lee, Ann', 'ANN LEE')).toBe(true);
    expect(shares('Ann Lee', 'Anne Lee')).toBe(false);
    expect(nameKeys('Ｔａｒｏ　Ｙａｍａｄａ')[0]).toBe('taroyamada');
    expect(nameKeys('  ')).toEqual([]);
  });
});

describe('findDuplicates', () => {
  it('groups the same address in another case, +tag and Gmail aliases, and same name at one company', () => {
    const contacts = [
      contact(1, { email: 'ann+news@acme.com' }),
      contact(2, { email: 'ann@acme.com' }),
      contact(3, { email: 'ANN@acme.com' }),
      contact(4, { email: 'taro.yamada@googlemail.com' }),
      contact(5, { email: 'taroyamada@gmail.com' }),
      contact(6, { email: 'lee1@beta.io', name: 'Ann Lee', companyId: 7 }),
      contact(7, { email: 'ann.lee@beta.io', name: 'Lee Ann', companyId: 7 }),
      contact(8, { email: 'ann.lee@other.io', name: 'Ann Lee', companyId: 8 }),
      contact(9, { email: 'solo@x.com', name: 'Ann Lee' }),
    ];
    const groups = findDuplicates(contacts);
    expect(groups).toEqual([
      { ids: [2, 3, 1], reasons: ['alias', 'same-address'] },
      { ids: [5, 4], reasons: ['alias'] },
      { ids: [6, 7], reasons: ['same-name-company'] },
    ]);
  });

  it('finds nothing among distinct contacts', () => {
    expect(findDuplicates([contact(1), contact(2, { name: 'A', companyId: 1 }), contact(3, { name: 'B', companyId: 1 })])).toEqual([]);
  });
});

describe('planMerge', () => {
  const primary = contact(1, {
    email: 'ann@acme.com',
    name: 'Ann Lee',
    tags: [1, 2],
    stage: 'customer',
    owner: '',
    custom: { plan: 'Pro', arr: '' },
    createdAt: 5000,
    lastInboundAt: 100,
    customerSince: 4000,
  });
  const other = contact(2, {
    email: 'ann+news@acme.com',
    name: 'A. Lee',
    companyId: 3,
    tags: [2, 3],
    owner: 'alex',
    custom: { plan: 'Basic', arr: '9000', region: 'JP' },
    createdAt: 2000,
    lastInboundAt: 900,
    lastOutboundAt: 50,
    doNotContact: 1,
    customerSince: 3000,
  });
  const third = contact(3, { email: 'ANN@acme.com', tags: [4], createdAt: 9000, lastOutboundAt: 70 });
  const activities = [
    { id: 10, contactIds: [2] },
    { id: 11, contactIds: [1, 2] },
    { id: 12, contactIds: [3, 9] },
    { id: 13, contactIds: [9] },
  ];
  const plan = planMerge(primary, [other, third], activities, 99_999);

  it('keeps every tag, fills empty fields and custom fields, earliest created, latest contact, do-not-contact if any', () => {
    expect(plan.merged).toEqual({
      ...primary,
      companyId: 3,
      owner: 'alex',
      tags: [1, 2, 3, 4],
      custom: { plan: 'Pro', arr: '9000', region: 'JP' },
      createdAt: 2000,
      lastInboundAt: 900,
      lastOutboundAt: 70,
      doNotContact: 1,
      customerSince: 3000,
      updatedAt: 99_999,
    });
    expect(plan.deleteIds).toEqual([2, 3]);
  });

  it('moves every activity of the others to the primary, without repeating it', () => {
    expect(plan.activityUpdates).toEqual([
      { id: 10, contactIds: [1] },
      { id: 11, contactIds: [1] },
      { id: 12, contactIds: [1, 9] },
    ]);
  });

  it('records an undo that restores the originals exactly, unaffected by later edits', () => {
    plan.merged.tags.push(77);
    const undo = planUnmerge(plan.undo);
    expect(undo.putContacts).toEqual([primary, other, third]);
    expect(undo.activityUpdates).toEqual([
      { id: 10, contactIds: [2] },
      { id: 11, contactIds: [1, 2] },
      { id: 12, contactIds: [3, 9] },
    ]);
    expect(primary.tags).toEqual([1, 2]);
  });
});

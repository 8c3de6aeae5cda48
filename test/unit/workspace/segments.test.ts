import { describe, expect, it } from 'vitest';
import type { SegmentContact } from '../../../lib/segments/columns';
import { compileFilter } from '../../../lib/segments/compile';
import { SegmentFilterSchema, type Condition } from '../../../lib/segments/filter';
import { sortContacts } from '../../../lib/segments/sort';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);

function c(id: number, over: Partial<SegmentContact> = {}): SegmentContact {
  return {
    id,
    email: `c${id}@x.com`,
    name: `Contact ${id}`,
    tags: [],
    stage: 'lead',
    owner: '',
    custom: {},
    doNotContact: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

const people: SegmentContact[] = [
  c(1, {
    name: 'Ann Lee',
    email: 'ann@acme.com',
    companyId: 1,
    companyName: 'Acme',
    tags: [1, 2],
    stage: 'customer',
    owner: 'alex',
    risk: 72,
    lastInboundAt: NOW - 40 * DAY,
    custom: { plan: 'Pro', arr: '120,000' },
  }),
  c(2, {
    name: '山田 太郎',
    email: 'yamada@tanaka.co.jp',
    companyId: 2,
    companyName: '田中商事',
    tags: [2],
    stage: 'at-risk',
    owner: 'sato',
    risk: 30,
    lastOutboundAt: NOW - 2 * DAY,
    custom: { plan: 'pro ' },
  }),
  c(3, { name: 'Bob Stone', email: 'bob@beta.io', tags: [], stage: 'lead', owner: '', custom: { arr: '9000' } }),
  c(4, { name: 'Cy Acme-Fan', email: 'cy@gmail.com', tags: [3], stage: 'churned', owner: 'Alex', risk: 10, lastInboundAt: NOW - 10 * DAY, lastOutboundAt: NOW - 50 * DAY, doNotContact: 1 }),
];

const ids = (...conditions: Condition[]) => people.filter(compileFilter({ conditions }, NOW)).map((p) => p.id);

describe('compileFilter', () => {
  it('matches everyone with no conditions, and with conditions that select nothing', () => {
    expect(ids()).toEqual([1, 2, 3, 4]);
    expect(ids({ type: 'stage', stages: [] }, { type: 'text', query: '  ' })).toEqual([1, 2, 3, 4]);
  });

  it('searches name, email and company, every term, case- and width-insensitively', () => {
    expect(ids({ type: 'text', query: 'acme' })).toEqual([1, 4]);
    expect(ids({ type: 'text', query: 'ACME ann' })).toEqual([1]);
    expect(ids({ type: 'text', query: '田中' })).toEqual([2]);
    expect(ids({ type: 'text', query: 'ＢＥＴＡ' })).toEqual([3]);
  });

  it('filters tags any / all / none', () => {
    expect(ids({ type: 'tags', mode: 'any', tagIds: [1, 3] })).toEqual([1, 4]);
    expect(ids({ type: 'tags', mode: 'all', tagIds: [1, 2] })).toEqual([1]);
    expect(ids({ type: 'tags', mode: 'none', tagIds: [2] })).toEqual([3, 4]);
  });

  it('filters stage, owner (case-insensitive, "" = none), company and do-not-contact', () => {
    expect(ids({ type: 'stage', stages: ['customer', 'at-risk'] })).toEqual([1, 2]);
    expect(ids({ type: 'owner', owners: ['alex', ''] })).toEqual([1, 3, 4]);
    expect(ids({ type: 'company', companyIds: [2] })).toEqual([2]);
    expect(ids({ type: 'doNotContact', value: false })).toEqual([1, 2, 3]);
  });

  it('filters risk by band and range; unscored contacts never match', () => {
    expect(ids({ type: 'risk', bands: ['high'] })).toEqual([1]);
    expect(ids({ type: 'risk', bands: ['low', 'medium'] })).toEqual([2]);
    expect(ids({ type: 'risk', min: 30, max: 72 })).toEqual([1, 2]);
    expect(ids({ type: 'risk' })).toEqual([1, 2]);
  });

  it('puts no contact outside churn scoring in a risk band or range, even with a score left on it (Cy is churned)', () => {
    expect(people.find((p) => p.id === 4)?.risk).toBe(10);
    expect(ids({ type: 'risk', bands: ['low'] })).not.toContain(4);
    expect(ids({ type: 'risk', min: 0, max: 100 })).not.toContain(4);
  });

  it('reads risk bands by the thresholds given (the risk settings), default 40 / 70', () => {
    const band = (bands: { medium: number; high: number } | undefined, b: 'low' | 'medium' | 'high') =>
      people.filter(compileFilter({ conditions: [{ type: 'risk', bands: [b] }] }, NOW, { bands })).map((p) => p.id);
    expect(band(undefined, 'medium')).toEqual([]);
    expect(band(undefined, 'low')).toEqual([2]);
    expect(band({ medium: 25, high: 50 }, 'medium')).toEqual([2]);
    expect(band({ medium: 25, high: 80 }, 'high')).toEqual([]);
    expect(band({ medium: 25, high: 80 }, 'medium')).toEqual([1, 2]);
  });

  it('filters last contact (latest of either direction); never contacted counts as older', () => {
    expect(ids({ type: 'lastContact', op: 'olderThan', days: 30 })).toEqual([1, 3]);
    expect(ids({ type: 'lastContact', op: 'newerThan', days: 10 })).toEqual([2, 4]);
    expect(ids({ type: 'lastContact', op: 'newerThan', days: 9 })).toEqual([2]);
  });

  it('filters custom fields: equals, contains, empty, not empty, number > and <', () => {
    expect(ids({ type: 'custom', key: 'plan', op: 'equals', value: 'PRO' })).toEqual([1, 2]);
    expect(ids({ type: 'custom', key: 'plan', op: 'contains', value: 'r' })).toEqual([1, 2]);
    expect(ids({ type: 'custom', key: 'plan', op: 'empty' })).toEqual([3, 4]);
    expect(ids({ type: 'custom', key: 'arr', op: 'notEmpty' })).toEqual([1, 3]);
    expect(ids({ type: 'custom', key: 'arr', op: 'gt', value: '10000' })).toEqual([1]);
    expect(ids({ type: 'custom', key: 'arr', op: 'lt', value: '10000' })).toEqual([3]);
  });

  it('combines conditions with AND, and an OR group inside', () => {
    expect(ids({ type: 'owner', owners: ['alex'] }, { type: 'tags', mode: 'any', tagIds: [2] })).toEqual([1]);
    expect(
      ids(
        {
          type: 'or',
          conditions: [
            { type: 'stage', stages: ['lead'] },
            { type: 'risk', bands: ['high'] },
          ],
        },
        { type: 'doNotContact', value: false },
      ),
    ).toEqual([1, 3]);
  });
});

describe('SegmentFilterSchema', () => {
  it('round-trips a filter through JSON', () => {
    const filter = {
      conditions: [
        { type: 'tags', mode: 'all', tagIds: [1] },
        { type: 'or', conditions: [{ type: 'text', query: 'a' }] },
      ],
    };
    expect(SegmentFilterSchema.parse(JSON.parse(JSON.stringify(filter)))).toEqual(filter);
  });

  it('rejects broken filters', () => {
    expect(SegmentFilterSchema.safeParse({ conditions: [{ type: 'tags', mode: 'some', tagIds: [] }] }).success).toBe(false);
    expect(SegmentFilterSchema.safeParse({ conditions: [{ type: 'custom', key: 'arr', op: 'gt', value: 'lots' }] }).success).toBe(false);
    expect(SegmentFilterSchema.safeParse({ conditions: [{ type: 'custom', key: 'arr', op: 'equals' }] }).success).toBe(false);
    expect(SegmentFilterSchema.safeParse({ conditions: [{ type: 'or', conditions: [{ type: 'or', conditions: [] }] }] }).success).toBe(false);
  });
});

describe('sortContacts', () => {
  const order = (...args: Parameters<typeof sortContacts> extends [unknown, ...infer R] ? R : never) => sortContacts(people, ...args).map((p) => p.id);

  it('sorts by risk with blanks last in both directions', () => {
    expect(order('risk', 'asc')).toEqual([4, 2, 1, 3]);
    expect(order('risk', 'desc')).toEqual([1, 2, 4, 3]);
  });

  it('sorts custom fields holding numbers numerically, blanks last', () => {
    expect(order('custom:arr', 'asc')).toEqual([3, 1, 2, 4]);
    expect(order('custom:arr', 'desc')).toEqual([1, 3, 2, 4]);
  });

  it('sorts text with the locale, case-insensitively and stably', () => {
    const list = [c(1, { name: 'b' }), c(2, { name: 'A' }), c(3, { name: 'a' }), c(4, { name: '' }), c(5, { name: 'B' })];
    expect(sortContacts(list, 'name', 'asc', { locale: 'en' }).map((p) => p.id)).toEqual([2, 3, 1, 5, 4]);
    expect(sortContacts(list, 'name', 'desc', { locale: 'en' }).map((p) => p.id)).toEqual([1, 5, 2, 3, 4]);
  });

  it('sorts stage in pipeline order, last contact by the latest direction, tags by name', () => {
    expect(order('stage')).toEqual([3, 1, 2, 4]);
    expect(order('lastContact', 'desc')).toEqual([2, 4, 1, 3]);
    expect(
      order('tags', 'asc', {
        tagNames: new Map([
          [1, 'zeta'],
          [2, 'beta'],
          [3, 'alpha'],
        ]),
      }),
    ).toEqual([4, 2, 1, 3]);
  });

  it('does not change the input array', () => {
    const before = people.map((p) => p.id);
    sortContacts(people, 'name', 'desc');
    expect(people.map((p) => p.id)).toEqual(before);
  });
});

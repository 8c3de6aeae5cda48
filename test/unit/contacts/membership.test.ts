import { describe, expect, it, vi } from 'vitest';
import { MEMBER_BLOCK, memberRows, putTagsOn, tagsFromRows, type TagMemberRow } from '../../../lib/contacts/membership';

/** A seeded random number generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('tag membership rows', () => {
  it('puts on each listed contact exactly its tags, ascending, for pages and scattered ids, rows in any order', () => {
    const next = random(16);
    for (let round = 0; round < 40; round++) {
      // A book of contacts with random tags, its membership rows shuffled or in key order.
      const size = 50 + Math.floor(next() * 3000);
      const book = Array.from({ length: size }, (_, i) => ({ id: 1 + i * (round % 3 === 0 ? 7 : 1), tags: Array.from({ length: Math.floor(next() * 4) }, () => 1 + Math.floor(next() * 9)) }));
      const rows = memberRows(book);
      if (round % 2) rows.sort(() => next() - 0.5);
      else rows.sort((a, b) => a.tagId - b.tagId || a.block - b.block);
      // A page of the book (ids close together) or a few scattered ones.
      const from = Math.floor(next() * size);
      const list = (round % 4 === 1 ? book.filter(() => next() < 0.01) : book.slice(from, from + 1 + Math.floor(next() * 2000))).map(({ id }) => ({ id }) as { id: number; tags?: number[] });
      putTagsOn(rows, list);
      const byId = new Map(book.map((b) => [b.id, [...new Set(b.tags)].sort((x, y) => x - y)]));
      expect(list.map((c) => c.tags)).toEqual(list.map((c) => byId.get(c.id)));
    }
  });

  it('sorts no contact’s tags when the rows come in key order (a page of 3,000 contacts read by block)', () => {
    const book = Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, tags: [1 + (i % 20), 1 + ((i * 7) % 20)] }));
    const rows: TagMemberRow[] = memberRows(book).sort((a, b) => a.block - b.block || a.tagId - b.tagId);
    expect(new Set(rows.map((r) => r.block)).size).toBe(Math.floor(3000 / MEMBER_BLOCK) + 1);
    const expected = book.map((c) => [...new Set(c.tags)].sort((a, b) => a - b));
    const list: { id: number; tags?: number[] }[] = book.map(({ id }) => ({ id }));
    const sort = vi.spyOn(Array.prototype, 'sort');
    let byMap: Map<number, number[]>;
    try {
      byMap = tagsFromRows(rows);
      putTagsOn(rows, list);
      expect(sort).not.toHaveBeenCalled();
    } finally {
      sort.mockRestore();
    }
    expect(book.map((c) => byMap.get(c.id))).toEqual(expected);
    expect(list.map((c) => c.tags)).toEqual(expected);
  });
});

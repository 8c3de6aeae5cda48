import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb, LATEST_VERSION } from '../../../lib/db/schema';

afterEach(() => vi.restoreAllMocks());

// Issue 13: each Dexie version declaration re-parses every version before it, so declaring all of them cost
// 10–25 ms of CPU at every page's start. The migration test (migrations.test.ts) checks that every old version
// still opens with only these declared.
describe('createDb', () => {
  it('declares only the versions with an upgrade, and the latest', () => {
    const version = vi.spyOn(Dexie.prototype, 'version');
    const db = createDb('declared-versions');
    expect(version.mock.calls.map(([n]) => n)).toEqual([5, 7, 8, 14, 15, 17, LATEST_VERSION]);
    expect(db.verno).toBe(LATEST_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toContain('bandRosters');
  });
});

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { dayNumber } from '../../../lib/churn/score-history';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { StoredScore } from '../../../lib/db/types';
import { recordBandRosters, rosterMap, ROSTER_KEEP_DAYS } from '../../../lib/playbooks/band-roster';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 9);
const bands = { medium: 40, high: 70 };
const score = (contactId: number, value: number): StoredScore => ({ contactId, score: value, band: value >= 70 ? 'high' : value >= 40 ? 'medium' : 'low', at: NOW, basis: 'rules:t', history: [] });

let db: KizunaDb;
afterEach(async () => db?.delete());

describe('recordBandRosters', () => {
  it("takes today's roster of each band a contact acted on is in, once a day, and drops old rosters", async () => {
    db = createDb('band-roster');
    await contactStoreOf(db).scores.put([score(1, 80), score(2, 75), score(3, 50), score(4, 10), score(5, 90)]);
    await db.bandRosters.put({ day: dayNumber(NOW) - ROSTER_KEEP_DAYS - 1, band: 'high', at: NOW - 500 * DAY, ids: [9] });

    expect(await recordBandRosters(db, { now: NOW, bands, contactIds: [1] })).toEqual(['high']);
    const today = dayNumber(NOW);
    expect(await db.bandRosters.toArray()).toEqual([{ day: today, band: 'high', at: NOW, ids: [1, 2, 5] }]);

    // Later the same day: high is taken already (a customer who crossed since does not change it), medium is new.
    await contactStoreOf(db).scores.put([score(3, 95)]);
    expect(await recordBandRosters(db, { now: NOW + 3_600_000, bands, contactIds: [1, 4] })).toEqual(['low']);
    const map = rosterMap(await db.bandRosters.toArray());
    expect([...map.get(today)!]).toEqual([
      [1, 'high'],
      [2, 'high'],
      [5, 'high'],
      [4, 'low'],
    ]);
    // A contact without a score (a lead, a churned contact) takes nothing.
    expect(await recordBandRosters(db, { now: NOW + DAY, bands, contactIds: [42] })).toEqual([]);
  });
});

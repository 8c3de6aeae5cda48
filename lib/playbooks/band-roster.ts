import { bandFor, type BandName } from '../churn/bands';
import { dayNumber } from '../churn/score-history';
import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';

/**
 * Which customers were in one churn band on one day (table `bandRosters`, schema 13): the comparison group of "did
 * it work?" (lib/playbooks/outcome.ts), frozen on a day a playbook acted on a customer of that band. It cannot be
 * read back later from the scores: a score's history keeps about 30 days, and a contact that churns loses its score
 * row at the next rescore, so customers who churned after that day would drop out of the comparison and make
 * everyone not enrolled look saved.
 */
export interface BandRosterRow {
  /** The local day number (dayNumber). */
  day: number;
  band: BandName;
  /** When it was taken. */
  at: number;
  /** The customers in the band that day, ascending. */
  ids: number[];
}

/** Rosters older than this are dropped: "saved" is judged within a few months of acting. */
export const ROSTER_KEEP_DAYS = 400;
const PAGE = 5_000;

/**
 * Takes today's roster of each band that one of `contactIds` (the contacts a playbook just acted on) is in, unless
 * taken already today, and drops rosters older than ROSTER_KEEP_DAYS. Reads every stored score once, only on a day
 * with a band not yet taken. Returns the bands taken.
 */
export async function recordBandRosters(db: KizunaDb, options: { now: number; timeZone?: string; bands: { medium: number; high: number }; contactIds: readonly number[] }): Promise<BandName[]> {
  const { now, timeZone = 'UTC', bands, contactIds } = options;
  if (contactIds.length === 0) return [];
  const store = contactStoreOf(db);
  const day = dayNumber(now, timeZone);
  const acted = await store.scores.getMany([...new Set(contactIds)]);
  const wanted = new Set(acted.flatMap((s) => (s ? [bandFor(s.score, bands)] : [])));
  const taken = await db.bandRosters.bulkGet([...wanted].map((band) => [day, band] as [number, string]));
  const missing = [...wanted].filter((_, i) => taken[i] === undefined);
  if (missing.length) {
    const ids = new Map<BandName, number[]>(missing.map((band) => [band, []]));
    for (let after = -Infinity; ;) {
      const page = await store.scores.page({ after, limit: PAGE });
      for (const s of page) ids.get(bandFor(s.score, bands))?.push(s.contactId);
      if (page.length < PAGE) break;
      after = page[page.length - 1].contactId;
    }
    await db.bandRosters.bulkPut(missing.map((band) => ({ day, band, at: now, ids: ids.get(band)! })));
  }
  await db.bandRosters
    .where('day')
    .below(day - ROSTER_KEEP_DAYS)
    .delete();
  return missing;
}

/** The rosters as outcome.ts reads them: day → contact → band. */
export function rosterMap(rows: readonly BandRosterRow[]): Map<number, Map<number, BandName>> {
  const out = new Map<number, Map<number, BandName>>();
  for (const row of rows) {
    const byContact = out.get(row.day) ?? new Map<number, BandName>();
    for (const id of row.ids) byContact.set(id, row.band);
    out.set(row.day, byContact);
  }
  return out;
}

// Where a team join spends its time, as standard User Timing entries (`kizuna-team:<phase>`) in the page that
// holds the documents: the team benchmark (bench/team.ts) reads and sums them over the DevTools protocol; in a
// user's browser they are a few hundred entries in the page's own timeline, read by nobody.
const PREFIX = 'kizuna-team:';
// The join makes a few hundred entries; later syncs stop adding any past this many (the timeline is never cleared).
const MAX_ENTRIES = 5000;
let recorded = 0;

/** Records that `phase` ran from `start` (a `performance.now()`) until now. */
export function phaseSince(phase: string, start: number): void {
  if (recorded >= MAX_ENTRIES) return;
  recorded++;
  try {
    performance.measure(PREFIX + phase, { start, end: performance.now() });
  } catch {
    // A timeline that refuses an entry (a full buffer, an old engine) costs the join nothing.
  }
}

/** Runs `work` and records its time as `phase` (not inside a Dexie transaction: use phaseSince there). */
export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    phaseSince(phase, start);
  }
}

/** Per phase: total ms, how many times it ran, when it first started, first ended and last ended (on the entries' clock). */
export interface PhaseTotal {
  ms: number;
  count: number;
  first: number;
  firstEnd: number;
  last: number;
}

/** Sums User Timing entries by phase (the benchmark, over the entries it read from the page). */
export function sumPhases(entries: readonly { name: string; startTime: number; duration: number }[]): Record<string, PhaseTotal> {
  const out: Record<string, PhaseTotal> = {};
  for (const e of entries) {
    if (!e.name.startsWith(PREFIX)) continue;
    const phase = e.name.slice(PREFIX.length);
    const end = e.startTime + e.duration;
    const total = (out[phase] ??= { ms: 0, count: 0, first: e.startTime, firstEnd: end, last: end });
    total.ms += e.duration;
    total.count++;
    total.first = Math.min(total.first, e.startTime);
    total.firstEnd = Math.min(total.firstEnd, end);
    total.last = Math.max(total.last, end);
  }
  return out;
}

// The hops of one edit on its way to another member's side panel (issue 17): marks, not measures, so that the
// benchmark can line up one page's marks with another's on the wall clock (`performance.timeOrigin + startTime`).
// Only a development build (WXT_DEV_HOOKS=1, docs/dev-hooks.md) makes them: in production `hop` is empty and the
// bundler drops its body, so the sync path pays nothing for a benchmark that is not listening.
const HOP_PREFIX = 'kizuna-hop:';
// A page that lives for days stops adding hop marks past this many (the timeline is never cleared).
const MAX_HOPS = 20_000;
let hops = 0;

/** Marks that an edit passed `hop` now (a User Timing mark, `detail` kept with it), in a development build only; bench/team.ts reads them. */
export function hop(name: string, detail?: Record<string, unknown>): void {
  if (import.meta.env.WXT_DEV_HOOKS !== '1') return;
  if (hops >= MAX_HOPS) return;
  hops++;
  try {
    performance.mark(HOP_PREFIX + name, detail ? { detail } : undefined);
  } catch {
    // As above: a timeline that refuses a mark costs the sync nothing.
  }
}

/** One hop mark as the benchmark reads it: its name (without the prefix), wall-clock time and detail. */
export interface HopMark {
  name: string;
  at: number;
  detail?: Record<string, unknown>;
}

/** The expression that reads a page's hop marks (evaluated in the page; returns JSON of HopMark[]). */
export const HOP_MARKS_EXPRESSION = `JSON.stringify(performance.getEntriesByType('mark').filter((e) => e.name.startsWith('${HOP_PREFIX}')).map((e) => ({ name: e.name.slice(${HOP_PREFIX.length}), at: performance.timeOrigin + e.startTime, detail: e.detail ?? undefined })))`;

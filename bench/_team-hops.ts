// The hops of one edit from profile A's side panel to profile B's (issue 17), from the hop marks the pages leave
// (lib/team/phases.ts, `hop`): A's sync host, B's sync host and B's side panel, lined up on the wall clock.
import type { HopMark } from '../lib/team/phases';
import { median } from './_measure';

/** Where one edit's marks are: A's sync host page, B's, and B's side panel. */
export interface EditMarks {
  aHost: readonly HopMark[];
  bHost: readonly HopMark[];
  bPanel: readonly HopMark[];
}

const n = (m: HopMark, field: string) => Number(m.detail?.[field] ?? 0);
const firstAfter = (marks: readonly HopMark[], t: number, name: string, ok: (m: HopMark) => boolean = () => true) => marks.find((m) => m.at >= t && m.name === name && ok(m));
const lastBefore = (marks: readonly HopMark[], t: number, name: string) => marks.findLast((m) => m.at <= t && m.name === name);

/** The hop names in path order; each hop's time runs from the previous hop's end (the first from the Enter key). */
export const HOPS = [
  "A: local write until A's sync host hears of it (Dexie commit + BroadcastChannel)",
  "A: until a drain reads the contact's outbox row (queue, timers)",
  'A: drain builds and sends the Y update (reads + Y transaction)',
  "server relay until B's document applied the update (network, Hocuspocus, Y decode)",
  'B: until the pull starts (scheduling, queue)',
  'B: pull writes the local book (Dexie transaction)',
  "B: the side panel's live read after the pull's commit (liveQuery notice + Dexie read)",
  'B: render and paint of the chip',
] as const;

/** One edit's hop durations in ms (HOPS order), or the name of the first mark not found. */
export function editHops(marks: EditMarks, enterAt: number, chipAt: number): number[] | string {
  const noticed = firstAfter(marks.aHost, enterAt, 'outbox noticed');
  if (!noticed) return 'A: outbox noticed';
  const read = firstAfter(marks.aHost, enterAt, 'drain: outbox rows read', (m) => n(m, 'contacts') > 0);
  if (!read) return "A: drain of the contact's row";
  // The Y update leaves as the contacts' batch ends ('drain: contacts sent'); builds before it has only the later mark.
  const sent =
    firstAfter(marks.aHost, read.at, 'drain: contacts sent', (m) => n(m, 'contacts') > 0) ?? firstAfter(marks.aHost, read.at, 'drain: documents written (sent)', (m) => n(m, 'contacts') > 0);
  if (!sent) return 'A: documents written';
  const applied = firstAfter(marks.bHost, sent.at, 'remote update applied', (m) => m.detail?.doc !== 'book');
  if (!applied) return 'B: remote update applied';
  const pull = firstAfter(marks.bHost, applied.at, 'pull start', (m) => n(m, 'keys') > 0);
  if (!pull) return 'B: pull start';
  const pulled = firstAfter(marks.bHost, pull.at, 'pull committed', (m) => n(m, 'keys') > 0);
  if (!pulled) return 'B: pull committed';
  // The read that painted the chip: the last to end before it (a read started before the pull's commit may wait for it).
  const readEnd = lastBefore(marks.bPanel, chipAt, 'panel: details read end');
  if (!readEnd || readEnd.at < pulled.at) return 'B panel: details read end';
  const times = [enterAt, noticed.at, read.at, sent.at, applied.at, pull.at, pulled.at, readEnd.at, chipAt];
  return times.slice(1).map((t, i) => t - times[i]);
}

/** Prints the median of each hop over the edits, and what happened off the path (A's y-indexeddb write, the outbox delete). */
export function printHops(marks: EditMarks, edits: readonly { enterAt: number; chipAt: number }[]): void {
  const per: number[][] = HOPS.map(() => []);
  const missing: string[] = [];
  for (const { enterAt, chipAt } of edits) {
    const hops = editHops(marks, enterAt, chipAt);
    if (typeof hops === 'string') missing.push(hops);
    else hops.forEach((ms, i) => per[i].push(ms));
  }
  const total = edits.map((e) => e.chipAt - e.enterAt);
  console.log(`edit → other member's side panel, median per hop over ${per[0].length} of ${edits.length} edits (total p50 ${median(total).toFixed(1)} ms):`);
  HOPS.forEach((name, i) => console.log(`  ${name}: ${per[i].length ? median(per[i]).toFixed(1) : 'n/a'} ms`));
  if (missing.length) console.log(`  edits without a full trace: ${missing.length} (first missing mark: ${missing[0]})`);
  const stored: number[] = [];
  for (const { enterAt } of edits) {
    const sent = firstAfter(marks.aHost, enterAt, 'drain: documents written (sent)', (m) => n(m, 'contacts') > 0);
    const kept = sent && firstAfter(marks.aHost, sent.at, 'drain: stored in y-indexeddb');
    if (sent && kept) stored.push(kept.at - sent.at);
  }
  if (stored.length) console.log(`  off the path: A's y-indexeddb write after the send, median ${median(stored).toFixed(1)} ms`);
  const reads = edits.flatMap(({ chipAt }) => {
    const end = lastBefore(marks.bPanel, chipAt, 'panel: details read end');
    const start = end && lastBefore(marks.bPanel, end.at, 'panel: details read start');
    return start && end ? [end.at - start.at] : [];
  });
  if (reads.length) console.log(`  of which B's side panel read itself (start to end), median ${median(reads).toFixed(1)} ms`);
}

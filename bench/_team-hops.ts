// The hops of one edit from profile A's side panel to profile B's (issue 17), from the hop marks the pages leave
// (lib/team/phases.ts, `hop`): A's sync host, B's sync host and B's side panel, lined up on the wall clock.
import type { HopMark } from '../lib/team/phases';
import { median } from './_measure';

/** Where one edit's marks are: A's side panel (absent in older dumps), A's sync host page, B's, and B's side panel. */
export interface EditMarks {
  aPanel?: readonly HopMark[];
  aHost: readonly HopMark[];
  bHost: readonly HopMark[];
  bPanel: readonly HopMark[];
}

const n = (m: HopMark, field: string) => Number(m.detail?.[field] ?? 0);
const firstAfter = (marks: readonly HopMark[], t: number, name: string, ok: (m: HopMark) => boolean = () => true) => marks.find((m) => m.at >= t && m.name === name && ok(m));
const lastBefore = (marks: readonly HopMark[], t: number, name: string) => marks.findLast((m) => m.at <= t && m.name === name);

/** The hop names in path order; each hop runs from the previous hop's end mark (the first from the Enter key) to its own. */
export const HOPS = [
  "A: the side panel's write until its commit (its transaction's wait, round trips and commit)",
  "A: commit until A's sync host hears of it (Dexie's change event over BroadcastChannel)",
  "A: until a drain reads the contact's outbox row (queue, timers)",
  'A: drain builds and sends the Y update (reads + Y transaction)',
  "server relay until B's document applied the update (network, Hocuspocus, Y decode)",
  'B: until the pull starts (scheduling, queue)',
  "B: pull's transaction starts and reads the contact (waits for other pages' transactions)",
  'B: pull writes the local book and commits',
  "B: the side panel's live read after the pull's commit (liveQuery notice + Dexie read)",
  'B: render and paint of the chip',
] as const;

/** Short names of HOPS, for the per-edit lines. */
const SHORT = ['A write', 'A hears', 'A queue', 'A drain', 'relay', 'B queue', 'B tx wait', 'B write', 'B read', 'paint'];

/** One edit's way: its total, each hop's ms (undefined when a mark it runs between is missing), and the marks missing. */
export interface EditBreakdown {
  total: number;
  hops: (number | undefined)[];
  /** Total minus the hops found: the time between marks with a missing one in between (0 when every mark is there). */
  outside: number;
  missing: string[];
}

/**
 * One edit's hops. Each mark is looked for after the last one found, so one missing mark leaves out the hops on either
 * side of it (their time counts as outside the hops), not the whole edit.
 */
export function editHops(marks: EditMarks, enterAt: number, chipAt: number): EditBreakdown {
  const missing: string[] = [];
  let at = enterAt;
  const find = (what: string, mark: HopMark | undefined) => {
    if (!mark) return void missing.push(what);
    at = mark.at;
    return mark.at;
  };
  // The drain that read the row: the first after the Enter key. The change event usually wakes it ('outbox noticed'); when
  // a poll's drain read the row before the event came, A's hearing of it is that drain's start, not a later event.
  const readMark = firstAfter(marks.aHost, at, 'drain: outbox rows read', (m) => n(m, 'contacts') > 0);
  const noticedMark = firstAfter(marks.aHost, at, 'outbox noticed');
  const polled = readMark && lastBefore(marks.aHost, readMark.at, 'queue: drain start');
  const hearing = noticedMark && readMark && noticedMark.at > readMark.at ? polled : noticedMark;
  // The panel marks its write when its promise settles, after the commit; the sync host, on a thread of its own (its
  // worker), may hear of the commit first. Such a mark cannot end "A write": it is reported apart, as late.
  const writtenMark = marks.aPanel && firstAfter(marks.aPanel, at, 'panel: tag written');
  const late = writtenMark && hearing && writtenMark.at > hearing.at;
  const written = find(late ? 'A panel: tag written (marked after A’s host heard of the commit)' : 'A panel: tag written', writtenMark && hearing && !late ? writtenMark : undefined);
  const noticed = find('A: outbox noticed', hearing);
  const read = find("A: drain of the contact's row", readMark);
  // The Y update leaves as the contacts' batch ends ('drain: contacts sent'); builds before it have only the later mark.
  const sentMark = firstAfter(marks.aHost, at, 'drain: contacts sent', (m) => n(m, 'contacts') > 0) ?? firstAfter(marks.aHost, at, 'drain: documents written (sent)', (m) => n(m, 'contacts') > 0);
  const sent = find('A: documents written', sentMark);
  const applied = find(
    'B: remote update applied',
    firstAfter(marks.bHost, at, 'remote update applied', (m) => m.detail?.doc !== 'book'),
  );
  const pull = find(
    'B: pull start',
    firstAfter(marks.bHost, at, 'pull start', (m) => n(m, 'keys') > 0),
  );
  // Builds before the pull's inner marks have only 'pull committed': the two pull hops are then outside the hops.
  const opened = find(
    'B: pull first read',
    firstAfter(marks.bHost, at, 'pull: local read', (m) => n(m, 'keys') > 0),
  );
  const pulled = find(
    'B: pull committed',
    firstAfter(marks.bHost, at, 'pull committed', (m) => n(m, 'keys') > 0),
  );
  // The read that painted the chip: the last to end before it (a read started before the pull's commit may wait for it).
  const readEndMark = lastBefore(marks.bPanel, chipAt, 'panel: details read end');
  const readEnd = find('B panel: details read end', readEndMark && readEndMark.at >= at ? readEndMark : undefined);
  const times = [enterAt, written, noticed, read, sent, applied, pull, opened, pulled, readEnd, chipAt];
  const hops = times.slice(1).map((t, i) => (t !== undefined && times[i] !== undefined ? t - times[i]! : undefined));
  const total = chipAt - enterAt;
  const outside = total - hops.reduce((sum: number, ms) => sum + (ms ?? 0), 0);
  return { total, hops, outside, missing };
}

/** The per-edit lines and the summary: how many edits, each hop's median over the edits that have it, and the time outside the hops. */
export function hopReport(marks: EditMarks, edits: readonly { enterAt: number; chipAt: number }[]): string[] {
  const rows = edits.map(({ enterAt, chipAt }) => editHops(marks, enterAt, chipAt));
  const fmt = (ms: number | undefined) => (ms === undefined ? '–' : ms.toFixed(0));
  const out = [`edit → other member's side panel, per edit (ms): total = ${SHORT.join(' + ')} + outside the hops (– = a mark missing)`];
  rows.forEach((r, i) => out.push(`  #${i}: ${fmt(r.total)} = ${r.hops.map(fmt).join(' + ')} + ${fmt(r.outside)}${r.missing.length ? ` | missing: ${r.missing.join(', ')}` : ''}`));
  const medianOf = (xs: (number | undefined)[]) => {
    const found = xs.filter((x): x is number => x !== undefined);
    return found.length ? `${median(found).toFixed(1)} (${found.length})` : 'n/a';
  };
  const complete = rows.filter((r) => r.missing.length === 0).length;
  out.push(
    `edit → other member's side panel, ${edits.length} edits (${complete} with every mark), medians in ms (over how many edits): total ${medianOf(rows.map((r) => r.total))} | ${HOPS.map((_, i) => `${SHORT[i]} ${medianOf(rows.map((r) => r.hops[i]))}`).join(' | ')} | outside the hops ${medianOf(rows.map((r) => r.outside))}`,
  );
  const missed = new Map<string, number[]>();
  rows.forEach((r, i) => r.missing.forEach((m) => missed.set(m, [...(missed.get(m) ?? []), i])));
  for (const [mark, which] of missed) out.push(`  mark "${mark}" missing in ${which.length} edits: #${which.join(', #')}`);
  out.push('  (hop medians do not add up to the total median: each hop is the median of its own edits; per edit, total = hops + outside)');
  HOPS.forEach((name, i) => out.push(`  ${SHORT[i]}: ${name}`));
  return out;
}

/** Prints the per-edit breakdown and its medians, and what happened off the path (A's y-indexeddb write, B's side panel read). */
export function printHops(marks: EditMarks, edits: readonly { enterAt: number; chipAt: number }[]): void {
  for (const line of hopReport(marks, edits)) console.log(line);
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

/**
 * For edits made after a quiet spell (`quietFrom`: when it began): the shard loads on each edit's path (Enter key → chip
 * in B's panel) in A's and B's sync hosts, and how often `shard` (the edited contact's) was unloaded in the quiet before.
 */
export function shardLoadsLine(marks: EditMarks, edits: readonly { quietFrom: number; enterAt: number; chipAt: number }[], shard: string): string {
  const count = (list: readonly HopMark[], from: number, to: number, name: string, doc?: string) =>
    list.filter((m) => m.name === name && m.at >= from && m.at <= to && (doc === undefined || m.detail?.doc === doc)).length;
  const loads = (list: readonly HopMark[]) => edits.map((e) => count(list, e.enterAt, e.chipAt, 'shard loaded'));
  const unloads = (list: readonly HopMark[]) => edits.reduce((sum, e) => sum + count(list, e.quietFrom, e.enterAt, 'shard unloaded', shard), 0);
  return `shard loads on each edit's path: A [${loads(marks.aHost).join(', ')}], B [${loads(marks.bHost).join(', ')}] | ${shard} (the edited contact's) unloaded during the quiet spells: A ${unloads(marks.aHost)}, B ${unloads(marks.bHost)} times`;
}

// The team benchmark's per-edit breakdown (bench/_team-hops.ts, issue 17): each edit's hops tile its total, a missing
// mark leaves out only the hops beside it (their time is counted outside the hops), not the whole edit.
import { describe, expect, it } from 'vitest';
import { editHops, hopReport, HOPS, shardLoadsLine, type EditMarks } from '../../../bench/_team-hops';
import type { HopMark } from '../../../lib/team/phases';

const mark = (name: string, at: number, detail?: Record<string, unknown>): HopMark => ({ name, at, ...(detail ? { detail } : {}) });

/** One edit's marks, Enter at 1000 and the chip at 1100, 10 ms a hop; `drop` leaves marks out. */
function oneEdit(drop: string[] = []): EditMarks {
  const keep = (m: HopMark) => !drop.includes(m.name);
  return {
    aPanel: [mark('panel: tag written', 1010)].filter(keep),
    aHost: [
      mark('outbox noticed', 1020),
      mark('queue: drain start', 1021),
      mark('drain: outbox rows read', 1030, { rows: 1, contacts: 1 }),
      mark('drain: contacts sent', 1040, { contacts: 1 }),
    ].filter(keep),
    bHost: [
      mark('remote update applied', 1050, { doc: 'contacts-13' }),
      mark('pull start', 1060, { keys: 1 }),
      mark('pull: local read', 1070, { keys: 1 }),
      mark('pull committed', 1080, { keys: 1 }),
    ].filter(keep),
    bPanel: [mark('panel: details read start', 1081), mark('panel: details read end', 1090)].filter(keep),
  };
}

describe('the team benchmark’s hops of one edit', () => {
  it('tile the edit when every mark is there: nothing outside the hops', () => {
    const r = editHops(oneEdit(), 1000, 1100);
    expect(r.hops).toEqual(HOPS.map(() => 10));
    expect(r.outside).toBe(0);
    expect(r.missing).toEqual([]);
  });

  it('a missing mark leaves out the two hops beside it, their time outside the hops; the edit and its other hops stay', () => {
    const r = editHops(oneEdit(['pull start']), 1000, 1100);
    expect(r.missing).toEqual(['B: pull start']);
    expect(r.hops.filter((ms) => ms === undefined)).toHaveLength(2);
    expect(r.hops.filter((ms) => ms === 10)).toHaveLength(HOPS.length - 2);
    expect(r.outside).toBe(20);
    expect(r.total).toBe(100);
  });

  it('a row drained by the poll before the change event came: A heard it when that drain started', () => {
    const marks = oneEdit();
    marks.aHost = [
      mark('queue: drain start', 1015),
      mark('drain: outbox rows read', 1030, { rows: 1, contacts: 1 }),
      mark('outbox noticed', 1035),
      mark('drain: contacts sent', 1040, { contacts: 1 }),
    ];
    const r = editHops(marks, 1000, 1100);
    expect(r.missing).toEqual([]);
    expect(r.hops.slice(0, 3)).toEqual([10, 5, 15]);
  });

  it('reports how many edits, each hop’s median and the median outside the hops, and which edits lack which mark', () => {
    const full = oneEdit();
    const lines = hopReport(full, [
      { enterAt: 1000, chipAt: 1100 },
      { enterAt: 1000, chipAt: 1100 },
    ]);
    expect(lines.find((l) => l.includes('medians'))).toContain('2 edits (2 with every mark)');
    expect(lines.find((l) => l.includes('medians'))).toContain('outside the hops 0.0 (2)');
    const partial = hopReport(oneEdit(['panel: tag written']), [{ enterAt: 1000, chipAt: 1100 }]);
    expect(partial).toContain('  mark "A panel: tag written" missing in 1 edits: #0');
    expect(partial.find((l) => l.startsWith('  #0:'))).toBe('  #0: 100 = – + – + 10 + 10 + 10 + 10 + 10 + 10 + 10 + 10 + 20 | missing: A panel: tag written');
    // The panel's mark after the host heard of the commit (the host on its own thread): named as late, not as absent.
    const lateMarks = oneEdit();
    lateMarks.aPanel = [mark('panel: tag written', 1025)];
    expect(editHops(lateMarks, 1000, 1100).missing).toEqual(['A panel: tag written (marked after A’s host heard of the commit)']);
  });

  it('counts, for isolated edits, the shard loads on each edit’s path and the edited shard’s unloads in the quiet before', () => {
    const marks = oneEdit();
    marks.aHost = [mark('shard unloaded', 500, { doc: 'contacts-13' }), mark('shard loaded', 1025, { doc: 'contacts-13' }), ...marks.aHost];
    marks.bHost = [mark('shard unloaded', 600, { doc: 'contacts-02' }), mark('shard loaded', 1055, { doc: 'contacts-13' }), mark('shard loaded', 1200, { doc: 'contacts-13' }), ...marks.bHost];
    const line = shardLoadsLine(marks, [{ quietFrom: 0, enterAt: 1000, chipAt: 1100 }], 'contacts-13');
    expect(line).toBe("shard loads on each edit's path: A [1], B [1] | contacts-13 (the edited contact's) unloaded during the quiet spells: A 1, B 0 times");
  });
});

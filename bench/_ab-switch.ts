// A paired before/after of the side panel's thread switch for a loaded machine (issue 13): two production builds
// (DIRS, default .output-base,.output: build the old commit with KIZUNA_OUT_DIR=.output-base npx wxt build), one
// browser each, both seeded like bench/sidebar.ts, rounds of switches alternated between them (ROUNDS, default 4), and
// per side the medians and p95 with the stage breakdown of bench/sidebar.ts:
//   - "a↔b": the bench's own switches (two threads, back to back, each as soon as the last profile painted);
//   - "a↔b, 1 s apart": the same with a pause after each paint (nothing of the last switch still running);
//   - "cold": each switch to a thread of a seeded contact the panel has not shown before.
//   BENCH_SCALE=0.1 npx tsx bench/_ab-switch.ts
// Not a benchmark of record (npm run bench skips files starting with _): the same minute's load falls on both sides.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../test/support/launch';
import type { FixtureThread } from '../test/support/gmail-fixture';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore, median } from './_measure';
import { seedLargeDb } from './_seed-large';
import { painted, switchBreakdown, switchTo } from './_sidebar-switch';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const PER_ROUND = Number(process.env.PER_ROUND ?? 6);
const dirs = (process.env.DIRS ?? '.output-base,.output').split(',');
const CONTACTS = Math.round(50_000 * SCALE);

// Seeded contact i (past the sample people) is person{i}@company{i % 5000}.example (bench/_seed-large.ts).
const coldThreads: FixtureThread[] = Array.from({ length: ROUNDS * PER_ROUND + 1 }, (_, k) => {
  const i = 100 + k * 7;
  const person = { email: `person${i}@company${i % 5000}.example`, name: `Person ${i}` };
  return { id: `cold${i}`, subject: `Cold ${i}`, messages: [{ id: `cold${i}m1`, from: person, to: [ME], date: 'Mon, Nov 2, 2026, 10:15 AM', body: 'Hello there.' }] };
});
const [a, , , b] = SAMPLE_THREADS;
const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
for (const t of coldThreads) emails[t.id] = t.messages[0].from.email;

type Mode = 'a↔b' | 'a↔b, 1 s apart' | 'cold';
const MODES: Mode[] = ['a↔b', 'a↔b, 1 s apart', 'cold'];
interface Side {
  dir: string;
  k: Kizuna;
  page: Page;
  sidebar: Page;
  times: Record<Mode, number[]>;
  window: Record<Mode, [number, number]>;
}

const sides: Side[] = [];
try {
  for (const dir of dirs) {
    const k = await launchKizuna({ extensionDir: resolve(dir, 'chrome-mv3') });
    await clearDailyRescore(k.worker);
    await seedLargeDb(k.worker, CONTACTS, Math.round(500_000 * SCALE));
    await k.serveGmail({ user: ME, threads: [...SAMPLE_THREADS, ...coldThreads] });
    const { page, sidebar } = await k.openGmail(`#inbox/${a.id}`);
    await painted(sidebar, emails[a.id], 0);
    sides.push({ dir, k, page, sidebar, times: { 'a↔b': [], 'a↔b, 1 s apart': [], cold: [] }, window: { 'a↔b': [Infinity, 0], 'a↔b, 1 s apart': [Infinity, 0], cold: [Infinity, 0] } });
  }
  let cold = 0;
  const now = (s: Side) => s.sidebar.evaluate(() => performance.timeOrigin + performance.now());
  for (const mode of MODES) {
    for (let r = 0; r < ROUNDS; r++) {
      const targets = mode === 'cold' ? coldThreads.slice(cold, cold + PER_ROUND) : Array.from({ length: PER_ROUND }, (_, i) => (i % 2 ? a : b));
      for (const s of sides) {
        s.window[mode][0] = Math.min(s.window[mode][0], await now(s));
        for (const t of targets) {
          const t0 = await switchTo(s.page, t.id);
          s.times[mode].push((await painted(s.sidebar, emails[t.id], t0)) - t0);
          if (mode !== 'a↔b') await s.page.waitForTimeout(1000);
        }
        s.window[mode][1] = await now(s);
        // Every round starts from thread a.
        if (targets[targets.length - 1] !== a) {
          const back = await switchTo(s.page, a.id);
          await painted(s.sidebar, emails[a.id], back);
        }
        await s.page.waitForTimeout(1000);
      }
      if (mode === 'cold') cold += PER_ROUND;
    }
  }
  const p95 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.ceil(xs.length * 0.95) - 1];
  for (const mode of MODES)
    for (const s of sides) {
      const parts = await switchBreakdown(s.sidebar, s.window[mode][0], s.times[mode], s.window[mode][1]);
      console.log(`${mode} | ${s.dir}: median ${median(s.times[mode]).toFixed(1)} ms, p95 ${p95(s.times[mode]).toFixed(1)} ms (n ${s.times[mode].length})\n    ${parts}`);
    }
} finally {
  for (const s of sides) await s.k.close();
}

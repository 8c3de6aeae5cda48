// Probe (issue 13): the thread switch timed two ways in one browser, same minute.
//   - "driven": the bench's own switches (a page.evaluate sets the hash, a page.evaluate in the panel polls for its mark);
//   - "in page": the Gmail page itself sets the hash every GAP ms (a script started once), with no DevTools message
//     in flight during the switches; the panel's marks are read afterwards.
//   BENCH_SCALE=1 GAP=300 npx tsx bench/_switch-inpage.ts
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore, median } from './_measure';
import { seedLargeDb } from './_seed-large';
import { measurePacedSwitches, measureSwitches, painted } from './_sidebar-switch';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const GAP = Number(process.env.GAP ?? 300);
// Odd, so that each mode ends on the thread the next one does not start with.
const RUNS = Number(process.env.RUNS ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const p95 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.ceil(xs.length * 0.95) - 1];

const k = await launchKizuna();
try {
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, Math.round(50_000 * SCALE), Math.round(500_000 * SCALE));
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const [a, , , b] = SAMPLE_THREADS;
  const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
  const targets = [b, a].map((t) => ({ id: t.id, email: emails[t.id] }));
  const { page, sidebar } = await k.openGmail(`#inbox/${a.id}`);
  await painted(sidebar, emails[a.id], 0);
  for (let r = 0; r < ROUNDS; r++) {
    const driven = await measureSwitches(page, sidebar, targets, RUNS);
    await page.waitForTimeout(1000);
    // The page shows b now (RUNS is odd): the paced round starts with a.
    const inPage = await measurePacedSwitches(page, sidebar, [...targets].reverse(), RUNS, GAP);
    const fmt = (xs: number[]) => `median ${median(xs).toFixed(1)} p95 ${p95(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(0)).join(' ')}`;
    console.log(`round ${r + 1} driven:            ${fmt(driven)}`);
    console.log(`round ${r + 1} in page, ${GAP} ms apart: ${fmt(inPage)}`);
    await page.waitForTimeout(1000);
  }
} finally {
  await k.close();
}

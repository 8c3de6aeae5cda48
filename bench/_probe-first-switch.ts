// Development aid: a switch right after the side panel's first paint; prints the panel's marks and what it shows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore } from './_measure';
import { seedLargeDb } from './_seed-large';
import { painted, switchTo } from './_sidebar-switch';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.02);
const kizuna = await launchKizuna({ userDataDir: mkdtempSync(join(tmpdir(), 'kizuna-probe-')) });
try {
  await clearDailyRescore(kizuna.worker);
  await seedLargeDb(kizuna.worker, Math.round(50_000 * SCALE), Math.round(500_000 * SCALE));
  await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const [a, , , b] = SAMPLE_THREADS;
  const { page, sidebar } = await kizuna.openGmail(`#inbox/${a.id}`);
  await painted(sidebar, PEOPLE.dana.email.toLowerCase(), 0);
  const t0 = await switchTo(page, b.id);
  await page.waitForTimeout(4000);
  console.log(
    await sidebar.evaluate(
      (t0) => ({
        marks: performance.getEntriesByType('mark').map((m) => `${m.name} ${(performance.timeOrigin + m.startTime - t0).toFixed(0)} ${String((m as PerformanceMark).detail ?? '')}`),
        shows: document.querySelector('section.profile')?.getAttribute('data-email') ?? document.body.innerText.slice(0, 200),
      }),
      t0,
    ),
  );
} finally {
  await kizuna.close();
}

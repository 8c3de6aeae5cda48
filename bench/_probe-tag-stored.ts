// Probe (issue 17): where a tag add's time to the stored chip goes in the side panel (development build's hop marks).
//   BENCH_SCALE=0.1 npx tsx bench/_probe-tag-stored.ts
import { DEV_EXTENSION_DIR, launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore } from './_measure';
import { seedLargeDb } from './_seed-large';
import { painted } from './_sidebar-switch';
import { measureTagAdds } from './_sidebar-tag';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const k = await launchKizuna({ extensionDir: DEV_EXTENSION_DIR });
try {
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, Math.round(50_000 * SCALE), Math.round(500_000 * SCALE));
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const [a] = SAMPLE_THREADS;
  const { sidebar } = await k.openGmail(`#inbox/${a.id}`);
  await painted(sidebar, PEOPLE.dana.email.toLowerCase(), 0);
  await sidebar.waitForTimeout(3000);
  for (let i = 0; i < 7; i++) {
    const from = await sidebar.evaluate(() => {
      document.addEventListener('keydown', (e) => e.key === 'Enter' && performance.mark('probe: enter'), { capture: true, once: true });
      return performance.now();
    });
    const r = await measureTagAdds(sidebar, [`Probe ${i}`]);
    const marks = await sidebar.evaluate(
      (from) =>
        performance
          .getEntriesByType('mark')
          .filter((m) => m.startTime >= from)
          .map((m) => `${m.name.replace(/^.*?: /, '')} ${(m.startTime - from).toFixed(1)}`),
      from,
    );
    console.log(`stored ${r.stored[0].toFixed(1)} painted ${r.painted[0].toFixed(1)} | ${marks.join(' | ')}`);
  }
} finally {
  await k.close();
}

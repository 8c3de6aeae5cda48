// Development aid (issue 13): what one quiet thread switch does in the side panel over 1.5 s, counted, not timed: DOM
// nodes the panel adds and removes (top level of each mutation), attribute and text changes, frames and timers asked for
// (the timers include this script's own 5 ms polls for the paint mark), and browser.i18n calls.
// `npx tsx bench/_count-switch.ts` (DIRS=.output-base,.output: two builds one after the other).
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore } from './_measure';
import { painted, switchTo } from './_sidebar-switch';
import { seedLargeDb } from './_seed-large';

const dirs = (process.env.DIRS ?? '.output').split(',');
const [a, , , b] = SAMPLE_THREADS;
const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
for (const dir of dirs) {
  const k = await launchKizuna({ extensionDir: resolve(dir, 'chrome-mv3') });
  try {
    await clearDailyRescore(k.worker);
    await seedLargeDb(k.worker, 500, 5000);
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const { page, sidebar } = await k.openGmail(`#inbox/${a.id}`);
    await painted(sidebar, emails[a.id], 0);
    for (const t of [b, a]) {
      const t0 = await switchTo(page, t.id);
      await painted(sidebar, emails[t.id], t0);
      await page.waitForTimeout(1500);
    }
    await sidebar.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const c = { added: 0, removed: 0, attrs: 0, text: 0, raf: 0, timeouts: 0, i18n: 0 };
      const i18n = (globalThis as unknown as { chrome: { i18n: { getMessage(...args: unknown[]): string } } }).chrome.i18n;
      const gm = i18n.getMessage.bind(i18n);
      i18n.getMessage = (...args: unknown[]) => (c.i18n++, gm(...args));
      w.__c = c;
      new MutationObserver((rs) => {
        for (const r of rs) {
          c.added += r.addedNodes.length;
          c.removed += r.removedNodes.length;
          if (r.type === 'attributes') c.attrs++;
          if (r.type === 'characterData') c.text++;
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (f) => (c.raf++, raf(f));
      const st = window.setTimeout.bind(window);
      (window as { setTimeout: unknown }).setTimeout = (f: TimerHandler, ms?: number, ...rest: unknown[]) => (c.timeouts++, st(f, ms, ...rest));
    });
    for (const t of [b, a, b, a]) {
      await sidebar.evaluate(() => {
        const c = (window as unknown as { __c: Record<string, unknown> }).__c;
        Object.assign(c, { added: 0, removed: 0, attrs: 0, text: 0, raf: 0, timeouts: 0, i18n: 0 });
      });
      const t0 = await switchTo(page, t.id);
      await painted(sidebar, emails[t.id], t0);
      await page.waitForTimeout(1500);
      const c = await sidebar.evaluate(() => (window as unknown as { __c: unknown }).__c);
      console.log(dir, t.id, JSON.stringify(c));
    }
  } finally {
    await k.close();
  }
}

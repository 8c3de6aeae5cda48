// Thread switches in the Gmail fixture page, timed to the sidebar's profile paint (shared by benches).
import type { Frame, Page } from 'playwright-core';

/** Absolute time (ms since epoch, sub-ms) at which the sidebar marked this email's profile painted after `after`. */
export async function painted(sidebar: Frame | Page, email: string, after: number): Promise<number> {
  return sidebar.evaluate(
    ({ email, after }) =>
      new Promise<number>((resolve, reject) => {
        const find = () => performance.getEntriesByName('kizuna:profile-painted').map((m) => [performance.timeOrigin + m.startTime, (m as PerformanceMark).detail] as const).find(([t, d]) => d === email && t >= after);
        const start = Date.now();
        const poll = () => {
          const hit = find();
          if (hit) resolve(hit[0]);
          else if (Date.now() - start > 60_000) reject(new Error(`no paint for ${email}`));
          else setTimeout(poll, 5);
        };
        poll();
      }),
    { email, after },
  );
}

/** Navigates the Gmail page to a thread; returns the absolute time it did. */
export async function switchTo(page: Page, id: string): Promise<number> {
  return page.evaluate((hash) => {
    const t = performance.timeOrigin + performance.now();
    location.hash = hash;
    return t;
  }, `#inbox/${id}`);
}

/** `runs` switches, cycling through the targets; each timed from navigation to its profile painted. */
export async function measureSwitches(page: Page, sidebar: Frame | Page, targets: readonly { id: string; email: string }[], runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const target = targets[i % targets.length];
    const t0 = await switchTo(page, target.id);
    times.push((await painted(sidebar, target.email, t0)) - t0);
  }
  return times;
}

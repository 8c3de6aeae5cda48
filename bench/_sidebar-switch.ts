// Thread switches in the Gmail fixture page, timed to the sidebar's profile paint (shared by benches).
import type { Frame, Page } from 'playwright-core';

/** Absolute time (ms since epoch, sub-ms) at which the sidebar marked this email's profile painted after `after`. */
export async function painted(sidebar: Frame | Page, email: string, after: number): Promise<number> {
  return sidebar.evaluate(
    ({ email, after }) =>
      new Promise<number>((resolve, reject) => {
        const find = () =>
          performance
            .getEntriesByName('kizuna:profile-painted')
            .map((m) => [performance.timeOrigin + m.startTime, (m as PerformanceMark).detail] as const)
            .find(([t, d]) => d === email && t >= after);
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

/**
 * Where the switches since `since` (absolute ms) spent their time, as medians: message to the panel, the panel
 * until its read starts, the read, and the read until the profile's frame. From the panel's User Timing marks.
 */
export async function switchBreakdown(sidebar: Frame | Page, since: number, totals: readonly number[]): Promise<string> {
  const parts = await sidebar.evaluate((since) => {
    const marks = performance
      .getEntriesByType('mark')
      .map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime, detail: (m as PerformanceMark).detail as unknown }))
      .filter((m) => m.at >= since);
    const rows: number[][] = [];
    for (const paint of marks.filter((m) => m.name === 'kizuna:profile-painted')) {
      const before = (name: string, detail?: unknown) => marks.filter((m) => m.name === name && m.at <= paint.at && (detail === undefined || m.detail === detail)).pop();
      const end = before('kizuna:read-end', paint.detail);
      const start = end && marks.filter((m) => m.name === 'kizuna:read-start' && m.detail === paint.detail && m.at <= end.at).pop();
      const snapshot = start && marks.filter((m) => m.name === 'kizuna:snapshot' && m.at <= start.at).pop();
      if (end && start && snapshot) rows.push([paint.at - snapshot.at, start.at - snapshot.at, end.at - start.at, paint.at - end.at]);
    }
    return rows;
  }, since);
  const med = (i: number) => {
    const xs = parts.map((r) => r[i]).sort((a, b) => a - b);
    return xs.length ? xs[Math.floor(xs.length / 2)] : NaN;
  };
  const total = [...totals].sort((a, b) => a - b)[Math.floor(totals.length / 2)];
  return `hash change → snapshot in the panel ≈ ${(total - med(0)).toFixed(1)} ms | snapshot → read starts ${med(1).toFixed(1)} ms | read ${med(2).toFixed(1)} ms | read → profile's frame ${med(3).toFixed(1)} ms (medians of ${parts.length})`;
}

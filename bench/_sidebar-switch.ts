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
 * Where the switches since `since` (absolute ms; until `until`) spent their time, as medians: message to the panel, the
 * panel until its read starts, the read, and the read until the profile's frame. From the panel's User Timing marks. A
 * switch to a contact the panel still holds (shown lately, issue 13) paints with no read: counted apart.
 */
export async function switchBreakdown(sidebar: Frame | Page, since: number, totals: readonly number[], until = Infinity): Promise<string> {
  const parts = await sidebar.evaluate(
    ([since, until]) => {
      const marks = performance
        .getEntriesByType('mark')
        .map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime, detail: (m as PerformanceMark).detail as unknown }))
        .filter((m) => m.at >= since && m.at <= until);
      const rows: number[][] = [];
      for (const paint of marks.filter((m) => m.name === 'kizuna:profile-painted')) {
        const last = (name: string, from: number, detail?: unknown) => marks.filter((m) => m.name === name && m.at >= from && m.at <= paint.at && (detail === undefined || m.detail === detail)).pop();
        const snapshot = last('kizuna:snapshot', -Infinity);
        if (!snapshot) continue;
        const start = last('kizuna:read-start', snapshot.at, paint.detail);
        const end = start && last('kizuna:read-end', start.at, paint.detail);
        rows.push(start && end ? [paint.at - snapshot.at, start.at - snapshot.at, end.at - start.at, paint.at - end.at] : [paint.at - snapshot.at, NaN, NaN, NaN]);
      }
      return rows;
    },
    [since, until],
  );
  const med = (xs: number[]) => {
    const sorted = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
  };
  const col = (rows: number[][], i: number) => med(rows.map((r) => r[i]));
  const read = parts.filter((r) => !Number.isNaN(r[2]));
  const kept = parts.filter((r) => Number.isNaN(r[2]));
  const total = med([...totals]);
  return (
    `hash change → snapshot in the panel ≈ ${(total - col(parts, 0)).toFixed(1)} ms | snapshot → read starts ${col(read, 1).toFixed(1)} ms | read ${col(read, 2).toFixed(1)} ms | read → profile's frame ${col(read, 3).toFixed(1)} ms (medians of ${read.length} switches with a read)` +
    (kept.length ? ` | no read (the contact kept from before) in ${kept.length}: snapshot → profile's frame ${col(kept, 0).toFixed(1)} ms` : '')
  );
}

/**
 * `runs` switches set by the Gmail page itself, one every `gap` ms (a script started once, as a user's keys would), each
 * timed from its hash change to the profile's paint mark before the next switch; Infinity where none came in that window
 * (slower than the pace: it counts against the median and p95, never dropped). No
 * DevTools message is in flight during them: the driven switches above go through the browser's UI thread twice each
 * (the `evaluate` that sets the hash, the panel's polling `evaluate`), which Gmail and the panel then wait behind. The
 * page must not already show `targets[0]` (no hash change would come).
 */
export async function measurePacedSwitches(page: Page, sidebar: Frame | Page, targets: readonly { id: string; email: string }[], runs: number, gap: number): Promise<number[]> {
  const order = Array.from({ length: runs }, (_, i) => targets[i % targets.length]);
  const starts = await page.evaluate(
    async ({ ids, gap }) => {
      const out: number[] = [];
      for (const id of ids) {
        out.push(performance.timeOrigin + performance.now());
        location.hash = `#inbox/${id}`;
        await new Promise((resolve) => setTimeout(resolve, gap));
      }
      return out;
    },
    { ids: order.map((t) => t.id), gap },
  );
  const marks = await sidebar.evaluate(() =>
    performance.getEntriesByName('kizuna:profile-painted').map((m) => [performance.timeOrigin + m.startTime, (m as PerformanceMark).detail as unknown] as const),
  );
  return starts.map((t0, i) => {
    const hit = marks.find(([t, email]) => email === order[i].email && t >= t0 && t < (starts[i + 1] ?? Infinity));
    return hit ? hit[0] - t0 : Infinity;
  });
}

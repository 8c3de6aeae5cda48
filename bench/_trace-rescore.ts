// Development aid (not a bench: the leading underscore keeps it out of `npm run bench`): a first full rescore (every
// score changed) in the real service worker under the CDP Profiler, at a small scale, next to the bench's raw-read
// baseline from the same run, with the read phase by request. Prints the functions with the most self time and the
// worker's phase figures; PROFILE_OUT keeps the .cpuprofile, PROFILE=0 leaves the profiler off (before/after runs).
// `BENCH_SCALE=0.1 npx tsx bench/_trace-rescore.ts`; function names need an unminified build in its own folder (a
// config importing wxt.config.ts with `vite: () => ({ build: { minify: false } })`, built with KIZUNA_OUT_DIR set).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendToBackground } from '../test/support/background-messages';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, rawChunkedReads } from './_measure';
import { seedLargeDb } from './_seed-large';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-trace-rescore-'));
const k = await launchKizuna({ userDataDir });

/** A CDP connection to the extension's service worker target (Playwright opens none to workers). */
async function workerSession(): Promise<{ send: (method: string, params?: object) => Promise<Record<string, unknown>>; close: () => void }> {
  const [port] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${k.extensionId}/`));
  if (!target) throw new Error('no service worker target');
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const waiting = new Map<number, (r: Record<string, unknown>) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result ?? { error: m.error });
  };
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** The bench's baseline (bench/risk-recompute.ts): 200 contacts by id range, then their activities as one index range, raw IndexedDB. */
const baseline = async () => (await rawChunkedReads(k.worker, 200)).ms;

try {
  // Before the seed: the alarm the worker made at start (due a minute later) would rescore during it (b74141d).
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, Math.round(100_000 * SCALE), Math.round(500_000 * SCALE));
  const base = await baseline();
  // PROFILE=0: the figures without the profiler (before/after comparisons).
  const cdp = process.env.PROFILE === '0' ? undefined : await workerSession();
  await cdp?.send('Profiler.enable');
  await cdp?.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp?.send('Profiler.start');
  const first = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
  const { profile } = ((await cdp?.send('Profiler.stop')) ?? { profile: { nodes: [], samples: [], timeDeltas: [] } }) as unknown as { profile: Profile };
  cdp?.close();
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const self = new Map<number, number>();
  profile.samples.forEach((node, i) => self.set(node, (self.get(node) ?? 0) + profile.timeDeltas[i] / 1000));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profile: ${total.toFixed(0)} ms sampled; top self time:`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30))) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  const p = first.phases;
  const r = p.reads;
  console.log(
    `baseline (raw getAll, 200 contacts then their activities per transaction) ${base.toFixed(0)} ms; rescore ${first.read} contacts in ${first.ms} ms: read ${p.readMs.toFixed(0)} (contacts ${r.contacts.toFixed(0)}, inputs ${r.inputs.toFixed(0)}, scores ${r.scores.toFixed(0)}, alerts ${r.alerts.toFixed(0)}, activities ${r.activities.toFixed(0)}), score ${p.scoreMs.toFixed(0)}, write ${p.writeMs.toFixed(0)}, bands ${p.bandsMs.toFixed(0)}`,
  );
} finally {
  await k.close();
}

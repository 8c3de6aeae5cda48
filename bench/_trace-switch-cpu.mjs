// Development aid for issue 13: the panel's CPU samples inside each switch window of a trace written by bench/_trace-switch.ts with
// TRACE_CPU=1, by script and function (self) and inclusive for risk scoring, React, Dexie and zod. `node bench/_trace-switch-cpu.mjs <trace.json>`.
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const ev = JSON.parse(readFileSync(file));
const windows = JSON.parse(readFileSync(file.replace(/\.json$/, '-windows.json')));
const marks = ev.filter((e) => e.cat.includes('user_timing') && e.name.startsWith('kizuna:'));
const panelPid = marks[0].pid,
  panelTid = marks[0].tid;
const paints = marks.filter((m) => m.name === 'kizuna:profile-painted');
const wins = [];
for (let i = 1; i < Math.min(paints.length, windows.length); i++) wins.push([paints[i].ts - windows[i].ms * 1000, paints[i].ts, windows[i].ms]);
const profiles = new Map();
for (const e of ev) {
  if (e.pid !== panelPid) continue;
  if (e.name === 'Profile') profiles.set(e.id, { start: e.args.data.startTime, tid: e.tid, nodes: new Map(), t: e.args.data.startTime, samples: [] });
  if (e.name === 'ProfileChunk') {
    const p = profiles.get(e.id);
    if (!p) continue;
    const d = e.args.data.cpuProfile ?? {};
    for (const n of d.nodes ?? []) p.nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas ?? [];
    (d.samples ?? []).forEach((s, k) => {
      p.t += deltas[k] ?? 0;
      p.samples.push([p.t, s]);
    });
  }
}
const byScript = new Map(),
  byFn = new Map();
let total = 0;
const incl = new Map();
const INCL = {
  'risk scoring (scorer-config/phrases chunks on the stack)': /scorer-config|phrases|use-risk|contact-risk/,
  'React (components chunk on the stack)': /components-/,
  'Dexie (schema chunk on the stack)': /schema-/,
  zod: /zod/,
};
const perWin = [];
const slowScript = new Map();
const sorted = [...wins].sort((a, b) => b[2] - a[2]);
const slowCut = sorted[Math.floor(sorted.length * 0.1)]?.[2] ?? Infinity;
for (const p of profiles.values()) {
  if (p.tid !== panelTid) continue;
  for (let k = 0; k < p.samples.length; k++) {
    const [t, id] = p.samples[k];
    const w = wins.find(([a, b]) => t >= a && t <= b);
    if (!w) continue;
    const dt = ((p.samples[k + 1]?.[0] ?? t) - t) / 1000;
    if (dt > 20) continue;
    const n = p.nodes.get(id);
    const cf = n?.callFrame ?? {};
    const script = String(cf.url || cf.functionName || '?')
      .replace(/^.*\//, '')
      .replace(/-[\w-]{8}\.js$/, '');
    byScript.set(script, (byScript.get(script) ?? 0) + dt);
    total += dt;
    if (w[2] >= slowCut) {
      slowScript.set(script, (slowScript.get(script) ?? 0) + dt);
    }
    const stack = [];
    for (let m = n; m; m = p.nodes.get(m.parent)) stack.push(String(m.callFrame?.url ?? ''));
    for (const [name, re] of Object.entries(INCL)) if (stack.some((u) => re.test(u))) incl.set(name, (incl.get(name) ?? 0) + dt);
    if (stack.some((u) => /scorer-config|phrases/.test(u))) {
      const wi = wins.indexOf(w);
      perWin[wi] = (perWin[wi] ?? 0) + dt;
    }
    const fn = `${script}:${cf.functionName || '(anon)'}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
  }
}
const top = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(' ; ');
console.log(`panel main-thread samples in ${wins.length} switch windows: ${total.toFixed(0)} ms`);
console.log('by script (self):', top(byScript, 14));
console.log('by function (self):', top(byFn, 16));
console.log(`slowest 10% (≥ ${slowCut.toFixed(0)} ms), by script:`, top(slowScript, 10));
console.log('inclusive (ms over all windows):', top(incl, 6));
console.log('risk scoring per switch window (ms, switch total in brackets):', wins.map((w, i) => `${(perWin[i] ?? 0).toFixed(1)}[${w[2].toFixed(0)}]`).join(' '));

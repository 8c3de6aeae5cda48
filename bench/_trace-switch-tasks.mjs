// Development aid for issue 13: the side panel's tasks of MIN_MS or more (default 8) over a trace written by
// bench/_trace-switch.ts (TRACE_OUT, with its -windows.json), in order, each with the switch it falls in (during: between
// the switch's hash change and its paint; after: before the next switch) and the longest events inside it; then the
// idle callbacks, timers, frames and events per switch. `node bench/_trace-switch-tasks.mjs <trace.json> [MIN_MS]`.
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const minMs = Number(process.argv[3] ?? 8);
const ev = JSON.parse(readFileSync(file));
const windows = JSON.parse(readFileSync(file.replace(/\.json$/, '-windows.json')));
const marks = ev.filter((e) => e.cat.includes('user_timing') && e.name.startsWith('kizuna:'));
const panelPid = marks[0].pid;
const tname = new Map();
for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') tname.set(`${e.pid}:${e.tid}`, e.args.name);
const pm = ev.filter((e) => e.pid === panelPid && tname.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
// Aligned by the last paint mark (a trace from the panel's opening has the first paint's marks before the switches').
const lastPaint = marks.filter((m) => m.name === 'kizuna:profile-painted').at(-1).ts;
const paints = windows.map((w) => lastPaint + (w.to - windows.at(-1).to) * 1000);
const starts = paints.map((p, i) => p - windows[i].ms * 1000);
const which = (ts) => {
  let k = -1;
  for (let i = 0; i < starts.length; i++) if (ts >= starts[i]) k = i;
  return k;
};
const tasks = pm.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
const counts = {};
for (const e of pm)
  if (['FireIdleCallback', 'TimerFire', 'FireAnimationFrame', 'EventDispatch'].includes(e.name)) {
    const k = `${e.name}@${which(e.ts)}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
console.log(`panel tasks: ${tasks.length}; times from switch #0's start; "switch #n during": between its hash change and its paint`);
const inside = (t) => pm.filter((e) => e.ph === 'X' && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t);
for (const t of tasks) {
  if (t.dur < minMs * 1000) continue;
  const kids = inside(t);
  const names = {};
  for (const k of kids) {
    if (
      ![
        'FunctionCall',
        'TimerFire',
        'FireIdleCallback',
        'FireAnimationFrame',
        'EventDispatch',
        'IDBTransaction::onComplete',
        'IDBRequest::SendResult',
        'v8.compile',
        'MinorGC',
        'MajorGC',
        'V8.GC_SCAVENGER',
        'Layout',
        'UpdateLayoutTree',
        'Paint',
        'v8.run',
        'ParseHTML',
        'EvaluateScript',
        'v8.produceModuleCache',
        'v8.compileModule',
        'v8.evaluateModule',
      ].includes(k.name)
    )
      continue;
    const d = k.args?.data ?? {};
    const n = `${k.name}${d.functionName ? ' ' + d.functionName : ''}${d.url ? ' ' + String(d.url).replace(/^chrome-extension:\/\/[a-z]+/, '') : ''}${d.type ? ' ' + d.type : ''}`;
    names[n] = Math.max(names[n] ?? 0, (k.dur ?? 0) / 1000);
  }
  const top = Object.entries(names)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([n, d]) => `${n} ${d.toFixed(0)}`)
    .join('; ');
  const w = which(t.ts);
  const inWin = w >= 0 && t.ts <= paints[w] ? 'during' : 'after';
  console.log(`${((t.ts - starts[0]) / 1000).toFixed(0).padStart(6)} ms  ${(t.dur / 1000).toFixed(0).padStart(4)} ms  switch #${w} ${inWin}: ${top}`);
}
console.log('idle callbacks, timers, frames, events by switch:', JSON.stringify(counts));
// Per switch: hash change → the panel's snapshot mark (the content script, the browser, the queue in the panel) and
// snapshot → paint, with the panel's tasks of 1 ms or more that ran between the hash change and the snapshot's task.
const snaps = marks.filter((m) => m.name === 'kizuna:snapshot').map((m) => m.ts);
const rendererMain = ev.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid !== panelPid && tname.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
for (let i = 0; i < starts.length; i++) {
  const snap = snaps.filter((s) => s >= starts[i] && s <= paints[i]).pop();
  if (snap === undefined) {
    console.log(`switch #${i}: ${windows[i].ms.toFixed(0)} ms, no snapshot mark`);
    continue;
  }
  const before = tasks.filter((t) => t.ts + t.dur > starts[i] && t.ts < snap && t.dur >= 1000);
  const after = tasks.filter((t) => t.ts >= snap && t.ts < paints[i] && t.dur >= 1000);
  const gmail = rendererMain.filter((t) => t.ts >= starts[i] && t.ts < snap && t.dur >= 1000);
  const list = (ts) => ts.map((t) => (t.dur / 1000).toFixed(0)).join('+') || '-';
  console.log(
    `switch #${i}: ${windows[i].ms.toFixed(0)} ms = hash → snapshot ${((snap - starts[i]) / 1000).toFixed(1)} (panel tasks ≥1 ms before it: ${list(before)}; other renderers' main tasks: ${list(gmail)}) + snapshot → paint ${((paints[i] - snap) / 1000).toFixed(1)} (panel tasks: ${list(after)})`,
  );
}
// Counts per switch (from its hash change to the next one's): the panel's tasks of MIN_MS or more, by what they ran.
const kind = (t) => {
  const kids = inside(t).map((k) => k.name);
  if (kids.some((n) => n === 'IDBRequest::SendResult' || n === 'IDBTransaction::onComplete')) return 'idb';
  if (kids.some((n) => n === 'FireAnimationFrame' || n === 'Layout' || n === 'Paint')) return 'frame';
  if (kids.includes('TimerFire')) return 'timer';
  if (kids.includes('FireIdleCallback')) return 'idle';
  if (kids.some((n) => n.startsWith('v8.') || n === 'EvaluateScript' || n === 'ParseHTML')) return 'script';
  if (kids.some((n) => n.endsWith('GC') || n === 'V8.GC_SCAVENGER')) return 'gc';
  return 'other';
};
const rows = starts.map((s, i) => {
  const end = starts[i + 1] ?? Infinity;
  const long = tasks.filter((t) => t.ts >= s && t.ts < end && t.dur >= minMs * 1000);
  const byKind = {};
  for (const t of long) byKind[kind(t)] = (byKind[kind(t)] ?? 0) + 1;
  return { i, long: long.length, byKind };
});
console.log(`panel tasks ≥ ${minMs} ms per switch (hash change to the next one's), by kind:`);
for (const r of rows) console.log(`  #${r.i}: ${r.long} ${JSON.stringify(r.byKind)}`);
const sum = (from, to) => {
  const rs = rows.filter((r) => r.i >= from && r.i < to);
  const byKind = {};
  for (const r of rs) for (const [k, n] of Object.entries(r.byKind)) byKind[k] = (byKind[k] ?? 0) + n;
  return `${rs.reduce((n, r) => n + r.long, 0)} ${JSON.stringify(byKind)}`;
};
console.log(`switches #0–#14: ${sum(0, 15)}; #15–#29: ${sum(15, 30)}`);

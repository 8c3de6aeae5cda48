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
const paints = marks.filter((m) => m.name === 'kizuna:profile-painted').map((m) => m.ts);
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

// Development aid for issue 13: per switch of a trace written by bench/_trace-switch.ts (TRACE_OUT, with its -windows.json),
// the tasks of Gmail's main thread and of the panel's, in order, from the hash change to the profile's mark (times from
// the hash change, ms), each with the events inside it; and the content script's calls. `node
// bench/_trace-switch-timeline.mjs <trace.json> [switch numbers, e.g. 3,4]`.
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const which = process.argv[3] ? process.argv[3].split(',').map(Number) : null;
const ev = JSON.parse(readFileSync(file));
const windows = JSON.parse(readFileSync(file.replace(/\.json$/, '-windows.json')));
const marks = ev.filter((e) => e.cat.includes('user_timing') && e.name.startsWith('kizuna:'));
const panelPid = marks[0].pid;
const paints = marks.filter((m) => m.name === 'kizuna:profile-painted');
const csCalls = ev.filter((e) => e.name === 'FunctionCall' && String(e.args?.data?.url ?? '').includes('content-scripts/gmail.js'));
const gmailPid = csCalls[0]?.pid;
const tname = new Map();
for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') tname.set(`${e.pid}:${e.tid}`, e.args.name);
const mainOf = (pid) => ev.filter((e) => e.pid === pid && tname.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
const gm = mainOf(gmailPid),
  pm = mainOf(panelPid);
const INTEREST = new Set([
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
  'Layout',
  'UpdateLayoutTree',
  'Paint',
  'MajorGC',
  'MinorGC',
  'V8.GC_SCAVENGER',
  'ParseHTML',
  'v8.compile',
  'FireIdleCallback',
  'HitTest',
  'RunMicrotasks',
  'V8.RunMicrotasks',
  'XHRReadyStateChange',
  'ScheduleStyleRecalculation',
  'Commit',
  'PrePaint',
  'Layerize',
  'UpdateLayer',
  'v8.callFunction',
  'BeginMainThreadFrame',
]);
function dump(label, list, from, to, base) {
  const tasks = list.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts + e.dur > from && e.ts < to).sort((a, b) => a.ts - b.ts);
  for (const t of tasks) {
    if (t.dur < 300) continue;
    const kids = list.filter((e) => e.ph === 'X' && INTEREST.has(e.name) && e.ts >= t.ts && e.ts <= t.ts + t.dur).sort((a, b) => a.ts - b.ts);
    const s = kids
      .filter((k) => k.dur >= 200)
      .slice(0, 10)
      .map(
        (k) =>
          `${k.name}${k.args?.data?.functionName ? ':' + k.args.data.functionName : ''}${k.args?.data?.type ? ':' + k.args.data.type : ''}${k.args?.data?.url ? '@' + String(k.args.data.url).replace(/^.*\//, '') + ':' + (k.args.data.lineNumber ?? '') : ''} ${(k.dur / 1000).toFixed(1)}`,
      )
      .join(' | ');
    console.log(`  ${label} +${((t.ts - base) / 1000).toFixed(1)} ${(t.dur / 1000).toFixed(1)}ms ${s}`);
  }
}
for (let i = 1; i < Math.min(paints.length, windows.length); i++) {
  if (which && !which.includes(i)) continue;
  const P = paints[i].ts,
    T0 = P - windows[i].ms * 1000;
  const m = marks
    .filter((x) => x.ts >= T0 - 1000 && x.ts <= P)
    .map((x) => `${x.name.replace('kizuna:', '')}@${((x.ts - T0) / 1000).toFixed(1)}`)
    .join(' ');
  console.log(`#${i} total ${windows[i].ms.toFixed(1)}  marks: ${m}`);
  const cs = csCalls
    .filter((e) => e.ts >= T0 - 2000 && e.ts <= P)
    .map((e) => `${e.args.data.functionName || '?'}@${((e.ts - T0) / 1000).toFixed(1)}+${(e.dur / 1000).toFixed(1)}`)
    .join(' ');
  console.log(`  cs calls: ${cs}`);
  dump('GMAIL', gm, T0 - 2000, P, T0);
  dump('PANEL', pm, T0 - 2000, P, T0);
}

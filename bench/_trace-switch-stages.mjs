// Development aid for issue 13: the stage breakdown of a trace written by bench/_trace-switch.ts (TRACE_OUT, with its -windows.json):
// per switch, the hash change → the content script → the Port → the panel's snapshot → read → the profile's frame, with the panel's
// busy time, JS, layout and paint, GC and the service worker's busy time. `node bench/_trace-switch-stages.mjs <trace.json>`; the
// first switch (the trace starting) is left out.
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const ev = JSON.parse(readFileSync(file));
const windows = JSON.parse(readFileSync(file.replace(/\.json$/, '-windows.json')));
const marks = ev.filter((e) => e.cat.includes('user_timing') && e.name.startsWith('kizuna:'));
const panelPid = marks[0].pid;
const paints = marks.filter((m) => m.name === 'kizuna:profile-painted');
const csCalls = ev.filter((e) => e.name === 'FunctionCall' && String(e.args?.data?.url ?? '').includes('content-scripts/gmail.js'));
const gmailPid = csCalls[0]?.pid;
const tname = new Map();
for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') tname.set(`${e.pid}:${e.tid}`, e.args.name);
const rows = [];
const AGG = new Map();
const med = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const p95 = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.ceil(s.length * 0.95) - 1] : NaN;
};
// The first switch is a warm-up (the trace starting): skipped.
for (let i = 1; i < Math.min(paints.length, windows.length); i++) {
  const P = paints[i].ts;
  const T0 = P - windows[i].ms * 1000;
  const over = (e) => e.ph === 'X' && e.dur && e.ts + e.dur > T0 && e.ts < P;
  const ov = (e) => (Math.min(P, e.ts + e.dur) - Math.max(T0, e.ts)) / 1000;
  const last = (name, from) => marks.filter((m) => m.name === name && m.ts >= from && m.ts <= P).pop();
  const S = last('kizuna:snapshot', T0);
  const RS = S && last('kizuna:read-start', S.ts);
  const RE = RS && last('kizuna:read-end', RS.ts);
  const cs = csCalls.filter((e) => e.ts >= T0 && e.ts <= (S?.ts ?? P)).sort((a, b) => a.ts - b.ts);
  const csStart = cs[0]?.ts,
    csEnd = cs.length ? Math.max(...cs.map((e) => e.ts + e.dur)) : undefined;
  const panelMain = ev.filter((e) => e.pid === panelPid && tname.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && over(e));
  const sum = (pred) => panelMain.filter(pred).reduce((a, e) => a + ov(e), 0);
  // Top-level JS only (FunctionCall not nested: approximate by summing RunTask-level V8 work via FunctionCall/TimerFire/EventDispatch roots)
  const js = sum((e) => e.name === 'FunctionCall');
  const layout = sum((e) => ['Layout', 'UpdateLayoutTree', 'PrePaint', 'Paint', 'Layerize'].includes(e.name));
  const gc = ev.filter((e) => over(e) && /^(MinorGC|MajorGC)$/.test(e.name) && e.pid === panelPid).reduce((a, e) => a + ov(e), 0);
  const risk = sum((e) => e.name === 'FunctionCall' && /use-risk|contact-risk|scorer/.test(String(e.args?.data?.url ?? '')));
  const sw = ev.filter((e) => e.pid === panelPid && tname.get(`${e.pid}:${e.tid}`) === 'ServiceWorker thread' && over(e) && e.name === 'ThreadControllerImpl::RunTask').reduce((a, e) => a + ov(e), 0);
  const gmailBusy = ev.filter((e) => e.pid === gmailPid && tname.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && over(e) && e.name === 'ThreadControllerImpl::RunTask').reduce((a, e) => a + ov(e), 0);
  const panelBusy = panelMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask').reduce((a, e) => a + ov(e), 0);
  const beforeSnap = panelMain.filter((e) => e.name === 'FunctionCall' && e.ts < (S?.ts ?? P));
  for (const e of beforeSnap) {
    const k = `${e.args?.data?.functionName || '?'} ${String(e.args?.data?.url ?? '').replace(/^.*\//, '')}`;
    AGG.set(k, (AGG.get(k) ?? 0) + ov(e));
  }
  const longest = panelMain.filter((e) => e.name === 'FunctionCall').sort((a, b) => ov(b) - ov(a))[0];
  const ms = (a, b) => (a !== undefined && b !== undefined ? (b - a) / 1000 : NaN);
  rows.push({
    total: windows[i].ms,
    'hash→cs': ms(T0, csStart),
    cs: ms(csStart, csEnd),
    'cs→panel (port)': ms(csEnd, S?.ts),
    'snapshot→read': ms(S?.ts, RS?.ts),
    read: ms(RS?.ts, RE?.ts),
    'read→painted (render+frame)': ms(RE?.ts ?? S?.ts, P),
    kept: RS ? 0 : 1,
    'panel busy': panelBusy,
    'panel JS': js,
    'layout/paint': layout,
    GC: gc,
    'risk JS': risk,
    'SW busy': sw,
    'gmail busy': gmailBusy,
    longest: longest ? `${ov(longest).toFixed(1)} ${longest.args?.data?.functionName || '?'} ${String(longest.args?.data?.url ?? '').replace(/^.*\//, '')}` : '',
  });
}
const keys = Object.keys(rows[0]).filter((k) => k !== 'longest');
console.log('switch  ' + keys.join(' | '));
for (const r of rows) console.log(keys.map((k) => (typeof r[k] === 'number' ? r[k].toFixed(1) : r[k])).join(' | ') + ' | ' + r.longest);
console.log('median ' + keys.map((k) => `${k} ${med(rows.map((r) => r[k])).toFixed(1)}`).join(' | '));
console.log('p95    ' + keys.map((k) => `${k} ${p95(rows.map((r) => r[k])).toFixed(1)}`).join(' | '));
const slow = rows.filter((r) => r.total >= p95(rows.map((x) => x.total)) * 0.8);
console.log('slowest: ' + slow.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(1) : v])))).join('\n'));

console.log(
  'panel JS before the snapshot arrived (sum over switches):',
  [...AGG]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, v]) => `${v.toFixed(0)} ${k}`)
    .join(' ; '),
);

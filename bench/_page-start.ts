// The contacts page's floor (issue 16): how much of "navigation start → first rows" is Chrome's own start of an
// extension page. One browser, one extension, one database (seeded like bench/workspace-db.ts), and in each round,
// interleaved in a rotating order, a navigation from an idle page of the extension (as the bench reloads an idle app
// page) to:
// - blank.html: a page of this extension with one line of text and one module script of a line (written into a
//   scratch copy of the build, never shipped), the floor; blank-classic.html, the same with a classic script;
// - app.html#/contacts as built (DIR, default .output/chrome-mv3);
// - app-old.html#/contacts when OLD names another build of the same extension (app-<name>.html for each of
//   OLD=name=dir,name=dir): its HTML and chunks are copied beside the new ones (chunk names carry their content's
//   hash), so both read the same database in the same minute.
// Inside each page (page clock, 0 = navigation start): the first script statement (the first indexedDB.open; the blank
// page's script marks itself), the database's open and the first transaction's end, the HTML's parse (domInteractive),
// the paint entries, the first row's arrival in the DOM and the frame after it; from the network events (ms since the
// document's request), when the stylesheet and the first chunks were asked for and had arrived. Prints medians.
// Scratch, not a benchmark of record: on a shared machine only the ratios within one run mean anything, and weakly.
//   DIR=.output-dev/chrome-mv3 OLD=/tmp/old/.output-dev/chrome-mv3 N=100000 ROUNDS=7 npx tsx bench/_page-start.ts (development builds: the seed uses their hook)
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median } from './_measure';
import { seed } from './workspace-db';

const DIR = resolve(process.env.DIR ?? '.output/chrome-mv3');
// OLD=dir, or OLD=name=dir,name=dir for several: each build's app.html is copied as app-<name>.html (default "old").
const OLD = (process.env.OLD ?? '')
  .split(',')
  .filter(Boolean)
  .map((item) => (item.includes('=') ? item.split('=') : ['old', item]))
  .map(([name, dir]) => ({ name, dir: resolve(dir) }));
const N = Number(process.env.N ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

const ext = mkdtempSync(join(tmpdir(), 'kizuna-page-start-'));
cpSync(DIR, ext, { recursive: true });
for (const { name, dir } of OLD) {
  for (const sub of ['chunks', 'assets']) for (const f of readdirSync(join(dir, sub))) if (!existsSync(join(ext, sub, f))) cpSync(join(dir, sub, f), join(ext, sub, f));
  // The first script's name carries no hash: each build's beside the new one's, under its own name.
  const html = readFileSync(join(dir, 'app.html'), 'utf8');
  if (existsSync(join(dir, 'app-first-read.js'))) cpSync(join(dir, 'app-first-read.js'), join(ext, `app-first-read-${name}.js`));
  writeFileSync(join(ext, `app-${name}.html`), html.replace('/app-first-read.js', `/app-first-read-${name}.js`));
}
writeFileSync(join(ext, 'blank.js'), 'globalThis.__start.entry ??= performance.now();\n');
// VARIANTS=1: scratch variants of the built app.html (never shipped), to see what the HTML's own requests cost.
const VARIANTS = process.env.VARIANTS === '1';
if (VARIANTS) {
  const html = readFileSync(join(ext, 'app.html'), 'utf8');
  const preloads = html.match(/<link rel="modulepreload"[^>]*>\n?/g) ?? [];
  const entry = /<script type="module"[^>]*><\/script>\n?/.exec(html)![0];
  const style = /<style>[^]*?<\/style>\n?/.exec(html)![0];
  // No modulepreload links: the first paint's chunks asked for by the entry's preload helper once it runs.
  writeFileSync(
    join(ext, 'app-nopreload.html'),
    preloads.reduce((h, l) => h.replace(l, ''), html),
  );
  // The entry and the preloads written by a classic script after the first one (not seen by the preload scanner).
  const tags = [entry, ...preloads].map((t) => /(?:src|href)="([^"]+)"/.exec(t)![1]);
  writeFileSync(
    join(ext, 'app-late.js'),
    `for (const [i, url] of ${JSON.stringify(tags)}.entries()) { const e = document.createElement(i ? 'link' : 'script'); if (i) { e.rel = 'modulepreload'; e.href = url; } else { e.type = 'module'; e.src = url; } e.crossOrigin = ''; document.head.append(e); }\n`,
  );
  writeFileSync(
    join(ext, 'app-late.html'),
    [entry, ...preloads]
      .reduce((h, l) => h.replace(l, ''), html)
      .replace('<script src="/app-first-read.js"></script>', '<script src="/app-first-read.js"></script><script src="/app-late.js"></script>'),
  );
  // The entry stays in the HTML; the preloads in a <template> (which the preload scanner skips), put into the head by a
  // classic script after the first one.
  writeFileSync(join(ext, 'app-tpl.js'), `document.head.append(document.getElementById('kizuna-preloads').content.cloneNode(true));\n`);
  writeFileSync(
    join(ext, 'app-tpl.html'),
    preloads
      .reduce((h, l) => h.replace(l, ''), html)
      .replace(
        '<script src="/app-first-read.js"></script>',
        `<template id="kizuna-preloads">${preloads.join('')}</template><script src="/app-first-read.js"></script><script src="/app-tpl.js"></script>`,
      ),
  );
  // The first script alone (no entry, no preloads, no stylesheet): what it costs by itself.
  writeFileSync(
    join(ext, 'app-alone.html'),
    [entry, style, ...preloads].reduce((h, l) => h.replace(l, ''), html),
  );
}
const blank = (script: string) =>
  `<!doctype html>\n<html>\n  <head>\n    <meta charset="UTF-8" />\n    <title>Blank</title>\n    ${script}\n  </head>\n  <body>\n    <p>Blank</p>\n  </body>\n</html>\n`;
writeFileSync(join(ext, 'blank.html'), blank('<script type="module" src="/blank.js"></script>'));
// The same script as a classic one: it runs as soon as it has arrived, the parser waiting for it.
writeFileSync(join(ext, 'blank-classic.html'), blank('<script src="/blank.js"></script>'));

// Runs before any script of each document.
const PROBE = `(() => {
  const m = (globalThis.__start = {});
  new PerformanceObserver((list) => { for (const e of list.getEntries()) m[e.name] = e.startTime; }).observe({ type: 'paint', buffered: true });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...a) {
    m.entry ??= performance.now();
    const r = open.apply(this, a);
    r.addEventListener('success', () => (m['db open'] ??= performance.now()));
    return r;
  };
  const transaction = IDBDatabase.prototype.transaction;
  let txs = 0;
  let reqs = 0;
  let row = false;
  IDBDatabase.prototype.transaction = function (...a) {
    const tx = transaction.apply(this, a);
    if (!row) txs++;
    if (m['first read done'] === undefined) tx.addEventListener('complete', () => (m['first read done'] ??= performance.now()));
    return tx;
  };
  // Each request before the first row: when it was asked for and when its result came back (REQUESTS=1 prints them).
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const name of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count']) {
      const real = proto[name];
      proto[name] = function (...a) {
        const r = real.apply(this, a);
        if (row) return r;
        const label = 'req' + ++reqs + ' ' + name + ' ' + (this instanceof IDBIndex ? this.objectStore.name + '.' + this.name : this.name);
        if (reqs > 8 && reqs % 10) return r; // a page's companies (one get each): the first eight and every tenth
        m[label + ' asked'] = performance.now();
        r.addEventListener('success', () => (m[label + ' back'] = performance.now()));
        return r;
      };
    }
  }
  // The page's first message lookup (the catalogue's load, a blocking call).
  for (const api of [globalThis.chrome?.i18n, globalThis.browser?.i18n]) {
    if (!api?.getMessage) continue;
    const real = api.getMessage;
    try {
      api.getMessage = function (...a) {
        const t = performance.now();
        const out = real.apply(this, a);
        if (m['i18n first'] === undefined) ((m['i18n first'] = t), (m['i18n first took'] = performance.now() - t));
        return out;
      };
    } catch {}
  }
  // When the first script's read gave its page (since the twelfth session, at its last result, before complete).
  let read;
  Object.defineProperty(globalThis, 'kizunaFirstPage', {
    configurable: true,
    get: () => read,
    set: (promise) => ((read = promise), promise?.then?.(() => (m['first page given'] ??= performance.now()))),
  });
  new MutationObserver((_, o) => {
    if (!document.querySelector('.ws-scroll [role="row"][data-index="0"]')) return;
    row = true;
    m['transactions before row'] = txs;
    m['requests before row'] = reqs;
    m.rowInDom = performance.now();
    requestAnimationFrame(() => (m.rowFrame = performance.now()));
    o.disconnect();
  }).observe(document, { childList: true, subtree: true });
})();`;

type Figures = Record<string, number>;
const PROFILE = process.env.PROFILE === '1';
const profiles = new Map<string, string[]>();
type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: Record<string, unknown> } };
// The renderer main thread's tasks from the document's request (t0, seconds) to 600 ms: each task of 2 ms or more with
// what it ran (its longest events: script evaluation by file, parse, style, layout), ms since t0.
function tasks(events: TraceEvent[], t0: number): string[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'ParseHTML'));
  if (!main) return ['  (no renderer main thread)'];
  const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const at = (ts: number) => ts / 1000 - t0 * 1000;
  const what = (e: TraceEvent) => {
    const d = e.args?.data ?? {};
    const url = String(d.url ?? d.fileName ?? d.stackTrace ?? '')
      .replace(/^.*\//, '')
      .replace(/-[\w-]{8}\.js$/, '.js');
    return `${e.name}${url ? ' ' + url : ''}${d.functionName ? ' ' + String(d.functionName) : ''}`;
  };
  return on
    .filter((e) => e.name === 'RunTask' && e.dur! >= 2000 && at(e.ts) >= 0 && at(e.ts) < 600)
    .map((task) => {
      const inside = on.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! >= 1000 && e.name !== 'RunTask');
      const top = inside.sort((a, b) => b.dur! - a.dur!).slice(0, 4);
      return `  ${at(task.ts).toFixed(0)}+${(task.dur! / 1000).toFixed(1)}: ${top.map((e) => `${what(e)} ${(e.dur! / 1000).toFixed(1)}`).join(', ')}`;
    });
}
const k = await launchKizuna({ extensionDir: ext });
const load = [loadavg()[0]];
try {
  await clearDailyRescore(k.worker);
  const page = await k.context.newPage();
  const base = `chrome-extension://${k.extensionId}`;
  // ?bench: a development build's hook, which seed() packs the list pages with.
  await page.goto(`${base}/app.html?bench#/contacts`);
  await page.locator('[data-testid="result-count"], [data-testid="first-run"]').first().waitFor({ timeout: 120_000 });
  await seed(page, N);
  const cdp = await k.context.newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE });
  // When the stylesheet and the chunks were asked for and had arrived (ms since the document's request): extension
  // resources are not in the page's resource timing.
  await cdp.send('Network.enable');
  let t0 = 0;
  let net: Figures = {};
  const asked = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type === 'Document') ((t0 = e.timestamp), (net = {}));
    if (e.type === 'Document') return;
    // Every request by its file's name without the hash: the first script, the entry, each chunk.
    const name = e.request.url.replace(/^.*\/(?:(?:chunks|assets)\/)?([\w.-]+?)(?:-[\w-]{8})?\.(js|css|json)(?:\?.*)?$/, '$1.$2');
    asked.set(e.requestId, name);
    net[`${name} asked`] ??= (e.timestamp - t0) * 1000;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const name = asked.get(e.requestId);
    if (name) net[`${name} in`] ??= (e.timestamp - t0) * 1000;
  });
  const targets = [
    'blank.html',
    'blank-classic.html',
    'app.html#/contacts',
    ...OLD.map(({ name }) => `app-${name}.html#/contacts`),
    ...(VARIANTS ? ['app-nopreload.html#/contacts', 'app-late.html#/contacts', 'app-tpl.html#/contacts', 'app-alone.html#/contacts'] : []),
  ];
  const got = new Map<string, Figures[]>(targets.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length];
      // From an idle page of the extension, as the bench reloads an idle app page (a page still reading the book
      // would hold the main thread the new document starts on).
      await page.goto(`${base}/blank.html?idle`, { waitUntil: 'load' });
      // PROFILE=1: a CPU profile of each app page's last open, in buckets of 10 ms since the document's request.
      const profiling = PROFILE && round === ROUNDS - 1 && target.startsWith('app');
      const events: TraceEvent[] = [];
      const collect = (e: { value: unknown[] }) => events.push(...(e.value as TraceEvent[]));
      if (profiling) {
        cdp.on('Tracing.dataCollected', collect);
        await cdp.send('Tracing.start', {
          traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink', 'fonts', 'loading', 'IndexedDB', '__metadata'] },
          transferMode: 'ReportEvents',
        });
      }
      await page.goto(`${base}/${target}`, { waitUntil: 'commit' });
      // The first script alone paints no row: its read's page is what it waits for.
      const app = target.startsWith('app-alone') ? 'page' : target.startsWith('app') ? 'row' : '';
      await page.waitForFunction(
        (app) => {
          const m = (globalThis as unknown as { __start?: Figures }).__start;
          return !!m && m.entry !== undefined && (app === 'page' ? m['first page given'] !== undefined : m['first-contentful-paint'] !== undefined && (!app || m.rowFrame !== undefined));
        },
        app,
        { polling: 100, timeout: 120_000 },
      );
      const figures = await page.evaluate(() => {
        const m = { ...(globalThis as unknown as { __start: Figures }).__start };
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        m.html = nav.responseEnd;
        m.parsed = nav.domInteractive;
        return m;
      });
      got.get(target)!.push({ ...figures, ...net });
      if (profiling) {
        const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
        await cdp.send('Tracing.end');
        await done;
        cdp.off('Tracing.dataCollected', collect);
        writeFileSync(join(tmpdir(), `kizuna-trace-${target.replace(/\W+/g, '-')}.json`), JSON.stringify({ t0, events }));
        profiles.set(target, tasks(events, t0));
      }
    }
  }
  load.push(loadavg()[0]);
  for (const [target, lines] of profiles) console.log(`${target}, CPU by 10 ms since the document's request (self ms by script):\n${lines.join('\n')}`);
  console.log(`N=${N}, ${ROUNDS} rounds, load average ${load.map((x) => x.toFixed(1)).join(' → ')} (medians, ms since navigation start)`);
  for (const [target, runs] of got) {
    const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))];
    console.log(`${target}: ` + keys.map((key) => `${key} ${median(runs.flatMap((r) => (r[key] === undefined ? [] : [r[key]]))).toFixed(0)}`).join(' | '));
  }
} finally {
  await k.close();
  rmSync(ext, { recursive: true, force: true });
}

// Browser helpers of the team benchmark: a team book made in Node and stored on the server before it
// starts, joining through the Team page (the permission prompt answered as in test/browser/team-two.test.ts),
// and the JS heap of any extension page read over the browser's DevTools port.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { TeamBook } from '../lib/team/book-doc';
import { HOP_MARKS_EXPRESSION, type HopMark } from '../lib/team/phases';
import { serverDocumentName, teamDocumentNames } from '../lib/team/documents';
import type { SqliteTeamStore } from '../server/team-store';
import { devtoolsSession } from '../test/support/devtools';
import type { Kizuna } from '../test/support/launch';

/** Writes `count` contacts (10 fields, 2 tags each) into the team's documents, straight into the server's store. */
export function storeTeamBook(store: SqliteTeamStore, count: number, known: readonly string[]): void {
  const docs = new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
  const book = new TeamBook(docs);
  const stamp = { at: Date.now(), by: 'Bench Admin' };
  for (let t = 0; t < 20; t++) book.putTag({ key: `t${t}`, name: `Tag ${t}`, color: '' });
  book.putTag({ key: 'vip', name: 'VIP', color: '' });
  for (let i = 0; i < count; i++) {
    const email = known[i] ?? `person${i}@company${i % 5000}.example`;
    book.put(
      {
        email,
        name: `Person ${i}`,
        stage: 'customer',
        owner: `owner${i % 10}`,
        custom: { plan: ['Free', 'Pro', 'Team'][i % 3], region: `r${i % 7}` },
        doNotContact: 0,
        company: `company${i % 5000}.example`,
        customerSince: stamp.at - i * 1000,
        externalId: `ext-${i}`,
        createdAt: stamp.at,
        tags: ['vip', `t${i % 20}`],
      },
      stamp,
      { create: true },
    );
  }
  for (const [name, doc] of docs) store.storeDocument(serverDocumentName(store.teamId, name), Y.encodeStateAsUpdate(doc));
  book.destroy();
}

/**
 * Starts watching `page` for `selector`; the returned function resolves with the wall-clock times (ms) at which it first
 * matched, seen by a MutationObserver in the page (`inDom`), and at which the frame after that had been produced
 * (`painted`: a requestAnimationFrame callback, then a task). Playwright's own wait (`locator.waitFor`) polls from the
 * outside at 20, 50, 100 and 100 ms, then every 500 ms: a time taken when it returns can be half a second late.
 */
export async function watchFor(page: Page, selector: string, timeoutMs: number): Promise<() => Promise<{ inDom: number; painted: number }>> {
  type Seen = { inDom: number; painted: number };
  const key = `kizunaWatch${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ({ key, selector, timeoutMs }) => {
      const at = () => performance.timeOrigin + performance.now();
      (globalThis as unknown as Record<string, Promise<Seen>>)[key] = new Promise<Seen>((resolve, reject) => {
        const seen = () => {
          const inDom = at();
          requestAnimationFrame(() => setTimeout(() => resolve({ inDom, painted: at() }), 0));
        };
        if (document.querySelector(selector)) return seen();
        const timer = setTimeout(() => (observer.disconnect(), reject(new Error(`${selector} not shown after ${timeoutMs} ms`))), timeoutMs);
        const observer = new MutationObserver(() => {
          if (!document.querySelector(selector)) return;
          seen();
          observer.disconnect();
          clearTimeout(timer);
        });
        observer.observe(document, { childList: true, subtree: true });
      });
    },
    { key, selector, timeoutMs },
  );
  return () => page.evaluate((key) => (globalThis as unknown as Record<string, Promise<Seen>>)[key], key);
}

/** The Team page with the browser's permission prompt answered "Allow". */
export async function openTeamPage(k: Kizuna): Promise<Page> {
  const page = await k.context.newPage();
  await page.addInitScript(() => {
    const { chrome } = globalThis as unknown as { chrome: { permissions: { request: unknown } } };
    chrome.permissions.request = (_details: unknown, callback?: (granted: boolean) => void) => {
      if (callback) return void setTimeout(() => callback(true));
      return Promise.resolve(true);
    };
  });
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/team`);
  await page.getByRole('heading', { name: 'Team', level: 2 }).waitFor();
  return page;
}

/** Fills the join form; the caller clicks "Join team" (so that it can time from the click). */
export async function fillJoinForm(page: Page, url: string, token: string, name: string): Promise<void> {
  await page.getByLabel('Team server address').fill(url);
  await page.getByLabel('Invitation').fill(token);
  await page.getByLabel('Your name').fill(name);
}

/**
 * Contacts in the extension's database, counted below Dexie from an extension page: ordinary rows and staged ones (a big
 * join stores its contacts packed, a hundred per `contactStage` row, as a large import does; the background files them
 * afterwards). Staged contacts are counted exactly (every stage row read) only once rows + 100 × stage rows reaches
 * `atLeast`; below that the answer is the ordinary rows alone (a lower bound), so a poll does not read the stage each time.
 */
export function countContacts(page: Page, atLeast = 0): Promise<number> {
  return page.evaluate(
    (atLeast) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kizuna');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['contacts', 'contactStage']);
          const rows = tx.objectStore('contacts').count();
          const blocks = tx.objectStore('contactStage').count();
          let staged = 0;
          blocks.onsuccess = () => {
            if (blocks.result === 0 || rows.result + blocks.result * 100 < atLeast) return;
            const all = tx.objectStore('contactStage').getAll();
            all.onsuccess = () => (staged = (all.result as { rows: unknown[] }[]).reduce((n, block) => n + block.rows.length, 0));
          };
          tx.oncomplete = () => (open.result.close(), resolve(rows.result + staged));
          tx.onerror = () => reject(tx.error);
        };
      }),
    atLeast,
  );
}

/** The floor for storing `count` contact rows: one raw IndexedDB transaction into a scratch store shaped like the app's. */
export function rawContactWriteMs(page: Page, count: number): Promise<number> {
  return page.evaluate(async (n) => {
    const name = 'kizuna-bench-scratch';
    await new Promise((r) => (indexedDB.deleteDatabase(name).onsuccess = r));
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('contacts', { keyPath: 'id', autoIncrement: true }).createIndex('email', 'email', { unique: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('contacts', 'readwrite');
      const store = tx.objectStore('contacts');
      const now = Date.now();
      for (let i = 0; i < n; i++)
        store.put({
          email: `person${i}@company${i % 5000}.example`,
          name: `Person ${i}`,
          stage: 'customer',
          owner: `owner${i % 10}`,
          custom: { plan: 'Pro', region: 'r1' },
          doNotContact: 0,
          createdAt: now,
          updatedAt: now,
        });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const ms = performance.now() - start;
    db.close();
    indexedDB.deleteDatabase(name);
    return ms;
  }, count);
}

/**
 * Where a DevTools session goes: an extension page, by a part of its URL, or a dedicated worker of one (`SYNC_HOST`:
 * the sync host runs in a worker of the team-host page, lib/team/host-worker.ts, with a V8 heap and a timeline of its own).
 */
export type Target = string | { page: string; worker: string };

/** The sync host: the worker the team-host page (offscreen document) starts. */
export const SYNC_HOST: Target = { page: 'team-host.html', worker: 'team-host-worker' };

/** Opens a DevTools session on `target` (waiting up to `timeout` ms for it to be there); `send` calls one method. */
function pageSession(userDataDir: string, target: Target, timeout?: number, signal?: AbortSignal) {
  return typeof target === 'string' ? devtoolsSession(userDataDir, target, { timeout, signal }) : devtoolsSession(userDataDir, target.page, { worker: target.worker, timeout, signal });
}

/** The JS heap in use, in MB, of `target` after a garbage collection (CDP over the DevTools port; `Runtime.getHeapUsage`, which workers answer too). */
export async function heapMb(userDataDir: string, target: Target): Promise<number> {
  const { send, close } = await pageSession(userDataDir, target);
  await send('HeapProfiler.collectGarbage');
  const { usedSize } = (await send('Runtime.getHeapUsage')) as { usedSize?: number };
  close();
  return (usedSize ?? NaN) / 2 ** 20;
}

/**
 * Samples the JS heap (CDP `Runtime.getHeapUsage`, no garbage collection forced) of each of `targets` every `everyMs`
 * until the returned function is called, which resolves with the largest sum of one round's samples and each target's
 * own largest, in MB. A target not there yet (the sync host before the join starts it) counts 0 until it is. Every
 * extension page shares one renderer and one V8 heap (any open page reads the others' too); the sync host's worker
 * has a heap of its own.
 */
export async function startHeapSampler(userDataDir: string, targets: Target[], everyMs = 250): Promise<() => Promise<{ peakMb: number; eachPeakMb: number[]; samples: number }>> {
  const sessions: (Awaited<ReturnType<typeof pageSession>> | undefined)[] = targets.map(() => undefined);
  let running = true;
  const stop = new AbortController();
  const connecting = targets.map((target, i) =>
    pageSession(userDataDir, target, 600_000, stop.signal).then(
      (session) => (running ? (sessions[i] = session) : session.close()),
      () => {},
    ),
  );
  let peak = 0;
  const each = targets.map(() => 0);
  let samples = 0;
  const loop = (async () => {
    while (running) {
      const used = await Promise.all(sessions.map(async (session) => (session ? ((await session.send('Runtime.getHeapUsage')) as { usedSize?: number }).usedSize : 0)));
      if (used.every((n) => typeof n === 'number')) {
        samples++;
        used.forEach((n, i) => (each[i] = Math.max(each[i]!, n!)));
        peak = Math.max(
          peak,
          used.reduce((sum: number, n) => sum + n!, 0),
        );
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    running = false;
    stop.abort();
    await loop;
    await Promise.all(connecting);
    for (const session of sessions) session?.close();
    return { peakMb: peak / 2 ** 20, eachPeakMb: each.map((n) => n / 2 ** 20), samples };
  };
}

/** The team sync's phase entries (lib/team/phases.ts) of `target` (the sync host: SYNC_HOST), their start as wall-clock ms. */
export async function phaseEntries(userDataDir: string, target: Target): Promise<{ name: string; startTime: number; duration: number }[]> {
  const { send, close } = await pageSession(userDataDir, target);
  const expression = `JSON.stringify(performance.getEntriesByType('measure').filter((e) => e.name.startsWith('kizuna-team:')).map((e) => ({ name: e.name, startTime: performance.timeOrigin + e.startTime, duration: e.duration })))`;
  const { result } = (await send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: string } };
  close();
  return JSON.parse(result.value ?? '[]') as { name: string; startTime: number; duration: number }[];
}

/** The hop marks (lib/team/phases.ts, `hop`) of `target` (an extension page, or the sync host's worker: SYNC_HOST). */
export async function hopMarks(userDataDir: string, target: Target): Promise<HopMark[]> {
  const { send, close } = await pageSession(userDataDir, target);
  const { result } = (await send('Runtime.evaluate', { expression: HOP_MARKS_EXPRESSION, returnByValue: true })) as { result: { value?: string } };
  close();
  return JSON.parse(result.value ?? '[]') as HopMark[];
}

/**
 * Starts a DevTools trace from the extension page `target` (its renderer's threads: every page of the extension
 * shares the main thread, the sync host's worker has its own); the returned function ends it and writes the trace
 * (Chrome's JSON) to `file`.
 */
export async function startTrace(userDataDir: string, target: Target, file: string): Promise<() => Promise<void>> {
  const { send, on, close } = await pageSession(userDataDir, target);
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'IndexedDB', 'toplevel', 'v8'];
  await send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: categories } });
  return async () => {
    const complete = on('Tracing.tracingComplete');
    await send('Tracing.end');
    const { stream } = (await complete) as { stream: string };
    const parts: string[] = [];
    for (;;) {
      const { data, eof } = (await send('IO.read', { handle: stream })) as { data: string; eof: boolean };
      parts.push(data);
      if (eof) break;
    }
    await send('IO.close', { handle: stream });
    close();
    writeFileSync(file, parts.join(''));
  };
}

/**
 * Starts a V8 CPU profile of `target`'s isolate (every page of the extension shares one; the sync host's worker, SYNC_HOST,
 * has its own); the returned function ends it and writes `file`
 * (a .cpuprofile, for DevTools' Performance panel or scripts/cpuprofile-top.mjs).
 */
export async function startCpuProfile(userDataDir: string, target: Target, file: string, timeout?: number): Promise<() => Promise<void>> {
  const { send, close } = await pageSession(userDataDir, target, timeout);
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 500 });
  await send('Profiler.start');
  return async () => {
    const { profile } = await send('Profiler.stop');
    close();
    writeFileSync(file, JSON.stringify(profile));
  };
}

/**
 * Starts V8's sampling heap profiler on `target`'s isolate (the one all extension pages share, or the sync host's
 * worker's), counting objects that later garbage collections freed too: what the join allocates, not only what it keeps.
 * The returned function stops it and returns the allocated bytes by function (`name url:line:column`), largest first.
 */
export async function startAllocationSampler(userDataDir: string, target: Target, timeout?: number): Promise<() => Promise<{ what: string; bytes: number }[]>> {
  const { send, close } = await pageSession(userDataDir, target, timeout);
  await send('HeapProfiler.enable');
  await send('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return async () => {
    type Node = { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; selfSize: number; children: Node[] };
    const { profile } = (await send('HeapProfiler.stopSampling')) as { profile: { head: Node } };
    close();
    const bytes = new Map<string, number>();
    const walk = (node: Node) => {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const what = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
      if (node.selfSize) bytes.set(what, (bytes.get(what) ?? 0) + node.selfSize);
      node.children.forEach(walk);
    };
    walk(profile.head);
    return [...bytes].map(([what, n]) => ({ what, bytes: n })).sort((a, b) => b.bytes - a.bytes);
  };
}

/** One line of a heap snapshot's summary: what (a constructor, or a kind of string or array), how many, their own bytes. */
export interface HeapGroup {
  what: string;
  count: number;
  bytes: number;
}

/**
 * The JS heap of `target` (an extension page, or the sync host's worker), by what holds it (a DevTools heap snapshot, summed by
 * constructor over each object's own size). Strings that are flat team-book keys (`email␟field`, lib/team/book-doc.ts)
 * are counted apart from other strings, so that the Yjs documents' keys show as their own line.
 */
export async function heapSummary(userDataDir: string, target: Target): Promise<HeapGroup[]> {
  const { send, listen, close } = await pageSession(userDataDir, target);
  const chunks: string[] = [];
  listen((message) => {
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params!.chunk as string);
  });
  await send('HeapProfiler.enable');
  await send('HeapProfiler.collectGarbage');
  await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  close();
  if (process.env.TEAM_HEAP_DUMP) writeFileSync(process.env.TEAM_HEAP_DUMP, chunks.join(''));
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map<string, HeapGroup>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    const name = snapshot.strings[snapshot.nodes[i + nameAt]];
    const what = type.includes('string')
      ? name.includes('\u241f')
        ? `(${type}: team-book flat key)`
        : `(${type})`
      : type === 'object' || type === 'native'
        ? name
        : type === 'closure'
          ? '(closure)'
          : `(${type}) ${name.length > 40 ? name.slice(0, 40) + '…' : name}`;
    const group = groups.get(what) ?? { what, count: 0, bytes: 0 };
    group.count++;
    group.bytes += snapshot.nodes[i + sizeAt];
    groups.set(what, group);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Prints a heap summary's largest groups (bench/team.ts, with TEAM_HEAP_SUMMARY=1). */
export function printHeapSummary(label: string, groups: readonly HeapGroup[], contacts: number, top = 25): void {
  const total = groups.reduce((sum, g) => sum + g.bytes, 0);
  console.log(`heap snapshot of ${label}: ${(total / 2 ** 20).toFixed(1)} MB in objects' own sizes (${contacts} contacts); largest groups:`);
  for (const g of groups.slice(0, top))
    console.log(`  ${g.what}: ${(g.bytes / 2 ** 20).toFixed(2)} MB, ${g.count} objects, ${((100 * g.bytes) / total).toFixed(1)} %, ${(g.bytes / contacts).toFixed(0)} B per contact`);
}

// The team book (#17), each figure next to a baseline from the same run:
// - join with 50,000 contacts on the server (Chromium, built extension, the Team page): usable (the contacts
//   page shows rows) and complete (every contact in IndexedDB); baseline: a raw IndexedDB write of as many rows;
// - one edit in profile A → visible in profile B's open side panel, p50 / p95 over 30 edits; baseline: the same
//   edit's local paint in A's side panel. Each edit adds a tag to Dana, taken off again (untimed) once B shows it, so
//   every edit meets her with the tags she started with (takeTagOff);
// - the same after a quiet spell: 8 edits (4 below BENCH_SCALE 0.5), each after SHARD_IDLE_MS + 6 s of quiet, p50 / max,
//   with the shard loads on each edit's path;
// - JS heap of the sync host (the worker the offscreen document starts) and the app page with the team's contacts;
//   baseline: the app page before joining;
// - the server under 20 Node members editing for a minute (bench/_team-server-load.ts).
// BENCH_SCALE scales the contacts and the server run's length; TEAM_BENCH=join runs only the join (and its memory),
// TEAM_BENCH=browsers the join and the edits (not the server run). The browsers load the development build (`npm run
// build:dev`), whose sync path leaves the hop marks the per-hop figures come from.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openTeamStore } from '../server/team-store';
import { DEV_EXTENSION_DIR, launchKizuna, type Kizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { freePort, spawnTeamServer } from '../test/support/team-server-process';
import { clearDailyRescore, median, report } from './_measure';
import { sumPhases } from '../lib/team/phases';
import {
  countContacts,
  fillJoinForm,
  heapMb,
  heapSummary,
  hopMarks,
  openTeamPage,
  phaseEntries,
  printHeapSummary,
  rawContactWriteMs,
  startCpuProfile,
  startHeapSampler,
  startAllocationSampler,
  startTrace,
  storeTeamBook,
  SYNC_HOST,
  watchFor,
} from './_team-browser';
import { shardName } from '../lib/team/book-doc';
import { SHARD_IDLE_MS } from '../lib/team/documents';
import { printHops, shardLoadsLine } from './_team-hops';
import { HOP_MARKS_EXPRESSION, type HopMark } from '../lib/team/phases';
import { p95, runServerLoad } from './_team-server-load';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.max(200, Math.round(50_000 * SCALE));
const EDITS = 30;
/** Edits made each after more than SHARD_IDLE_MS of quiet (fewer at small scale: each costs QUIET_MS of the bench's time). */
const ISOLATED_EDITS = SCALE >= 0.5 ? 8 : 4;
const QUIET_MS = SHARD_IDLE_MS + 6_000;
/** How long the edits go on (the timed ones, then untimed ones) before the pages' heap is read again. */
const EDIT_MINUTE_MS = 60_000;
const MEMBERS = 20;
const LOAD_MS = Math.max(5_000, Math.round(60_000 * SCALE));
const DANA_THREAD = '#inbox/18c1a2b3c4d5e6f7';

/** Records the wall-clock time at which a tag chip `name` first shows in a side panel (a MutationObserver in the page). */
function watchChip(sidebar: Page, name: string): Promise<void> {
  return sidebar.evaluate((want) => {
    const w = window as unknown as { __chipAt: Record<string, Promise<number>> };
    w.__chipAt ??= {};
    const shown = () => [...document.querySelectorAll('.chip span')].some((s) => s.textContent === want);
    w.__chipAt[want] = new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error(`the tag ${want} did not show within 60 s`)), 60_000);
      if (shown()) return resolve(performance.timeOrigin + performance.now());
      const observer = new MutationObserver(() => {
        if (shown()) (observer.disconnect(), resolve(performance.timeOrigin + performance.now()));
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, name);
}
const chipAt = (sidebar: Page, name: string) => sidebar.evaluate((want) => (window as unknown as { __chipAt: Record<string, Promise<number>> }).__chipAt[want], name);

/** Adds a tag in a side panel; resolves with the wall-clock time of the Enter key in the page. */
async function addTag(sidebar: Page, name: string): Promise<number> {
  const input = sidebar.getByRole('combobox', { name: 'Add a tag' });
  await input.fill(name);
  await sidebar.evaluate(() => {
    const w = window as unknown as { __enterAt: Promise<number> };
    w.__enterAt = new Promise((resolve) => document.addEventListener('keydown', (e) => e.key === 'Enter' && resolve(performance.timeOrigin + performance.now()), { capture: true, once: true }));
  });
  await input.press('Enter');
  return sidebar.evaluate(() => (window as unknown as { __enterAt: Promise<number> }).__enterAt);
}

/**
 * Takes the tag `name` off in side panel `from` (its chip's remove button) and resolves once side panel `to` no longer
 * shows it (a MutationObserver in that page). An untimed step after each timed edit: every edit then meets the contact
 * with the tags she started with. Before, each edit added a tag for good, so the isolated edits, after a minute of edits,
 * met her with ~220 tags, and every hop read, sent, wrote and painted all of them (issue 17).
 */
async function takeTagOff(from: Page, to: Page, name: string): Promise<void> {
  const gone = to.evaluate(
    (want) =>
      new Promise<void>((resolve, reject) => {
        const shown = () => [...document.querySelectorAll('.chip span')].some((s) => s.textContent === want);
        if (!shown()) return resolve();
        const timer = setTimeout(() => reject(new Error(`the tag ${want} was still shown after 60 s`)), 60_000);
        const observer = new MutationObserver(() => {
          if (!shown()) (observer.disconnect(), clearTimeout(timer), resolve());
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    name,
  );
  await from.getByRole('button', { name: `Remove tag ${name}`, exact: true }).click();
  await gone;
}

export async function benchServer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-bench-team-server-'));
  const store = openTeamStore(dir);
  const tokens = Array.from({ length: MEMBERS }, (_, i) => store.invite(`Member ${i}`, 'member').token);
  const teamId = store.teamId;
  store.close();
  const server = await spawnTeamServer(dir, await freePort());
  try {
    const r = await runServerLoad({ url: server.url, pid: server.pid, teamId, tokens, durationMs: LOAD_MS, intervalMs: 250 });
    console.log(`server: ${r.members} members × ${(LOAD_MS / 1000).toFixed(0)} s, one edit each every 250 ms: ${r.edits} edits, ${r.lost} lost in some member's documents (goal 0)`);
    report('server: edit → other member p50', r.p50, 'one member, idle server p50', r.baselineP50);
    report('server: edit → other member p95', r.p95, 'one member, idle server p95', r.baselineP95);
    console.log(`server RSS: ${r.rss.now.toFixed(0)} MB at the end, peak ${r.rss.peak.toFixed(0)} MB | baseline idle server: ${r.rssIdle.toFixed(0)} MB`);
    if (r.lost > 0) throw new Error(`${r.lost} edits never reached every member`);
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBrowsers(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-bench-team-'));
  const store = openTeamStore(dir);
  const known = Object.values(PEOPLE).map((p) => p.email.toLowerCase());
  let start = performance.now();
  storeTeamBook(store, CONTACTS, known);
  console.log(`team book of ${CONTACTS} contacts made and stored on the server in ${(performance.now() - start).toFixed(0)} ms`);
  const tokens = [store.invite('Aiko Sato', 'member').token, store.invite('Ben Ito', 'member').token];
  store.close();
  const server = await spawnTeamServer(dir, await freePort());
  const profiles = [mkdtempSync(join(tmpdir(), 'kizuna-bench-a-')), mkdtempSync(join(tmpdir(), 'kizuna-bench-b-'))];
  const browsers: Kizuna[] = [];
  try {
    // The development build: only it leaves the hop marks (lib/team/phases.ts, `hop`) the per-hop figures are read from.
    const [a, b] = [await launchKizuna({ userDataDir: profiles[0], extensionDir: DEV_EXTENSION_DIR }), await launchKizuna({ userDataDir: profiles[1], extensionDir: DEV_EXTENSION_DIR })];
    browsers.push(a, b);
    // The daily risk rescore starts a minute after launch and holds the contacts in its transactions for as long as
    // it runs (minutes at this size on a busy machine): measured alongside it, the edits would time the rescore.
    for (const k of browsers) await clearDailyRescore(k.worker);
    for (const k of browsers) await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });

    // Join: the contacts page is open in a tab of its own; usable = its first row, complete = every contact stored.
    const contacts = await a.context.newPage();
    await contacts.goto(`chrome-extension://${a.extensionId}/app.html#/contacts`);
    await contacts.locator('main').waitFor();
    const appBefore = await heapMb(profiles[0], 'app.html#/contacts');
    // The sync host page's baseline: the same page opened while no team is joined (it loads its code and stops).
    const idleHost = await a.context.newPage();
    await idleHost.goto(`chrome-extension://${a.extensionId}/team-host.html`);
    await idleHost.waitForLoadState('load');
    const hostBefore = await heapMb(profiles[0], 'team-host.html');
    await idleHost.close();
    const rawMs = await rawContactWriteMs(contacts, CONTACTS);
    const team = await openTeamPage(a);
    await fillJoinForm(team, server.url, tokens[0], 'Aiko Sato');
    // TEAM_PROFILE=<file>: a CPU profile (.cpuprofile) of A's sync host (its worker) from the moment the join starts it
    // until every contact is stored. TEAM_ALLOCATIONS=1: what the host allocates in that time, by function (V8's sampling
    // heap profiler, freed objects included). Both attach once the worker is there, so its first milliseconds are missed.
    const endProfile = process.env.TEAM_PROFILE ? startCpuProfile(profiles[0], SYNC_HOST, process.env.TEAM_PROFILE, 60_000) : undefined;
    const endAllocations = process.env.TEAM_ALLOCATIONS ? startAllocationSampler(profiles[0], SYNC_HOST, 60_000) : undefined;
    // The join's peak: the heaps of A's extension pages (one isolate) and of the sync host's worker, sampled every 250 ms
    // from the click until every contact is stored (no GC forced).
    const endSampler = await startHeapSampler(profiles[0], ['app.html#/contacts', SYNC_HOST]);
    // TEAM_TRACE_JOIN=<file>: a DevTools trace of A's extension renderer (its threads) from the Join click until the first row shows.
    const endJoinTrace = process.env.TEAM_TRACE_JOIN ? await startTrace(profiles[0], 'app.html#/contacts', process.env.TEAM_TRACE_JOIN) : undefined;
    // Usable: the first row in the contacts page's DOM, seen there (not by Playwright's polling wait).
    const firstRow = await watchFor(contacts, '[role="row"][data-index="0"]', 600_000);
    start = performance.now();
    const clickedAt = Date.now();
    await team.getByRole('button', { name: 'Join team' }).click();
    const seen = await firstRow();
    const usableMs = seen.inDom - clickedAt;
    await endJoinTrace?.();
    for (let n = 0; n < CONTACTS; n = await countContacts(contacts, CONTACTS)) {
      if (performance.now() - start > 900_000) throw new Error(`join incomplete after 15 min: ${n} of ${CONTACTS}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const completeMs = performance.now() - start;
    // Ordinary rows alone (a bound never reached): the rest are staged, filed by the background after the join.
    const ordinaryAtComplete = await countContacts(contacts, Infinity);
    const peak = await endSampler();
    const allocations = await (await endAllocations)?.();
    if (allocations) {
      const total = allocations.reduce((sum, a) => sum + a.bytes, 0);
      console.log(`allocated during the join (sampled, freed objects included): ${(total / 2 ** 20).toFixed(0)} MB; largest by function:`);
      for (const a of allocations.slice(0, 30)) console.log(`  ${(a.bytes / 2 ** 20).toFixed(1)} MB ${a.what}`);
    }
    await (
      await endProfile
    )?.();
    report(`join ${CONTACTS} contacts: usable (contacts page shows rows)`, usableMs, `raw IndexedDB write of ${CONTACTS} rows`, rawMs, '≤ 3 s at 50,000');
    console.log(`  the first row painted (the frame after it was in the page): ${(seen.painted - clickedAt).toFixed(1)} ms after the click`);
    report(`join ${CONTACTS} contacts: complete (all in IndexedDB)`, completeMs, `raw IndexedDB write of ${CONTACTS} rows`, rawMs, '≤ 30 s at 50,000');
    console.log(`  of them at complete: ${ordinaryAtComplete} ordinary rows, ${CONTACTS - ordinaryAtComplete} staged (packed; the background files them afterwards)`);
    const phases = await phaseEntries(profiles[0], SYNC_HOST);
    printPhases(phases, clickedAt);
    // TEAM_JOIN_MARKS=1: the sync host's hop marks from the Join click until the first row showed (ms after the click).
    if (process.env.TEAM_JOIN_MARKS) {
      const marks = (await hopMarks(profiles[0], SYNC_HOST)).filter((m) => m.at >= clickedAt && m.at <= clickedAt + usableMs + 200);
      console.log(`the sync host's marks until the first row (${marks.length}), ms after the click:`);
      for (const m of marks) console.log(`  ${(m.at - clickedAt).toFixed(0).padStart(6)} ${m.name}${m.detail ? ` ${JSON.stringify(m.detail)}` : ''}`);
    }
    // TEAM_TIMELINE=<file>: the join's phase entries and the sync host's hop marks (development build), wall-clock, with the click and usable times.
    if (process.env.TEAM_TIMELINE)
      writeFileSync(process.env.TEAM_TIMELINE, JSON.stringify({ clickedAt, usableAt: clickedAt + usableMs, completeAt: clickedAt + completeMs, phases, hops: await hopMarks(profiles[0], SYNC_HOST) }));

    // Memory with the team's contacts: the sync host (the offscreen document's worker) and the app page (the heap every
    // extension page shares, the offscreen document's own few kilobytes of code included).
    const host = await heapMb(profiles[0], SYNC_HOST);
    const app = await heapMb(profiles[0], 'app.html#/contacts');
    console.log(
      `JS heap at the end of the join, ${CONTACTS} shared contacts: sync host (worker) ${host.toFixed(1)} MB (baseline: its page before joining, no worker ${hostBefore.toFixed(1)} MB), app page ${app.toFixed(1)} MB (baseline before joining ${appBefore.toFixed(1)} MB) | goal ≤ 300 MB each at 50,000`,
    );
    const [appPeak, hostPeak] = peak.eachPeakMb;
    console.log(
      `JS heap peak during the join, ${CONTACTS} shared contacts (Runtime.getHeapUsage every 250 ms, ${peak.samples} samples, no GC forced): extension pages + sync host worker together ${peak.peakMb.toFixed(1)} MB (pages ${appPeak!.toFixed(1)}, worker ${hostPeak!.toFixed(1)} at their own peaks; baseline: app page before joining ${appBefore.toFixed(1)} MB after GC) | goal ≤ 300 MB at 50,000`,
    );
    if (process.env.TEAM_HEAP_SUMMARY) printHeapSummary('the sync host page at the end of the join', await heapSummary(profiles[0], SYNC_HOST), CONTACTS);
    // The host unloads a contact shard once it has been idle for SHARD_IDLE_MS (lib/team/host.ts): the heap once they are.
    await new Promise((r) => setTimeout(r, SHARD_IDLE_MS + 10_000));
    const idle = await heapMb(profiles[0], SYNC_HOST);
    console.log(
      `JS heap ${((SHARD_IDLE_MS + 10_000) / 1000).toFixed(0)} s after the join (idle shards unloaded), ${CONTACTS} shared contacts: ${idle.toFixed(1)} MB (end of join ${host.toFixed(1)} MB, before joining ${hostBefore.toFixed(1)} MB)`,
    );
    if (process.env.TEAM_HEAP_SUMMARY) printHeapSummary('the sync host page once idle shards are unloaded', await heapSummary(profiles[0], SYNC_HOST), CONTACTS);
    // A big join's contacts are staged; the background files them once the join is done (docs/team-book.md).
    let ordinary = await countContacts(contacts, Infinity);
    console.log(`  ordinary rows then: ${ordinary} of ${CONTACTS} (the rest staged, being filed by the background)`);
    if (process.env.TEAM_BENCH === 'join' && ordinary < CONTACTS) {
      while (ordinary < CONTACTS && performance.now() - start < completeMs + 600_000) {
        await new Promise((r) => setTimeout(r, 250));
        ordinary = await countContacts(contacts, Infinity);
      }
      console.log(`  every contact an ordinary row ${((performance.now() - start - completeMs) / 1000).toFixed(1)} s after complete: ${ordinary} of ${CONTACTS}`);
    }

    if (a.errors.length) console.log(`errors in A's pages during the join: ${a.errors.slice(0, 5).join(' | ')}`);
    if (process.env.TEAM_BENCH === 'join') return;

    // One edit in A → B's open side panel. B joins too (its join is not timed).
    // B's side panel is open before B joins: its heap then is the side panel's baseline.
    const sideB = (await b.openGmail(DANA_THREAD)).sidebar;
    await sideB.locator('[data-testid="profile-email"]', { hasText: 'dana.lee@acme-corp.com' }).waitFor({ timeout: 60_000 });
    const panelBefore = await heapMb(profiles[1], 'sidepanel.html');
    const teamB = await openTeamPage(b);
    await fillJoinForm(teamB, server.url, tokens[1], 'Ben Ito');
    await teamB.getByRole('button', { name: 'Join team' }).click();
    const bContacts = await b.context.newPage();
    await bContacts.goto(`chrome-extension://${b.extensionId}/app.html#/contacts`);
    const joinedB = performance.now();
    for (let n = 0; n < CONTACTS; n = await countContacts(bContacts, CONTACTS)) {
      if (performance.now() - joinedB > 900_000) throw new Error(`B's join incomplete after 15 min: ${n} of ${CONTACTS}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const sideA = (await a.openGmail(DANA_THREAD)).sidebar;
    for (const side of [sideA, sideB]) await side.locator('[data-testid="profile-email"]', { hasText: 'dana.lee@acme-corp.com' }).waitFor({ timeout: 60_000 });
    const local: number[] = [];
    const remote: number[] = [];
    const edits: { enterAt: number; chipAt: number }[] = [];
    // TEAM_TRACE=<file>: a DevTools trace of B's sync host (and every page of B's extension: one renderer) over 10 edits.
    // A's renderer is traced too, into <file>-a.json.
    const endTraces = process.env.TEAM_TRACE
      ? [await startTrace(profiles[1], 'team-host.html', process.env.TEAM_TRACE), await startTrace(profiles[0], 'team-host.html', process.env.TEAM_TRACE.replace(/(\.json)?$/, '-a.json'))]
      : [];
    for (let i = 0; i < EDITS; i++) {
      if (i === 10) for (const end of endTraces) await end();
      const tag = `edit ${i}`;
      await watchChip(sideA, tag);
      await watchChip(sideB, tag);
      const at = await addTag(sideA, tag);
      local.push((await chipAt(sideA, tag)) - at);
      const shownB = await chipAt(sideB, tag);
      remote.push(shownB - at);
      edits.push({ enterAt: at, chipAt: shownB });
      await takeTagOff(sideA, sideB, tag);
    }
    // Untimed edits until a minute has passed since the first, each seen in B's side panel; then the pages' heap again.
    for (let i = 0; edits.length && Date.now() - edits[0].enterAt < EDIT_MINUTE_MS; i++) {
      const tag = `more ${i}`;
      await watchChip(sideB, tag);
      await addTag(sideA, tag);
      await chipAt(sideB, tag);
      await takeTagOff(sideA, sideB, tag);
    }
    const after = {
      host: await heapMb(profiles[0], SYNC_HOST),
      app: await heapMb(profiles[0], 'app.html#/contacts'),
      hostB: await heapMb(profiles[1], SYNC_HOST),
      panelB: await heapMb(profiles[1], 'sidepanel.html'),
    };
    console.log(
      `JS heap after a minute of edits (${CONTACTS} shared contacts): A's sync host page ${after.host.toFixed(1)} MB (before joining ${hostBefore.toFixed(1)}, end of join ${host.toFixed(1)}), A's app page ${after.app.toFixed(1)} MB (before joining ${appBefore.toFixed(1)}, end of join ${app.toFixed(1)}), B's sync host page ${after.hostB.toFixed(1)} MB, B's side panel ${after.panelB.toFixed(1)} MB (before joining ${panelBefore.toFixed(1)}) | goal ≤ 300 MB each at 50,000`,
    );
    if (process.env.TEAM_HEAP_SUMMARY) printHeapSummary("A's sync host page after a minute of edits", await heapSummary(profiles[0], SYNC_HOST), CONTACTS);
    report(`edit → other member's side panel p50 (${EDITS} edits)`, median(remote), 'local paint in A p50', median(local), '≤ 200 ms');
    report(`edit → other member's side panel p95 (${EDITS} edits)`, p95(remote), 'local paint in A p95', p95(local), '≤ 1 s');
    const [aPanel, bPanel] = [JSON.parse(await sideA.evaluate(HOP_MARKS_EXPRESSION)) as HopMark[], JSON.parse(await sideB.evaluate(HOP_MARKS_EXPRESSION)) as HopMark[]];
    const marks = { aPanel, aHost: await hopMarks(profiles[0], SYNC_HOST), bHost: await hopMarks(profiles[1], SYNC_HOST), bPanel };
    printHops(marks, edits);
    if (process.env.TEAM_HOPS_DUMP) writeFileSync(process.env.TEAM_HOPS_DUMP, JSON.stringify({ marks, edits }));

    // Isolated edits: each after more than SHARD_IDLE_MS of quiet, as a rep's edits mostly are. The host unloads a shard
    // idle that long (its sweep runs every 5 s, hence the extra), so each edit meets what a quiet book holds loaded.
    const isolated: { quietFrom: number; enterAt: number; chipAt: number }[] = [];
    const isolatedLocal: number[] = [];
    // TEAM_TRACE_ISOLATED=<file>: DevTools traces of A's and B's extension renderers over the isolated edits (<file>-a.json, -b.json).
    const traceFile = (side: string) => process.env.TEAM_TRACE_ISOLATED!.replace(/(\.json)?$/, `-${side}.json`);
    const endIsolatedTraces = process.env.TEAM_TRACE_ISOLATED ? [await startTrace(profiles[0], 'team-host.html', traceFile('a')), await startTrace(profiles[1], 'team-host.html', traceFile('b'))] : [];
    console.log(`the edited contact's tags before each edit (B's side panel): ${await sideB.locator('li.chip').count()}`);
    for (let i = 0; i < ISOLATED_EDITS; i++) {
      const quietFrom = Date.now();
      await new Promise((r) => setTimeout(r, QUIET_MS));
      const tag = `quiet ${i}`;
      await watchChip(sideA, tag);
      await watchChip(sideB, tag);
      const at = await addTag(sideA, tag);
      isolatedLocal.push((await chipAt(sideA, tag)) - at);
      isolated.push({ quietFrom, enterAt: at, chipAt: await chipAt(sideB, tag) });
      await takeTagOff(sideA, sideB, tag);
    }
    for (const end of endIsolatedTraces) await end();
    const quiet = {
      aPanel: JSON.parse(await sideA.evaluate(HOP_MARKS_EXPRESSION)) as HopMark[],
      aHost: await hopMarks(profiles[0], SYNC_HOST),
      bHost: await hopMarks(profiles[1], SYNC_HOST),
      bPanel: JSON.parse(await sideB.evaluate(HOP_MARKS_EXPRESSION)) as HopMark[],
    };
    const isolatedMs = isolated.map((e) => e.chipAt - e.enterAt);
    report(
      `isolated edit → other member's side panel p50 (${ISOLATED_EDITS} edits, each after ${QUIET_MS / 1000} s of quiet)`,
      median(isolatedMs),
      'local paint in A p50',
      median(isolatedLocal),
      '≤ 200 ms',
    );
    report(`isolated edit → other member's side panel max (${ISOLATED_EDITS} edits)`, Math.max(...isolatedMs), 'local paint in A max', Math.max(...isolatedLocal), '≤ 1 s');
    console.log(`isolated edits: ${shardLoadsLine(quiet, isolated, shardName(PEOPLE.dana.email.toLowerCase()))}`);
    printHops(quiet, isolated);
    const held = { host: await heapMb(profiles[0], SYNC_HOST), hostB: await heapMb(profiles[1], SYNC_HOST) };
    console.log(
      `JS heap after the isolated edits (${CONTACTS} shared contacts; the shard of the contact both side panels show stays loaded): A's sync host page ${held.host.toFixed(1)} MB (idle after the join ${idle.toFixed(1)} MB), B's ${held.hostB.toFixed(1)} MB`,
    );
    if (process.env.TEAM_HOPS_DUMP) writeFileSync(process.env.TEAM_HOPS_DUMP.replace(/(\.json)?$/, '-isolated.json'), JSON.stringify({ marks: quiet, edits: isolated }));
  } finally {
    for (const k of browsers) await k.close();
    await server.kill();
    for (const d of [dir, ...profiles]) rmSync(d, { recursive: true, force: true });
  }
}

/** Where the join's time went, per phase (lib/team/phases.ts): total, count, and first start / first end / last end after the click. */
function printPhases(entries: readonly { name: string; startTime: number; duration: number }[], clickedAt: number) {
  if (entries.length === 0) return console.log('join phases: none recorded (a build without lib/team/phases.ts)');
  console.log('join phases (sync host page; "after click" times are wall-clock from the Join click):');
  const rows = Object.entries(sumPhases(entries)).sort((x, y) => x[1].first - y[1].first);
  for (const [phase, t] of rows)
    console.log(
      `  ${phase}: ${t.ms.toFixed(0)} ms in ${t.count} | after click: first start ${(t.first - clickedAt).toFixed(0)} ms, first end ${(t.firstEnd - clickedAt).toFixed(0)} ms, last end ${(t.last - clickedAt).toFixed(0)} ms`,
    );
}

export default async function benchTeam(): Promise<void> {
  if (process.env.TEAM_BENCH === 'join' || process.env.TEAM_BENCH === 'browsers') return benchBrowsers();
  await benchServer();
  await benchBrowsers();
}

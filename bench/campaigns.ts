// Campaign queue overhead: 1,000 sends through the engine (pacing off) against the fake Gmail server,
// with the in-memory store and with the Dexie store the extension uses (on fake-indexeddb in Node, not
// a browser's IndexedDB), next to the same number of bare HTTP POSTs measured in the same run; heap
// before and after, and over further rounds.
import 'fake-indexeddb/auto';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createDexieStore } from '../lib/campaigns/dexie-store';
import { createCampaignEngine } from '../lib/campaigns/engine';
import type { CampaignStore } from '../lib/campaigns/store';
import { createDb } from '../lib/db/schema';
import { createMemoryStore } from '../lib/campaigns/memory-store';
import { seededRandom } from '../lib/campaigns/pacing';
import type { Campaign, Recipient } from '../lib/campaigns/types';
import { createGmailClient } from '../lib/gmail-api/client';
import { toBase64Url } from '../lib/gmail-api/encoding';
import { buildMessage } from '../lib/gmail-api/mime';
import { startFakeGmail } from '../test/support/fake-gmail-server';
import { report } from './_measure';

const SENDS = 1000;
const NOW = Date.UTC(2026, 0, 10, 9);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

function campaign(id: string): Campaign {
  return {
    id,
    name: 'bench',
    target: { kind: 'selection', contactIds: [] },
    steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }],
    from: { address: 'cs@kizuna-bench.com', name: 'Kizuna' },
    cc: [],
    bcc: [],
    startAt: NOW,
    ratePerMinute: 600,
    jitter: 0,
    accountType: 'workspace',
    dailyCap: 2000,
    status: 'running',
    createdAt: NOW,
    updatedAt: NOW,
  };
}

const recipients = (c: Campaign, n: number): Recipient[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${c.id}-${i}`,
    campaignId: c.id,
    contactId: i,
    email: `person${i}@customer.example.com`,
    name: `Person ${i}`,
    step: 0,
    state: 'queued',
    sentMessageIds: [],
    attempts: 0,
    nextAttemptAt: NOW,
    updatedAt: NOW,
  }));

export default async function bench(): Promise<void> {
  const server = await startFakeGmail({ now: () => NOW, retain: false });
  const gmail = createGmailClient({ baseUrl: server.baseUrl, getToken: async () => 'bench' });
  const body = JSON.stringify({
    raw: toBase64Url(buildMessage({ from: { address: 'cs@kizuna-bench.com' }, to: [{ address: 'a@b.com' }], subject: 'Hello', text: 'Hi '.repeat(100), messageId: '<x@kizuna-bench.com>', date: NOW })),
  });
  const bare = async (n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${server.baseUrl}/gmail/v1/users/me/messages/send`, { method: 'POST', headers: { authorization: 'Bearer b', 'content-type': 'application/json' }, body });
      await res.text();
    }
    return performance.now() - t0;
  };
  // Each engine tick (100 sends) is followed by as many bare POSTs, so both see the same machine load.
  type Kind = 'memory' | 'dexie';
  const open = (kind: Kind, id: string): { store: CampaignStore; drop: () => Promise<void> } => {
    if (kind === 'memory') return { store: createMemoryStore(), drop: async () => {} };
    const db = createDb(`bench-${id}`);
    return { store: createDexieStore(db), drop: () => db.delete() };
  };
  const viaEngine = async (kind: Kind, id: string, n: number, interleave: boolean) => {
    const { store, drop } = open(kind, id);
    const c = campaign(id);
    await store.putCampaign(c);
    await store.addRecipients(recipients(c, n));
    const engine = createCampaignEngine({
      store,
      gmail,
      renderStep: (_c, r) => ({ subject: `Hello ${r.name}`, body: `Hi ${r.name},\n${'Hi '.repeat(100)}`, warnings: [] }),
      pacing: false,
      maxPerTick: 100,
      random: seededRandom(1),
    });
    let engineMs = 0;
    let bareMs = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const tick = await engine.tick(NOW);
      engineMs += performance.now() - t0;
      if (interleave) bareMs += await bare(tick.outcomes.sent);
      if (tick.nextWakeAt === undefined) break;
    }
    if (server.messages.length < 2 * n && interleave) throw new Error(`only ${server.messages.length} of ${2 * n} received`);
    server.clear();
    const sent = (await store.listRecipients(id, ['sent'])).length;
    const ledger = (await store.ledgerSince(0)).length;
    await drop();
    return { engineMs, bareMs, sent, ledger };
  };

  await bare(100);
  // What one store step costs on fake-indexeddb: a read-write transaction reading and writing one row.
  {
    const db = createDb('bench-baseline');
    await db.campaignRecipients.bulkAdd(recipients(campaign('base'), 100));
    const t0 = performance.now();
    for (let i = 0; i < SENDS; i++) {
      await db.transaction('rw', db.campaignRecipients, async () => {
        const r = (await db.campaignRecipients.get(`base-${i % 100}`))!;
        await db.campaignRecipients.put({ ...r, updatedAt: i });
      });
    }
    console.log(`fake-indexeddb baseline: one rw transaction (get + put of a recipient) ${((performance.now() - t0) / SENDS).toFixed(3)} ms`);
    await db.delete();
  }
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  for (const kind of ['memory', 'dexie'] as const) {
    const label = kind === 'memory' ? 'memory store' : 'Dexie store on fake-indexeddb (Node)';
    await viaEngine(kind, `warm-${kind}`, 100, true);
    const before = heapMb();
    const { engineMs, bareMs, sent, ledger } = await viaEngine(kind, `bench-${kind}`, SENDS, true);
    if (sent !== SENDS || ledger !== SENDS) throw new Error(`${kind}: ${sent} sent, ${ledger} ledger entries of ${SENDS}`);
    const after = heapMb();
    // More rounds: a leak in the queue would keep climbing; flat memory levels off.
    const rounds: number[] = [];
    for (const id of ['again1', 'again2', 'again3', 'again4']) {
      await viaEngine(kind, `${id}-${kind}`, SENDS, false);
      rounds.push(heapMb());
    }
    report(`[${label}] engine send, per message (${sent} sent, pacing off)`, engineMs / SENDS, 'bare POST round trip', bareMs / SENDS, 'overhead well under a paced gap (2 s at 30/min)');
    console.log(`[${label}] queue overhead per send: ${((engineMs - bareMs) / SENDS).toFixed(3)} ms (engine ${(engineMs / SENDS).toFixed(3)} ms − bare ${(bareMs / SENDS).toFixed(3)} ms)`);
    const lastGrowth = rounds[rounds.length - 1]! - rounds[rounds.length - 2]!;
    console.log(
      `[${label}] heap used: before ${mb(before)} | after the ${SENDS}-send run (store dropped) ${mb(after)} | after each further round: ${rounds.map(mb).join(', ')} | last round's growth ${lastGrowth.toFixed(2)} MB`,
    );
  }
  await realChromium(server.baseUrl, body);
  await server.close();
}

/** The same 1,000 sends with the Dexie store on real Chromium's IndexedDB (a plain page on the fake server's origin). */
async function realChromium(baseUrl: string, body: string): Promise<void> {
  const { build } = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const { chromiumPath } = await import('../test/support/launch');
  const bundle = await build({
    entryPoints: [new URL('./_campaigns-page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
  });
  const script = bundle.outputFiles[0]!.text;
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
  try {
    const page = await browser.newPage();
    await page.route(`${baseUrl}/bench.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.goto(`${baseUrl}/bench.html`);
    await page.addScriptTag({ content: script });
    type R = { txMs: number; engineMs: number; bareMs: number; sent: number; ledger: number; heapMb: number[] };
    await page.evaluate(([u, b]) => (globalThis as unknown as { runCampaignBench: (u: string, n: number, r: number, b: string) => Promise<R> }).runCampaignBench(u, 100, 1, b), [
      baseUrl,
      body,
    ] as const);
    const r = await page.evaluate(([u, n, b]) => (globalThis as unknown as { runCampaignBench: (u: string, n: number, r: number, b: string) => Promise<R> }).runCampaignBench(u, n, 5, b), [
      baseUrl,
      SENDS,
      body,
    ] as const);
    if (r.sent !== SENDS || r.ledger !== SENDS) throw new Error(`Chromium: ${r.sent} sent, ${r.ledger} ledger entries of ${SENDS}`);
    const label = 'Dexie store on Chromium IndexedDB (page)';
    console.log(`[${label}] baseline: one rw transaction (get + put of a recipient) ${r.txMs.toFixed(3)} ms`);
    report(
      `[${label}] engine send, per message (${r.sent} sent, pacing off)`,
      r.engineMs / SENDS,
      'bare POST round trip (same page)',
      r.bareMs / SENDS,
      'overhead well under a paced gap (2 s at 30/min)',
    );
    console.log(`[${label}] queue overhead per send: ${((r.engineMs - r.bareMs) / SENDS).toFixed(3)} ms (engine ${(r.engineMs / SENDS).toFixed(3)} ms − bare ${(r.bareMs / SENDS).toFixed(3)} ms)`);
    console.log(`[${label}] JS heap after each ${SENDS}-send round (database deleted, after gc()): ${r.heapMb.map((m) => `${m.toFixed(1)} MB`).join(', ')}`);
  } finally {
    await browser.close();
  }
}

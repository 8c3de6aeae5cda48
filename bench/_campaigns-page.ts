// Bundled by bench/campaigns.ts (esbuild) into a plain page in real Chromium: the engine with the Dexie
// store on the browser's own IndexedDB, sending to the fake Gmail server (same origin), next to bare POSTs.
import { createDexieStore } from '../lib/campaigns/dexie-store';
import { createCampaignEngine } from '../lib/campaigns/engine';
import { seededRandom } from '../lib/campaigns/pacing';
import type { Campaign, Recipient } from '../lib/campaigns/types';
import { createDb } from '../lib/db/schema';
import { createGmailClient } from '../lib/gmail-api/client';

interface PageBenchResult {
  /** One read-write transaction (get + put of a recipient) on this browser's IndexedDB. */
  txMs: number;
  engineMs: number;
  bareMs: number;
  sent: number;
  ledger: number;
  heapMb: number[];
}

async function run(baseUrl: string, n: number, rounds: number, body: string): Promise<PageBenchResult> {
  const gmail = createGmailClient({ baseUrl, getToken: async () => 'bench' });
  const now = Date.UTC(2026, 0, 10, 9);
  const bare = async (count: number) => {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${baseUrl}/gmail/v1/users/me/messages/send`, { method: 'POST', headers: { authorization: 'Bearer b', 'content-type': 'application/json' }, body });
      await res.text();
    }
    return performance.now() - t0;
  };
  const heap = () => ((globalThis as unknown as { gc?: () => void }).gc?.(), (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 / 1024;
  const heapMb: number[] = [];
  const base = createDb('bench-baseline');
  await base.campaignRecipients.put({ id: 'x', campaignId: 'x', contactId: 1, email: 'a@b.c', step: 0, state: 'queued', sentMessageIds: [], attempts: 0, updatedAt: 0 });
  const tx0 = performance.now();
  for (let i = 0; i < 200; i++) {
    await base.transaction('rw', base.campaignRecipients, async () => {
      const r = (await base.campaignRecipients.get('x'))!;
      await base.campaignRecipients.put({ ...r, updatedAt: i });
    });
  }
  const txMs = (performance.now() - tx0) / 200;
  base.close();
  await base.delete();
  let result = { engineMs: 0, bareMs: 0, sent: 0, ledger: 0 };
  for (let round = 0; round < rounds; round++) {
    const id = `page-${round}`;
    const db = createDb(`bench-${id}`);
    const store = createDexieStore(db);
    const c: Campaign = {
      id,
      name: 'bench',
      target: { kind: 'selection', contactIds: [] },
      steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }],
      from: { address: 'cs@kizuna-bench.com', name: 'Kizuna' },
      cc: [],
      bcc: [],
      startAt: now,
      ratePerMinute: 600,
      jitter: 0,
      accountType: 'workspace',
      dailyCap: 2000,
      status: 'running',
      createdAt: now,
      updatedAt: now,
    };
    await store.putCampaign(c);
    const rows: Recipient[] = Array.from({ length: n }, (_, i) => ({
      id: `${id}-${i}`,
      campaignId: id,
      contactId: i,
      email: `person${i}@customer.example.com`,
      name: `Person ${i}`,
      step: 0,
      state: 'queued',
      sentMessageIds: [],
      attempts: 0,
      nextAttemptAt: now,
      updatedAt: now,
    }));
    await store.addRecipients(rows);
    const engine = createCampaignEngine({
      store,
      gmail,
      pacing: false,
      maxPerTick: 100,
      random: seededRandom(1),
      renderStep: (_c, r) => ({ subject: `Hello ${r.name}`, body: `Hi ${r.name},\n${'Hi '.repeat(100)}`, warnings: [] }),
    });
    let engineMs = 0;
    let bareMs = 0;
    for (;;) {
      const t0 = performance.now();
      const tick = await engine.tick(now);
      engineMs += performance.now() - t0;
      if (round === 0) bareMs += await bare(tick.outcomes.sent);
      if (tick.nextWakeAt === undefined) break;
    }
    if (round === 0) result = { engineMs, bareMs, sent: (await store.listRecipients(id, ['sent'])).length, ledger: (await store.ledgerSince(0)).length };
    db.close();
    await db.delete();
    heapMb.push(heap());
  }
  return { ...result, heapMb, txMs };
}

(globalThis as unknown as { runCampaignBench: typeof run }).runCampaignBench = run;

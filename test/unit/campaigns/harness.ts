import { createCampaignEngine, type CampaignEngine } from '../../../lib/campaigns/engine';
import type { EngineDeps } from '../../../lib/campaigns/context';
import { createDexieStore } from '../../../lib/campaigns/dexie-store';
import { createMemoryStore } from '../../../lib/campaigns/memory-store';
import type { CampaignStore } from '../../../lib/campaigns/store';
import { createDb } from '../../../lib/db/schema';
import { seededRandom } from '../../../lib/campaigns/pacing';
import { planRecipients, preflight, type PreflightContact } from '../../../lib/campaigns/preflight';
import type { Campaign, LedgerEntry } from '../../../lib/campaigns/types';
import { createGmailClient, type GmailClient } from '../../../lib/gmail-api/client';
import { startFakeGmail, type FakeGmail } from '../../support/fake-gmail-server';
import { T0, fakeRender, makeCampaign } from './fixtures';

export interface Harness {
  server: FakeGmail;
  store: CampaignStore;
  /** Every ledger entry, oldest first. */
  ledger(): Promise<LedgerEntry[]>;
  gmail: GmailClient;
  campaign: Campaign;
  clock: { now: number };
  /** Builds an engine on the shared store (a fresh one simulates a restarted worker). */
  engine(overrides?: Partial<EngineDeps>): CampaignEngine;
  /** Ticks at each wake time until nothing is pending, `stopAt` is reached, or the bound is hit; returns ticks used. */
  run(engine: CampaignEngine, opts?: { stopAt?: number; maxTicks?: number }): Promise<number>;
  close(): Promise<void>;
}

export const contactsFor = (n: number): PreflightContact[] => Array.from({ length: n }, (_, i) => ({ contactId: i + 1, email: `person${i}@customer${i % 7}.example.com`, name: `Person ${i}` }));

/** A campaign planned through preflight into a store (memory unless told), a fake Gmail on 127.0.0.1 and fake time. */
export type StoreKind = 'memory' | 'dexie';
let dbCount = 0;

/** The same engine tests run on the memory store and on the Dexie store (fake-indexeddb in Node). */
export function makeStore(kind: StoreKind): CampaignStore {
  return kind === 'dexie' ? createDexieStore(createDb(`campaign-harness-${++dbCount}`)) : createMemoryStore();
}

export async function setup(opts: { contacts: PreflightContact[]; campaign?: Partial<Campaign>; suppressed?: Set<string>; store?: StoreKind }): Promise<Harness> {
  const clock = { now: T0 - 60_000 };
  const server = await startFakeGmail({ now: () => clock.now });
  const store = makeStore(opts.store ?? 'memory');
  const gmail = createGmailClient({ baseUrl: server.baseUrl, getToken: async () => 'test-token', timeoutMs: 2000 });
  const campaign = makeCampaign(opts.campaign);
  const checked = preflight({ campaign, contacts: opts.contacts, render: fakeRender, ledger: [], now: clock.now });
  await store.putCampaign(campaign);
  await store.addRecipients(planRecipients(campaign, checked, clock.now));
  const suppressed = opts.suppressed ?? new Set<string>();
  const engine = (overrides: Partial<EngineDeps> = {}) =>
    createCampaignEngine({
      store,
      gmail,
      renderStep: (_c, r, step) => fakeRender({ email: r.email, ...(r.name ? { name: r.name } : {}) }, step),
      suppression: (r) => (suppressed.has(r.email) ? 'do-not-contact' : undefined),
      random: seededRandom(1234),
      ...overrides,
    });
  return {
    server,
    store,
    gmail,
    campaign,
    clock,
    engine,
    ledger: async () => (await store.ledgerSince(-1)).sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0)),
    async run(e, { stopAt = Number.POSITIVE_INFINITY, maxTicks = 2000 } = {}) {
      for (let i = 0; i < maxTicks; i++) {
        const { nextWakeAt } = await e.tick(clock.now);
        if (nextWakeAt === undefined || nextWakeAt >= stopAt) return i + 1;
        clock.now = Math.max(clock.now, nextWakeAt);
      }
      throw new Error(`still busy after ${maxTicks} ticks`);
    },
    close: () => server.close(),
  };
}

/** The step a Kizuna Message-ID was made for (`<kz.campaign.recipient.STEP.random@domain>`). */
export function stepOf(messageId: string): number {
  return Number(/^<kz\.[^.]+\.[^.]+\.(\d+)\./.exec(messageId)?.[1] ?? -1);
}

import { browser } from 'wxt/browser';
import { db } from '../db';
import { DEFAULT_GMAIL_BASE_URL, createGmailClient } from '../gmail-api/client';
import { GmailApiError } from '../gmail-api/errors';
import { getToken } from './auth';
import { QuotaError } from './controls';
import { createDexieStore } from './dexie-store';
import { createCampaignEngine, type CampaignEngine } from './engine';
import { copyReplies, recordSend, recordStop } from './history';
import type { Handlers } from '../messages/protocol';
import type { CampaignMessage, CampaignReply } from './messages';
import { renderStepFromDb } from './render-step';
import { UNKNOWN_OUTCOME_LOOKUPS_MS } from './sent-lookup';
import { loadCampaignSettings } from './settings';
import { contactSuppression } from './suppression';
import { advanceSequences, handOffDepsOf } from '../playbooks/hand-off-db';

/** The one alarm that drives every campaign: set for the next due time (pacing, follow-up, retry, quota). */
export const CAMPAIGN_ALARM = 'kizuna-campaigns';
const LEASE_MS = 2 * 60_000;
// A row left 'sending' by an earlier worker is orphaned (only the background sends): it gets its
// first look-up in Sent this long after its attempt, the first of UNKNOWN_OUTCOME_LOOKUPS_MS.
const ORPHAN_LEASE_MS = UNKNOWN_OUTCOME_LOOKUPS_MS[0]!;
// The look-up window is for Gmail's search index. Any other base URL is a developer's server (it
// needs the developer token; a Google token never goes there), such as the tests' fake Gmail, whose
// search has no lag: one look-up, so a browser test's interrupted send is retried in seconds.
const DEVELOPER_LOOKUPS_MS = [ORPHAN_LEASE_MS];
// Threads of recipients waiting days for a follow-up are read for a reply this often (10 units of quota each), so an
// enrolment shows "replied" soon after the reply; a developer's server is read every few seconds.
const REPLY_WATCH_MS = 15 * 60_000;
const DEVELOPER_REPLY_WATCH_MS = 3000;
// Released Chrome fires alarms no sooner than 30 s; a timer covers shorter gaps while the worker lives.
const TIMER_LIMIT_MS = 30_000;

const workerStartedAt = Date.now();
const store = createDexieStore(db, { sent: (r) => recordSend(db, r), stopped: (r) => recordStop(db, r) });
let timer: ReturnType<typeof setTimeout> | undefined;
let running: Promise<void> | undefined;
let again = false;

/** A fresh engine per tick (it keeps nothing between ticks); the lease shrinks for rows this worker cannot own. */
async function engineFor(now: number): Promise<CampaignEngine> {
  const settings = await loadCampaignSettings();
  const gmail = createGmailClient({ baseUrl: settings.baseUrl, getToken });
  return createCampaignEngine({
    store,
    gmail,
    renderStep: (c, r, step) => renderStepFromDb(db, c, r.contactId, step),
    suppression: contactSuppression(db),
    events: {
      onStopped: async (r, reason) => {
        if (reason !== 'replied') return;
        const c = await store.getCampaign(r.campaignId);
        await copyReplies(db, gmail, c?.from.address ?? '', r);
      },
    },
    leaseMs: Math.min(LEASE_MS, Math.max(ORPHAN_LEASE_MS, now - workerStartedAt)),
    ...(new URL(settings.baseUrl).origin === new URL(DEFAULT_GMAIL_BASE_URL).origin
      ? { lookupsMs: UNKNOWN_OUTCOME_LOOKUPS_MS, replyWatchMs: REPLY_WATCH_MS }
      : { lookupsMs: DEVELOPER_LOOKUPS_MS, replyWatchMs: DEVELOPER_REPLY_WATCH_MS }),
  });
}

/** Ticks until nothing is due now, then sets the alarm (and a timer for short gaps) for the next wake. One run at a time. */
export function runQueue(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        const now = Date.now();
        // A backstop in case this worker is stopped mid-tick (an alarm that already fired wakes nobody):
        // the next worker looks up an orphaned send once its lease is over. Replaced below.
        await browser.alarms.create(CAMPAIGN_ALARM, { when: now + ORPHAN_LEASE_MS + 1000 });
        // Sequences: approved enrolments join their campaign before the tick; enrolments follow their recipients after it.
        const handOff = handOffDepsOf(db, store, await loadCampaignSettings());
        await advanceSequences(handOff, now, 'before').catch((e: unknown) => console.warn('Kizuna: sequence hand-off failed', e));
        const { nextWakeAt } = await (await engineFor(now)).tick(now);
        await advanceSequences(handOff, Date.now(), 'after').catch((e: unknown) => console.warn('Kizuna: sequence follow-up failed', e));
        await schedule(nextWakeAt);
        if (nextWakeAt !== undefined && nextWakeAt <= Date.now()) again = true;
      } while (again);
    } catch (error) {
      console.warn('Kizuna: campaign tick failed', error);
      await schedule(Date.now() + 60_000);
    } finally {
      running = undefined;
    }
  })();
  return running;
}

async function schedule(at: number | undefined): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (at === undefined) {
    await browser.alarms.clear(CAMPAIGN_ALARM);
    return;
  }
  const now = Date.now();
  // Unpacked builds allow alarms 1 s apart; released Chrome delays anything under 30 s to 30 s.
  await browser.alarms.create(CAMPAIGN_ALARM, { when: Math.max(at, now + 1000) });
  if (at - now < TIMER_LIMIT_MS) timer = setTimeout(() => void runQueue(), Math.max(0, at - now));
}

async function handle(message: CampaignMessage): Promise<CampaignReply> {
  const now = Date.now();
  const engine = await engineFor(now);
  if (message.type === 'campaign:tick') {
    await runQueue();
    return { ok: true };
  }
  if (message.type === 'campaign:control') {
    const changed = await engine[message.action](message.id, now);
    void runQueue();
    return { ok: true, changed };
  }
  const campaign = await store.getCampaign(message.id);
  if (!campaign) return { ok: false, error: 'no such campaign', code: 'other' };
  try {
    const rendered = await renderStepFromDb(db, campaign, message.contactId, message.step);
    await engine.sendTest({ campaignId: message.id, to: message.to, rendered, now });
    return { ok: true };
  } catch (error) {
    if (error instanceof QuotaError) return { ok: false, error: error.message, code: 'quota', ...(error.availableAt ? { availableAt: error.availableAt } : {}) };
    const auth = error instanceof GmailApiError && error.kind === 'auth';
    return { ok: false, error: (error as Error).message, code: auth ? 'auth' : 'other' };
  }
}

const answer = (message: CampaignMessage): Promise<CampaignReply> => handle(message).catch((error: unknown): CampaignReply => ({ ok: false, error: (error as Error).message, code: 'other' }));

/** The background's answers to the app page's campaign messages (lib/messages/protocol.ts); only our own pages drive the queue. */
export const campaignHandlers: Pick<Handlers, 'campaign:control' | 'campaign:tick' | 'campaign:test'> = {
  'campaign:control': (payload) => answer({ type: 'campaign:control', ...payload }),
  'campaign:tick': () => answer({ type: 'campaign:tick' }),
  'campaign:test': (payload) => answer({ type: 'campaign:test', ...payload }),
};

/** The campaign side of the background: listeners registered synchronously at worker start, then one run of the queue. */
export function startCampaignBackground(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CAMPAIGN_ALARM) void runQueue();
  });
  // A stopped worker or a restarted browser picks up where the database says it was.
  void runQueue();
}

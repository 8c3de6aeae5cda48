// The background's half of the side panel's first paint (issue 13). Gmail's button sends the thread it shows with the
// click; the background, whose database is open already, reads the profile the panel will show first while the browser
// makes the panel's page, and holds it for that panel's first message. The panel then paints after one round trip,
// without opening the database itself (its open and read were two more, after its Port's and the settings').
import { browser } from 'wxt/browser';
import { db } from '../db';
import { contactStoreOf } from '../contacts/dexie-store';
import type { Snapshot } from '../protocol';
import { firstPick } from './first-pick';
import type { FirstOpen, FirstProfile } from './first-profile';

// A click's profile waits this long for its panel (a page that failed to open leaves it behind).
const HOLD_MS = 30_000;

const held = new Map<number, { at: number; first: Promise<FirstOpen | null> }>();

/** The stored profile of the contact by this address (staged ones too), its company's name and stored score: one read-only transaction. */
async function readProfile(email: string): Promise<FirstProfile | null> {
  const store = contactStoreOf(db);
  return db.transaction('r', [...store.readTables, db.scoreBlocks, db.companies], async () => {
    const row = await store.byEmail(email);
    if (!row) return null;
    const { tags: _tags, ...contact } = row;
    const [company, score] = await Promise.all([contact.companyId === undefined ? undefined : db.companies.get(contact.companyId), store.scores.get(contact.id)]);
    return { contact, companyName: company?.name ?? '', score };
  });
}

/** What the panel's first paint needs for this thread: the settings, the contact the app shows first and its profile. */
export async function readFirstOpen(snapshot: Snapshot): Promise<FirstOpen | null> {
  const message = { type: 'snapshot' as const, snapshot };
  const settings: unknown = (await browser.storage.local.get('settings')).settings;
  const pick = firstPick(message, settings);
  return { message, settings, profile: pick ? await readProfile(pick.email) : null };
}

/** Starts reading the first paint's profile for the panel being opened on this tab (nothing without a thread). */
export function holdFirstOpen(tabId: number, snapshot: Snapshot | undefined): void {
  if (snapshot?.status !== 'thread') return void held.delete(tabId);
  const first = readFirstOpen(snapshot).catch((e: unknown) => (console.warn('Kizuna: the first paint’s read failed', e), null));
  held.set(tabId, { at: Date.now(), first });
}

/** Forgets what was held for this tab (a panel opened another way). */
export function dropFirstOpen(tabId: number): void {
  held.delete(tabId);
}

/** What was read for this tab's panel, once; null when nothing was (the toolbar icon, a worker started since). */
export function takeFirstOpen(tabId: number): Promise<FirstOpen | null> | null {
  const entry = held.get(tabId);
  held.delete(tabId);
  return entry && Date.now() - entry.at < HOLD_MS ? entry.first : null;
}

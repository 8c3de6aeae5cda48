import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import type { CampaignMessage, CampaignReply } from '@/lib/campaigns/messages';
import { sendMessage } from '@/lib/messages/send';
import type { PreflightContact } from '@/lib/campaigns/preflight';
import { loadRiskSettings } from '@/lib/churn/settings';
import { compileFilter } from '@/lib/segments/compile';
import { withStoredScores } from '@/lib/churn/score-store';
import type { SegmentContact } from '@/lib/segments/columns';
import type { Contact } from '@/lib/db/types';
import { clearDraft } from './saved-draft';

/** Asks the background's campaign queue to do something; a missing answer is an error, not silence. */
export async function toBackground(message: CampaignMessage): Promise<CampaignReply> {
  const reply: CampaignReply | undefined = await sendMessage(message);
  return reply ?? { ok: false, error: 'the background did not answer', code: 'other' };
}

export interface AudienceContact extends PreflightContact {
  contact: Contact;
  companyName?: string;
}

/** The contacts of a saved segment (its filter evaluated now) or of a selection, in a stable order. */
export async function loadAudience(target: { kind: 'segment'; segmentId: number } | { kind: 'selection'; contactIds: number[] }): Promise<AudienceContact[]> {
  const companies = new Map((await db.companies.toArray()).map((c) => [c.id, c.name]));
  const store = contactStoreOf(db);
  let contacts: Contact[];
  if (target.kind === 'selection') {
    contacts = (await store.getMany(target.contactIds)).filter((c): c is Contact => !!c);
  } else {
    const segment = await db.segments.get(target.segmentId);
    if (!segment) throw new Error('segment not found');
    // The same risk-band thresholds as the contacts list, so the audience is the segment's count.
    const match = compileFilter(segment.filter, Date.now(), { bands: (await loadRiskSettings()).rules.bands });
    // A risk condition reads the stored churn scores (apart from the contact rows; customers only).
    const all = await store.all();
    const scored = withStoredScores(all, await store.scores.page({}));
    contacts = all.filter((c, i) => match({ ...scored[i], companyName: c.companyId !== undefined ? companies.get(c.companyId) : undefined } as SegmentContact));
  }
  contacts.sort((a, b) => a.id - b.id);
  // An unsubscribe sets doNotContact (lib/campaigns/history.ts); its history entry tells the two apart.
  const unsubscribed = new Set<number>();
  for (const c of contacts) {
    if (c.doNotContact !== 1) continue;
    const stops = await db.activities
      .where('contactIds')
      .equals(c.id)
      .filter((a) => a.kind === 'send' && !!a.flags?.includes('stopped:unsubscribed'))
      .count();
    if (stops > 0) unsubscribed.add(c.id);
  }
  return contacts.map((c) => {
    const companyName = c.companyId !== undefined ? companies.get(c.companyId) : undefined;
    const unsub = unsubscribed.has(c.id);
    return { contactId: c.id, email: c.email, name: c.name || undefined, doNotContact: c.doNotContact === 1 && !unsub, unsubscribed: unsub, contact: c, ...(companyName ? { companyName } : {}) };
  });
}

const SELECTION_KEY = 'kizuna.campaignSelection';

/** Opens the wizard for hand-picked contacts (e.g. from the contacts page's bulk actions). */
export function startCampaignWithSelection(contactIds: readonly number[]): void {
  // A new hand-picked audience starts a new draft.
  clearDraft();
  sessionStorage.setItem(SELECTION_KEY, JSON.stringify(contactIds.filter((id) => Number.isInteger(id))));
  location.hash = '#/campaigns/new';
}

/** The selection handed to the wizard, if any (ids only; anything malformed is ignored). */
export function readSelection(): number[] | undefined {
  try {
    const ids = JSON.parse(sessionStorage.getItem(SELECTION_KEY) ?? 'null') as unknown;
    return Array.isArray(ids) && ids.length > 0 ? ids.filter((id): id is number => Number.isInteger(id)) : undefined;
  } catch {
    return undefined;
  }
}

/** A short unique campaign id (letters, digits and '-', as the schema wants). */
export function newCampaignId(now = Date.now()): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

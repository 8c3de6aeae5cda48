import { contactStoreOf } from '../contacts/dexie-store';
import type { CampaignStore } from '../campaigns/store';
import type { CampaignSettings } from '../campaigns/settings';
import type { KizunaDb } from '../db/schema';
import { handApproved, syncEnrolments, type HandOffDeps } from './hand-off';
import { enrolmentStoreOf } from './store';

/** The hand-off's dependencies over the Kizuna database, sending from the campaign settings' account. */
export function handOffDepsOf(db: KizunaDb, campaigns: CampaignStore, settings: CampaignSettings): HandOffDeps {
  const contacts = contactStoreOf(db);
  return {
    enrolments: enrolmentStoreOf(db),
    campaigns,
    sequence: (id) => db.sequences.get(id),
    async contact(id) {
      const c = await contacts.get(id);
      return c && { email: c.email, ...(c.name ? { name: c.name } : {}), doNotContact: c.doNotContact };
    },
    sender: { address: settings.senderAddress, name: settings.senderName || undefined, accountType: settings.accountType, dailyCap: settings.dailyCap },
  };
}

/** Before a campaign tick: hands approved enrolments to their sequences' campaigns. After it: enrolments follow their recipients. */
export async function advanceSequences(deps: HandOffDeps, now: number, phase: 'before' | 'after'): Promise<void> {
  if (phase === 'before') await handApproved(deps, now);
  else await syncEnrolments(deps, now);
}

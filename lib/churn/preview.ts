import type { Activity, Contact } from '../db/types';
import { churnEligible } from './eligible';
import { churnInputOf } from './from-activities';
import { effectiveMapping } from './features';
import type { FieldMapping } from './crm-signals';
import type { RulesConfig } from './rules-config';
import { scoreByRules, type Band, type ChurnInput, type ChurnScore } from './rules';

/** One sample contact with its signals computed once (they do not depend on the rules). */
export interface PreviewSample {
  contact: Pick<Contact, 'id' | 'email' | 'name'>;
  input: ChurnInput;
}

export interface PreviewChange {
  contact: PreviewSample['contact'];
  before: ChurnScore;
  after: ChurnScore;
}

export interface RulesPreview {
  total: number;
  before: Record<Band, number>;
  after: Record<Band, number>;
  /** Contacts whose score or band changed, the biggest change first (band changes before equal score changes). */
  changed: PreviewChange[];
  /** How many contacts changed in all (`changed` may be cut to `limit`). */
  changedCount: number;
}

/** Signals of each sample contact scored for churn (customers only: eligible.ts), as `scoreContact` computes them. */
export function previewSamples(contacts: readonly Contact[], activities: readonly Activity[], now: number, options: { mapping: FieldMapping; timeZone: string }): PreviewSample[] {
  const byContact = new Map<number, Activity[]>();
  for (const a of activities) for (const id of a.contactIds) (byContact.get(id) ?? byContact.set(id, []).get(id)!).push(a);
  return contacts.filter(churnEligible).map((c) => ({
    contact: { id: c.id, email: c.email, name: c.name },
    input: churnInputOf(c, byContact.get(c.id) ?? [], now, { mapping: effectiveMapping(options.mapping, c.custom), timeZone: options.timeZone }),
  }));
}

const BAND_RANK: Record<Band, number> = { low: 0, medium: 1, high: 2 };

/** Scores the samples under the saved rules and under a draft: band counts before → after and the biggest changes. */
export function previewRules(samples: readonly PreviewSample[], saved: RulesConfig, draft: RulesConfig, limit = 10): RulesPreview {
  const count = (): Record<Band, number> => ({ low: 0, medium: 0, high: 0 });
  const preview: RulesPreview = { total: samples.length, before: count(), after: count(), changed: [], changedCount: 0 };
  for (const s of samples) {
    const before = scoreByRules(s.input, saved);
    const after = scoreByRules(s.input, draft);
    preview.before[before.band]++;
    preview.after[after.band]++;
    if (before.score !== after.score || before.band !== after.band) preview.changed.push({ contact: s.contact, before, after });
  }
  preview.changedCount = preview.changed.length;
  const size = (c: PreviewChange) => Math.abs(c.after.score - c.before.score);
  const bandMove = (c: PreviewChange) => Math.abs(BAND_RANK[c.after.band] - BAND_RANK[c.before.band]);
  preview.changed.sort((a, b) => size(b) - size(a) || bandMove(b) - bandMove(a) || a.contact.email.localeCompare(b.contact.email));
  preview.changed = preview.changed.slice(0, limit);
  return preview;
}

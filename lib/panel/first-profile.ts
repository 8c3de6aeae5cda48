// What the side panel's first paint shows (issue 13), shared by the background, which reads it when Gmail's button is
// clicked (./first-open.ts), and the panel's small first module, which paints it (entrypoints/sidebar/first-paint.ts).
// Types and plain checks only: the panel's first module imports neither Dexie nor zod.
import type { Contact, StoredScore } from '../db/types';
import { isObject } from './first-pick';

/** What the first paint shows of a contact: its stored row (without its tags), its company's name and stored score. */
export interface FirstProfile {
  contact: Omit<Contact, 'tags'>;
  companyName: string;
  /** The stored churn score, as stored (shown only when the contact is scored for churn). */
  score?: StoredScore;
}

/**
 * The background's answer to a panel's first message (`kizuna:panel-first`): the thread Gmail showed when its button
 * was clicked (as a Port snapshot message), the stored settings (raw, as stored) and the profile of the contact the
 * app shows first for them (null: none stored, or nobody to show).
 */
export interface FirstOpen {
  message: { type: 'snapshot'; snapshot: unknown };
  settings: unknown;
  profile: FirstProfile | null;
}

/** A reply that is a FirstOpen, not null or an error: the background's own answer (the first paint checks the pick and the profile's address). */
export function isFirstOpen(reply: unknown): reply is FirstOpen {
  return isObject(reply) && isObject(reply.message) && 'profile' in reply;
}

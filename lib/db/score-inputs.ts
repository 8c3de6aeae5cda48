import type { MailEvent } from '../churn/signals';

/**
 * What a contact's churn score reads from its history, kept so that the daily rescore need not read the history
 * again (lib/churn/score-inputs.ts): its mail events, without the text of those that carry no churn wording. Any
 * write to the contact's activities replaces the row with a bare marker (no `events`), with a new `rev`, in the
 * same transaction: the ActivityStore does it (lib/activities/dexie-store.ts), the one writer of activities. The
 * rescore then reads the activities, and stores the events it built only if the row is still the one it read.
 */
export interface ScoreInputRow {
  contactId: number;
  /** Changes with every write to the contact's activities (a random number). */
  rev: number;
  /** Of the code that built `events` (see scoreInputsVersion); events of another version are not used. */
  v?: string;
  events?: MailEvent[];
}

/** A fresh revision for a score-input row. */
export const newRev = (): number => Math.random();

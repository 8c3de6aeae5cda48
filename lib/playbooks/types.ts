import type { z } from 'zod';
import type { AlertKind, Stage } from '../db/types';
import type { BandName } from '../churn/bands';
import type { ActionSchema, PauseReasonSchema, PlaybookSchema, TriggerSchema } from './schema';

export type Trigger = z.infer<typeof TriggerSchema>;
export type PlaybookAction = z.infer<typeof ActionSchema>;
export type PauseReason = z.infer<typeof PauseReasonSchema>;
export type Playbook = z.infer<typeof PlaybookSchema>;
export type PlaybookInput = z.input<typeof PlaybookSchema>;

/** An i18n message key with its substitutions: every sentence the playbooks engine says to the user. */
export interface Message {
  key: string;
  params: string[];
}

/** The ids that still exist when a playbook is saved or run: anything else is a dangling reference. */
export interface KnownRefs {
  templateIds: ReadonlySet<number>;
  /** Owner addresses (lower-cased). */
  owners: ReadonlySet<string>;
  sequenceIds: ReadonlySet<string>;
  tagIds: ReadonlySet<number>;
  /** Sequences with a step whose template this browser does not have (a colleague's personal template, in a team). */
  incompleteSequenceIds?: ReadonlySet<string>;
}

/** Something that happened since the last run, as the rescore, the alerts and the stores report it. */
export type PlaybookEvent =
  /** A rescore: band and score (0–100: the chance, or rule points) before and after; old ones absent when never scored. */
  | { type: 'score'; contactId: number; at: number; oldBand?: BandName; newBand: BandName; oldScore?: number; newScore: number }
  /** A new alert, with its stable key (`<contactId>:<kind>:<event>`). */
  | { type: 'alert'; contactId: number; at: number; kind: AlertKind; key: string }
  /** A stage change; `playbookId` when a playbook's action made it. */
  | { type: 'stage'; contactId: number; at: number; from: Stage; to: Stage; playbookId?: string }
  | { type: 'tag'; contactId: number; at: number; tagId: number };

import type { SegmentFilter } from '../segments/filter';

/** The CRM's data model. Timestamps are epoch milliseconds (IndexedDB can index them; not booleans or null). */

export const STAGES = ['lead', 'customer', 'at-risk', 'churned', 'advocate'] as const;
export type Stage = (typeof STAGES)[number];

export interface Contact {
  id: number;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  companyId?: number;
  /** Tag ids (multi-entry index). */
  tags: number[];
  stage: Stage;
  owner: string;
  /** Values of the user's custom fields, by field key. */
  custom: Record<string, string>;
  customerSince?: number;
  churnedAt?: number;
  /** The contact's id in the system it was imported from (a CSV's Record ID, Contact ID, Person ID…); not indexed. */
  externalId?: string;
  /** 1 when the contact must never receive a campaign message (a number so it can be indexed). */
  doNotContact: 0 | 1;
  lastInboundAt?: number;
  lastOutboundAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface Company {
  id: number;
  /** Lower-cased; unique; never a free-mail domain. Absent for a company the user named by hand. */
  domain?: string;
  name: string;
  fields: Record<string, string>;
}

export interface Tag {
  id: number;
  name: string;
  /** Lower-cased name; unique, so "VIP" and "vip" are one tag. */
  key: string;
  color: string;
}

/** `team-thread`: another member's shared thread summary (lib/team/thread-sync.ts): subject, date, direction, `author`. */
export type ActivityKind = 'email' | 'note' | 'stage' | 'send' | 'team-thread';

/** Activity flag of mail received without the user (or an alias) in To or Cc (a list, a Bcc): left out of the churn signals. */
export const NOT_TO_ME_FLAG = 'not-to-me';
export type Direction = 'in' | 'out';

export interface Activity {
  id: number;
  kind: ActivityKind;
  /** The contacts this activity belongs to (multi-entry index). */
  contactIds: number[];
  at: number;
  /** Email: Gmail's message id (unique when present). */
  messageId?: string;
  threadId?: string;
  direction?: Direction;
  /** Email: sender address (lower-cased). */
  from?: string;
  /** Email from a mailbox import: its Message-ID header, which other messages' In-Reply-To and References name. */
  internetMessageId?: string;
  /** Email from a mailbox import: the Message-ID its In-Reply-To names. */
  inReplyTo?: string;
  /** Email from a mailbox import: its References ids (the first and the last nine); present, maybe empty, when the reply headers were read. */
  references?: string[];
  /** Email sent by the user, from a mailbox import: its To addresses (lower-cased); whoever was only in Cc or Bcc was not replied to. */
  to?: string[];
  subject?: string;
  snippet?: string;
  /** Note text. */
  text?: string;
  /** A team note's id in the team's documents (lib/team/book-doc.ts); absent on a note never shared. */
  teamNoteId?: string;
  /** A team note's author, as the team knows them; absent on the user's own notes. */
  author?: string;
  /** Stage change: from → to. */
  fromStage?: Stage;
  toStage?: Stage;
  /** Stage change made by a playbook: its id (that playbook's stage trigger does not fire on its own change). */
  playbookId?: string;
  /** Churn-intent phrases found (`intent:<id>`), `mbox` for a mailbox import, `not-to-me` for mail received without the user in To or Cc, etc. */
  flags?: string[];
  updatedAt?: number;
}

/** A fitted churn model version (schema v3). `model` is `serializeModel` output; `active` marks the one in use. */
export interface RiskModelRecord {
  id: number;
  kind: 'logistic' | 'gbdt' | 'ensemble';
  createdAt: number;
  /** Cross-validated ROC AUC of this model and of the rules on the same contacts when it was fitted. */
  auc: number;
  aucSd?: number;
  rulesAuc?: number;
  /** How many labelled contacts it was fitted on (churned, retained). */
  positives: number;
  negatives: number;
  model: string;
  active: 0 | 1;
  /** The calibrator (`calibratorSchema` JSON) fitted on the out-of-fold scores; absent on versions saved before calibration. */
  calibration?: string;
  /** The chance is of churning within this many days. */
  horizonDays?: number;
  /** Validated figures: the model's calibrated out-of-fold AUC, Brier, log loss, ECE; the rules' (calibrated) AUC and Brier on the same folds. */
  metrics?: RiskModelMetrics;
  /** Default band thresholds (0–100) from the training base rate; applied when the version is activated. */
  bands?: { medium: number; high: number };
  /** Out-of-fold evidence for Reports: each training row's day described, calibrated chance and outcome. */
  evidence?: { contactIds: number[]; asOf: number[]; chance: number[]; churned: number[] };
  /** What it predicted on the day it was trained for every customer then scored: Reports' backtest checks it against what happened since. */
  forecast?: { at: number; horizonDays: number; contactIds: number[]; chance: number[] };
}

/** A model version's validated figures (contract of issue #12). */
export interface RiskModelMetrics {
  auc: number;
  brier: number;
  logLoss: number;
  ece: number;
  rulesAuc: number;
  rulesBrier: number;
  validatedAt: number;
  positives: number;
  negatives: number;
  baseRate: number;
}

/**
 * A contact's stored churn score (schema v7), apart from the contact row so that a rescore writes only
 * these small rows (no contact middleware, no contact indexes). Only churn-eligible contacts have one.
 */
export interface StoredScore {
  /** The contact's id (primary key). */
  contactId: number;
  /** 0–100: rule points, or round(100 × probability) for a calibrated model. */
  score: number;
  /** The band of `score` under the thresholds in force when it was stored. */
  band: 'low' | 'medium' | 'high';
  /** Calibrated chance of churning within `horizonDays`; absent for a score not yet calibrated. */
  probability?: number;
  horizonDays?: number;
  /** When the stored score last changed. */
  at: number;
  /** What computed it (`rules:<hash>`, `model:<id>:<hash>`): the history compares only scores of one basis. */
  basis: string;
  /**
   * One entry per local day on which the score changed, `[day number, score]`, oldest first: the score of any
   * day is that of the last entry on or before it. Covers at least the last 30 days (older entries are dropped).
   */
  history: [number, number][];
}

export const ALERT_KINDS = ['high-risk', 'intent', 'unanswered', 'payment-overdue', 'renewal-silent'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A pre-churn alert (schema v3). */
export interface Alert {
  id: number;
  /** `${contactId}:${kind}:${event}`, so the same event never raises two alerts. */
  key: string;
  contactId: number;
  kind: AlertKind;
  at: number;
  /** Plain details for the UI (e.g. the phrase found, the days unanswered). */
  detail?: string;
  /** 1 while the alert needs attention; 0 once dismissed. */
  open: 0 | 1;
  dismissedAt?: number;
  /** An open alert snoozed until then: out of the list and the badge count until this time. */
  snoozedUntil?: number;
}

/** A saved segment (schema v3): a named filter (`SegmentFilterSchema`). */
export interface SegmentRecord {
  id: number;
  name: string;
  filter: SegmentFilter;
  createdAt: number;
  updatedAt: number;
  /** The segment's key in the team book, once it reached it (lib/team/book-segments.ts). */
  team?: string;
}

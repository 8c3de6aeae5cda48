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

export type ActivityKind = 'email' | 'note' | 'stage' | 'send';
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
  subject?: string;
  snippet?: string;
  /** Note text. */
  text?: string;
  /** Stage change: from → to. */
  fromStage?: Stage;
  toStage?: Stage;
  /** Churn-intent phrases found, etc. */
  flags?: string[];
  updatedAt?: number;
}

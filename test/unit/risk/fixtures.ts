import type { Activity, Contact } from '../../../lib/db/types';
import { DEFAULT_RISK_SETTINGS, type RiskSettings } from '../../../lib/churn/settings';
import type { ScorerConfig } from '../../../lib/churn/scorer';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** A Tuesday noon UTC. */
export const NOW = Date.parse('2026-03-10T12:00:00Z');

export const contact = (over: Partial<Contact> = {}): Contact => ({
  id: 1,
  email: 'kim@acme.example',
  name: 'Kim',
  tags: [],
  stage: 'customer',
  owner: '',
  custom: {},
  doNotContact: 0,
  createdAt: NOW - 400 * DAY,
  updatedAt: NOW,
  ...over,
});

let nextId = 1;
export const email = (direction: 'in' | 'out', at: number, over: Partial<Activity> = {}): Activity => ({
  id: nextId++,
  kind: 'email',
  contactIds: [1],
  at,
  direction,
  messageId: `m${nextId}`,
  threadId: 't1',
  from: direction === 'in' ? 'kim@acme.example' : 'me@us.example',
  subject: 'Project',
  snippet: 'Thanks, see you then.',
  ...over,
});

export const config = (settings: Partial<RiskSettings> = {}, over: Partial<ScorerConfig> = {}): ScorerConfig => ({
  settings: { ...DEFAULT_RISK_SETTINGS, ...settings },
  model: null,
  customFields: [],
  timeZone: 'UTC',
  ...over,
});

/** A message in from customer `id` about a renewal, `daysAgo` days before NOW, in a thread of its own. */
export const renewalMail = (id: number, daysAgo: number, snippet = 'Can you send the invoice?'): Omit<Activity, 'id'> => ({
  kind: 'email',
  contactIds: [id],
  at: NOW - daysAgo * DAY,
  direction: 'in',
  messageId: `m-${id}-${daysAgo}`,
  threadId: `t-${id}-${daysAgo}`,
  from: `c${id}@x.example`,
  subject: 'Renewal',
  snippet,
});

/** The tables a `db.transaction` call (a spy's `mock.calls` entry) names. */
export const tablesOf = (call: unknown[]) =>
  call
    .slice(1)
    .flat()
    .filter((t): t is { name: string } => typeof t === 'object' && t !== null && 'name' in t)
    .map((t) => t.name);

/**
 * How many of these `db.transaction` calls are a rescore's batch reads: read-only, taking the score inputs (the store's
 * calls in them open sub-transactions; a batch's activities are read in a transaction of their own, lib/churn/recompute.ts).
 */
export const rescoreReads = (calls: unknown[][]) => calls.filter((call) => call[0] === 'r' && tablesOf(call).includes('scoreInputBlocks')).length;

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

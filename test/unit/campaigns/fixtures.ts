import type { Campaign, Rendered } from '../../../lib/campaigns/types';

export const T0 = Date.UTC(2026, 0, 10, 9);
export const DAY = 24 * 60 * 60_000;

/** A valid campaign; override what a test is about. */
export function makeCampaign(patch: Partial<Campaign> = {}): Campaign {
  return {
    id: 'c1',
    name: 'Renewal follow-up',
    target: { kind: 'segment', segmentId: 3 },
    steps: [
      { templateId: 1, delayDays: 0, condition: 'no-reply' },
      { templateId: 2, delayDays: 3, condition: 'no-reply' },
    ],
    from: { address: 'cs@kizuna-test.com', name: 'Kizuna CS' },
    cc: [],
    bcc: [],
    startAt: T0,
    ratePerMinute: 30,
    jitter: 0.2,
    accountType: 'workspace',
    status: 'draft',
    createdAt: T0 - DAY,
    updatedAt: T0 - DAY,
    ...patch,
  };
}

/** A render stand-in: `{{company}}` with no value and no fallback gives a warning, like the templates module. */
export function fakeRender(contact: { email: string; name?: string }, step: number): Rendered {
  const warnings = contact.name ? [] : [{ message: 'missing value for {{name}}', field: 'name' }];
  return {
    subject: step === 0 ? `契約更新のご案内 — ${contact.name ?? ''}様` : 'ignored for follow-ups',
    body: `${contact.name ?? ''}様\n\nStep ${step + 1} for ${contact.email}.\n\nTo unsubscribe, reply "unsubscribe".`,
    warnings,
  };
}

import { beforeEach, describe, expect, it } from 'vitest';
import { loadAudience } from '../../../entrypoints/app/campaigns/api';
import { buildCampaign, checkCampaign } from '../../../entrypoints/app/campaigns/draft';
import { planRecipients } from '../../../lib/campaigns/preflight';
import { CampaignSettingsSchema } from '../../../lib/campaigns/settings';
import { db } from '../../../lib/db';
import type { Activity, Contact } from '../../../lib/db/types';

const NOW = Date.UTC(2026, 0, 10, 9);
const contact = (id: number, patch: Partial<Contact> = {}): Contact => ({
  id,
  email: `p${id}@example.com`,
  name: `Person ${id}`,
  tags: [],
  stage: 'customer',
  owner: '',
  custom: {},
  doNotContact: 0,
  createdAt: NOW,
  updatedAt: NOW,
  ...patch,
});

beforeEach(async () => {
  await Promise.all([db.contacts.clear(), db.companies.clear(), db.activities.clear(), db.segments.clear(), db.templates.clear(), db.sendLedger.clear()]);
  await db.companies.add({ id: 1, name: 'Acme', domain: 'example.com', fields: {} });
  await db.contacts.bulkAdd([
    contact(1, { companyId: 1 }),
    contact(2, { doNotContact: 1 }),
    contact(3, { doNotContact: 1 }),
    contact(4, { stage: 'lead' }),
    contact(5, { name: '' }),
    contact(6, { custom: { plan: 'Pro' } }),
  ]);
  await db.activities.add({ kind: 'send', contactIds: [3], at: NOW, flags: ['campaign:x', 'stopped:unsubscribed'] } as Activity);
  await db.segments.add({ id: 1, name: 'Customers', filter: { conditions: [{ type: 'stage', stages: ['customer'] }] }, createdAt: NOW, updatedAt: NOW });
  await db.templates.bulkAdd([
    {
      id: 1,
      name: 'A',
      subject: 'Hi {{firstName}} at {{company|your team}}',
      body: 'Plan: {{custom.plan}}\n{{unsubscribe}}',
      category: '',
      language: 'en',
      usageCount: 0,
      createdAt: NOW,
      updatedAt: NOW,
    },
  ]);
});

describe('campaign audience and checks', () => {
  it("loads a segment's contacts, telling an unsubscribe apart from do-not-contact", async () => {
    const audience = await loadAudience({ kind: 'segment', segmentId: 1 });
    expect(audience.map((a) => [a.contactId, !!a.doNotContact, !!a.unsubscribed, a.companyName ?? null])).toEqual([
      [1, false, false, 'Acme'],
      [2, true, false, null],
      [3, false, true, null],
      [5, false, false, null],
      [6, false, false, null],
    ]);
    expect((await loadAudience({ kind: 'selection', contactIds: [4, 99, 1] })).map((a) => a.contactId)).toEqual([1, 4]);
  });

  it('renders every step per recipient and plans skips with the first issue as the reason', async () => {
    const settings = CampaignSettingsSchema.parse({ senderAddress: 'cs@example.com' });
    const built = buildCampaign({ name: 'x', segmentId: '1', steps: [{ templateId: '1', delayDays: '0' }], startMode: 'now', startAt: '', ratePerMinute: '20', jitter: '0' }, settings, 'c-1', NOW);
    if (!built.ok) throw new Error('not built');
    const checked = await checkCampaign(built.campaign, NOW);
    const byId = new Map(checked.result.rows.map((r) => [r.contact.contactId, r.issues.map((i) => i.code)]));
    expect(Object.fromEntries(byId)).toEqual({
      1: ['missing-merge-value'],
      2: ['do-not-contact', 'missing-merge-value'],
      3: ['unsubscribed', 'missing-merge-value'],
      5: ['missing-merge-value', 'missing-merge-value'],
      6: [],
    });
    expect(checked.rendered[4]![0]).toMatchObject({ subject: 'Hi Person at your team', body: 'Plan: Pro\nmailto:cs@example.com?subject=unsubscribe' });
    const planned = planRecipients(built.campaign, checked.result, NOW);
    expect(planned.map((r) => [r.contactId, r.state, r.reason ?? null])).toEqual([
      [1, 'skipped', 'missing-merge-value'],
      [2, 'skipped', 'do-not-contact'],
      [3, 'skipped', 'unsubscribed'],
      [5, 'skipped', 'missing-merge-value'],
      [6, 'queued', null],
    ]);
  });
});

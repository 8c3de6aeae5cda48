import { describe, expect, it } from 'vitest';
import { CampaignSettingsSchema, DEFAULT_CAMPAIGN_SETTINGS, parseCampaignSettings } from '../../../lib/campaigns/settings';
import { buildCampaign } from '../../../entrypoints/app/campaigns/draft';

describe('campaign settings', () => {
  it('defaults to the real Gmail API, a Gmail account and no developer token', () => {
    expect(DEFAULT_CAMPAIGN_SETTINGS).toMatchObject({ baseUrl: 'https://gmail.googleapis.com', accountType: 'gmail', senderName: '' });
    expect(DEFAULT_CAMPAIGN_SETTINGS.developerToken).toBeUndefined();
  });

  it('rejects a bad base URL, address or cap with the field named, and treats empty fields as absent', () => {
    const bad = CampaignSettingsSchema.safeParse({ baseUrl: 'ftp://x', senderAddress: 'nobody', dailyCap: '0' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['baseUrl', 'dailyCap', 'senderAddress']);
    const ok = CampaignSettingsSchema.parse({ baseUrl: 'http://127.0.0.1:9', senderAddress: ' Me@Example.com ', dailyCap: '300', clientId: '', developerToken: '' });
    expect(ok).toMatchObject({ senderAddress: 'me@example.com', dailyCap: 300 });
    expect('clientId' in ok && ok.clientId !== undefined).toBe(false);
    expect(parseCampaignSettings({ baseUrl: 42 })).toEqual(DEFAULT_CAMPAIGN_SETTINGS);
  });
});

describe('wizard draft', () => {
  const settings = CampaignSettingsSchema.parse({ senderAddress: 'cs@example.com', senderName: 'CS', accountType: 'workspace', dailyCap: 100 });
  const form = {
    name: 'Renewal',
    segmentId: '3',
    steps: [
      { templateId: '1', delayDays: '0' },
      { templateId: '2', delayDays: '0.5' },
    ],
    startMode: 'now' as const,
    startAt: '',
    ratePerMinute: '20',
    jitter: '25',
  };

  it('builds a valid campaign from the form and the settings (fractional follow-up days kept)', () => {
    const built = buildCampaign(form, settings, 'abc-1', 1000);
    expect(built.ok && built.campaign).toMatchObject({
      id: 'abc-1',
      target: { kind: 'segment', segmentId: 3 },
      from: { address: 'cs@example.com', name: 'CS' },
      startAt: 1000,
      jitter: 0.25,
      dailyCap: 100,
      accountType: 'workspace',
      status: 'draft',
      steps: [
        { templateId: 1, delayDays: 0 },
        { templateId: 2, delayDays: 0.5 },
      ],
    });
  });

  it('names what is missing or out of range', () => {
    const noSender = buildCampaign({ ...form, segmentId: '', steps: [{ templateId: '', delayDays: '0' }] }, { ...settings, senderAddress: undefined }, 'abc-1', 1000);
    expect(!noSender.ok && noSender.issues.map((i) => i.message)).toEqual(['cpNeedSender', 'cpNeedSegment', 'cpNeedTemplate']);
    const fast = buildCampaign({ ...form, ratePerMinute: '5000' }, settings, 'abc-1', 1000);
    expect(!fast.ok && fast.issues[0]!.path).toBe('ratePerMinute');
  });
});

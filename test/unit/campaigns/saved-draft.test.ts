// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft } from '../../../entrypoints/app/campaigns/saved-draft';
import type { DraftForm } from '../../../entrypoints/app/campaigns/draft';

const form: DraftForm = {
  name: 'Renewals',
  segmentId: '1',
  steps: [
    { templateId: '2', delayDays: '0' },
    { templateId: '3', delayDays: '4' },
  ],
  startMode: 'at',
  startAt: '2027-01-10T09:00',
  ratePerMinute: '20',
  jitter: '20',
};

describe('the campaign draft kept in the tab', () => {
  beforeEach(() => sessionStorage.clear());
  it('comes back as it was saved, with its campaign id, until cleared', () => {
    expect(loadDraft()).toBeNull();
    saveDraft({ id: 'abc-123', form });
    expect(loadDraft()).toEqual({ id: 'abc-123', form });
    clearDraft();
    expect(loadDraft()).toBeNull();
  });
  it('keeps the wizard step the user was on', () => {
    saveDraft({ id: 'abc-123', form, step: 2 });
    expect(loadDraft()).toEqual({ id: 'abc-123', form, step: 2 });
  });
  it('anything malformed counts as no draft', () => {
    for (const raw of ['{', '"x"', JSON.stringify({ id: 'a', form: { ...form, steps: [] } }), JSON.stringify({ id: 'a', form: { ...form, startMode: 'later' } })]) {
      sessionStorage.setItem('kizuna:campaign-draft', raw);
      expect(loadDraft(), raw).toBeNull();
    }
  });
});

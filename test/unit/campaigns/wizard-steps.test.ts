import { describe, expect, it } from 'vitest';
import type { DraftForm } from '../../../entrypoints/app/campaigns/draft';
import { REVIEW, stepIssues, stepOfIssue } from '../../../entrypoints/app/campaigns/wizard-steps';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../../lib/campaigns/settings';

const empty: DraftForm = {
  name: '',
  segmentId: '',
  steps: [
    { templateId: '', delayDays: '0' },
    { templateId: '', delayDays: '-1' },
  ],
  startMode: 'at',
  startAt: '',
  ratePerMinute: '0',
  jitter: '20',
};
const paths = (form: DraftForm, step: number) => stepIssues(form, DEFAULT_CAMPAIGN_SETTINGS, step, 'Untitled', Date.UTC(2026, 11, 2)).map((i) => i.path);

describe('the campaign wizard judges one step at a time', () => {
  it('each issue belongs to the step that shows its field; the sender to the review', () => {
    expect([stepOfIssue('segmentId'), stepOfIssue('name'), stepOfIssue('steps.1.delayDays'), stepOfIssue('startAt'), stepOfIssue('jitter'), stepOfIssue('sender')]).toEqual([0, 0, 1, 2, 2, REVIEW]);
  });
  it("Next on a step reports only that step's fields, not the later ones", () => {
    expect(paths(empty, 0)).toEqual(['segmentId']);
    const recipients = { ...empty, segmentId: '1' };
    expect(paths(recipients, 0)).toEqual([]);
    expect(paths(recipients, 1)).toEqual(['steps.0.templateId', 'steps.1.templateId']);
    const messages = {
      ...recipients,
      steps: [
        { templateId: '1', delayDays: '0' },
        { templateId: '2', delayDays: '3' },
      ],
    };
    expect(paths(messages, 1)).toEqual([]);
    expect(paths(messages, 2)).toEqual(['startAt']);
    expect(paths({ ...messages, startMode: 'now' }, 2)).toEqual(['ratePerMinute']);
    expect(paths({ ...messages, startMode: 'now', ratePerMinute: '20' }, 2)).toEqual([]);
    expect(paths(empty, REVIEW)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { previewRules, previewSamples } from '../../../lib/churn/preview';
import { effectiveMapping as mappingFor } from '../../../lib/churn/features';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { configOfDraft, draftOf } from '../../../lib/churn/rules-draft';
import { scoreContact } from '../../../lib/churn/from-activities';
import type { Activity, Contact } from '../../../lib/db/types';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);

describe('rules draft', () => {
  it('round-trips the defaults', () => {
    expect(configOfDraft(draftOf(DEFAULT_RULES))).toEqual({ ok: true, config: DEFAULT_RULES });
  });

  it('reads typed numbers and names each wrong field', () => {
    const draft = draftOf(DEFAULT_RULES);
    draft.theirSilence.tiers[1].points = ' 60 ';
    draft.intent.first = '';
    draft.nps.detractorMax = '11';
    draft.unanswered.pointsEach = '-101';
    const result = configOfDraft(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'intent.first', code: 'number', params: [] },
        { path: 'nps.detractorMax', code: 'max', params: ['10'] },
        { path: 'unanswered.pointsEach', code: 'min', params: ['-100'] },
      ]),
    );
    expect(result.errors).toHaveLength(3);
    draft.intent.first = '25';
    draft.nps.detractorMax = 6;
    draft.unanswered.pointsEach = '9';
    const ok = configOfDraft(draft);
    expect(ok.ok && ok.config.theirSilence.tiers[1].points).toBe(60);
  });

  it('says medium must be below high, once', () => {
    const draft = draftOf(DEFAULT_RULES);
    draft.bands.medium = '70';
    const result = configOfDraft(draft);
    expect(result).toEqual({ ok: false, errors: [{ path: 'bands.medium', code: 'bandsOrder', params: ['70', '70'] }] });
  });

  it('checks payment rows: lower-cased, empty and duplicate statuses, points out of range at their row', () => {
    const draft = draftOf(DEFAULT_RULES);
    draft.payment.rows.push({ status: 'OVERDUE', points: 5 }, { status: ' ', points: 1 }, { status: 'Chargeback', points: 130 });
    const result = configOfDraft(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const n = DEFAULT_RULES.payment.points;
    const base = Object.keys(n).length;
    expect(result.errors).toEqual([
      { path: `payment.rows.${base}.status`, code: 'statusDuplicate', params: ['overdue'] },
      { path: `payment.rows.${base + 1}.status`, code: 'statusEmpty', params: [] },
      { path: `payment.rows.${base + 2}.points`, code: 'max', params: ['100'] },
    ]);
  });
});

const contact = (id: number, custom: Record<string, string> = {}): Contact => ({
  id,
  email: `c${id}@x.example`,
  name: `C${id}`,
  tags: [],
  stage: 'customer',
  owner: '',
  custom,
  doNotContact: 0,
  createdAt: 0,
  updatedAt: 0,
});
const mail = (id: number, contactId: number, direction: 'in' | 'out', at: number): Activity => ({
  id,
  kind: 'email',
  contactIds: [contactId],
  at,
  messageId: `m${id}`,
  threadId: `t${contactId}`,
  direction,
  from: direction === 'in' ? `c${contactId}@x.example` : 'me@x.example',
});

describe('rules preview', () => {
  const contacts = [contact(1), contact(2, { renewal: '2026-11-25' }), contact(3, { Renewal_Date: '2026-11-28' })];
  const activities = [
    mail(1, 1, 'in', NOW - 70 * DAY),
    mail(2, 2, 'in', NOW - 2 * DAY),
    mail(3, 2, 'out', NOW - 2 * DAY + 3600_000),
    mail(4, 3, 'in', NOW - 40 * DAY),
    mail(5, 3, 'out', NOW - 39 * DAY),
  ];

  it('scores as scoreContact does, with the chosen field or the automatic one', () => {
    const mapping = { renewalAt: 'Renewal_Date' };
    const samples = previewSamples(contacts, activities, NOW, { mapping, timeZone: 'Asia/Tokyo' });
    const preview = previewRules(samples, DEFAULT_RULES, DEFAULT_RULES);
    expect(preview.changedCount).toBe(0);
    for (const [i, c] of contacts.entries()) {
      const expected = scoreContact(
        c,
        activities.filter((a) => a.contactIds.includes(c.id)),
        NOW,
        DEFAULT_RULES,
        { mapping: mappingFor(mapping, c.custom), timeZone: 'Asia/Tokyo' },
      );
      expect(previewRules([samples[i]], DEFAULT_RULES, DEFAULT_RULES).before[expected.band]).toBe(1);
    }
    expect(mappingFor({}, { RenewalAt: 'x' })).toEqual({ renewalAt: 'RenewalAt' });
    expect(mappingFor({ renewalAt: 'renewal' }, { renewalAt: 'x' })).toEqual({ renewalAt: 'renewal' });
  });

  it('previews customers only: a lead, churned or do-not-contact contact sits in no band', () => {
    const others = [
      { ...contact(7), stage: 'lead' as const },
      { ...contact(8), stage: 'churned' as const },
      { ...contact(9), doNotContact: 1 as const },
    ];
    const samples = previewSamples([...contacts, ...others], activities, NOW, { mapping: {}, timeZone: 'UTC' });
    expect(samples.map((s) => s.contact.id)).toEqual([1, 2, 3]);
  });

  it('counts bands before → after and lists the biggest changes first', () => {
    const samples = previewSamples(contacts, activities, NOW, { mapping: { renewalAt: 'Renewal_Date' }, timeZone: 'UTC' });
    const draft = structuredClone(DEFAULT_RULES);
    draft.theirSilence.tiers[1].points = 60; // contact 1: silent 70 days
    draft.renewal.points = 20; // contact 3: renewal in 8 days (contact 2's field is not the mapped one)
    const preview = previewRules(samples, DEFAULT_RULES, draft);
    expect(preview.changed.map((c) => [c.contact.id, c.after.score - c.before.score])).toEqual([
      [1, 42],
      [3, 12],
    ]);
    // Contact 3 was at 40 (medium) and stays medium at 52; contact 1 moves from 27 (low) to 69 (medium).
    expect(preview.before).toEqual({ low: 2, medium: 1, high: 0 });
    expect(preview.after).toEqual({ low: 1, medium: 2, high: 0 });
    expect(preview.changed[0].after.reasons[0]).toEqual({ key: 'theirSilence', params: { days: 70 }, points: 60 });
    expect(previewRules(samples, DEFAULT_RULES, draft, 1).changed).toHaveLength(1);
  });
});

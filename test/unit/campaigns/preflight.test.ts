import { describe, expect, it } from 'vitest';
import { planRecipients, preflight, type PreflightContact } from '../../../lib/campaigns/preflight';
import type { LedgerEntry } from '../../../lib/campaigns/types';
import { DAY, T0, fakeRender, makeCampaign } from './fixtures';

const contacts: PreflightContact[] = [
  { contactId: 1, email: 'ann@acme.com', name: 'Ann' },
  { contactId: 2, email: 'bob@acme', name: 'Bob' },
  { contactId: 3, email: 'cy@acme.com', name: 'Cy', doNotContact: true },
  { contactId: 4, email: 'dee@acme.com', name: 'Dee', unsubscribed: true },
  { contactId: 5, email: 'ANN@acme.com ', name: 'Ann again' },
  { contactId: 6, email: 'eve@acme.com' },
  { contactId: 7, email: 'fay@acme.co.jp', name: '山田' },
];

describe('preflight', () => {
  const result = preflight({ campaign: makeCampaign(), contacts, render: fakeRender, ledger: [], now: T0 });
  const codes = (i: number) => result.rows[i]!.issues.map((x) => x.code);

  it('lists each recipient with its issues', () => {
    expect(codes(0)).toEqual([]);
    expect(codes(1)).toEqual(['invalid-address']);
    expect(codes(2)).toEqual(['do-not-contact']);
    expect(codes(3)).toEqual(['unsubscribed']);
    expect(result.rows[4]!.issues).toEqual([{ code: 'duplicate', detail: 'row 1', row: 1 }]);
    // Both steps' templates miss the value.
    expect(codes(5)).toEqual(['missing-merge-value', 'missing-merge-value']);
    expect(result.rows[5]!.issues[1]!.detail).toMatch(/^step 2: missing value/);
    expect(result.rows.map((r) => r.ok)).toEqual([true, false, false, false, false, false, true]);
    expect(result.sendable).toBe(2);
  });

  it('tells whether the campaign fits the quota and when it will finish', () => {
    expect(result.quota).toMatchObject({ cap: 2000, pauseAt: 1800, usedNow: 0, needed: 2, fitsNow: true });
    // Two sends at 30 a minute: the second two seconds after the start.
    expect(result.quota.finishAt).toBe(T0 + 2000);
  });

  it('counts cc and bcc, the ledger, and a lower user cap', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ contactId: i, email: `p${i}@acme.com`, name: `P${i}` }));
    const ledger: LedgerEntry[] = [{ at: T0 - 3600_000, count: 5, kind: 'test' }];
    const r = preflight({
      campaign: makeCampaign({ dailyCap: 50, cc: ['boss@kizuna-test.com'], ratePerMinute: 60 }),
      contacts: many,
      render: fakeRender,
      ledger,
      now: T0,
    });
    expect(r.quota).toMatchObject({ cap: 50, pauseAt: 45, usedNow: 5, needed: 40, fitsNow: true });
    const tight = preflight({ campaign: makeCampaign({ dailyCap: 20 }), contacts: many, render: fakeRender, ledger, now: T0 });
    expect(tight.quota).toMatchObject({ pauseAt: 18, fitsNow: false });
    // 18 allowed, 5 used: 13 go now (2 s apart), 5 more when the test sends leave the window,
    // and the last 2 when the campaign's own first sends do.
    expect(tight.quota.finishAt).toBe(T0 + DAY + 2000);
  });

  it('plans recipients: ok ones queued at the start, the others skipped with their reason', () => {
    const campaign = makeCampaign({ startAt: T0 + 3600_000 });
    const rows = planRecipients(campaign, result, T0);
    expect(rows.map((r) => r.state)).toEqual(['queued', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'queued']);
    expect(rows.map((r) => r.reason)).toEqual([undefined, 'invalid-address', 'do-not-contact', 'unsubscribed', 'duplicate', 'missing-merge-value', undefined]);
    expect(rows[0]).toMatchObject({ id: 'c1-0', email: 'ann@acme.com', step: 0, attempts: 0, nextAttemptAt: T0 + 3600_000 });
    expect(rows[1]!.nextAttemptAt).toBeUndefined();
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
});

import { storedScores } from '../../support/stored-scores';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { persistScore } from '../../../lib/churn/score-store';
import { scoreWith } from '../../../lib/churn/scorer';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity } from '../../../lib/db/types';
import { config, contact, DAY, NOW } from './fixtures';
import { activityStoreOf } from '../../../lib/activities/dexie-store';

let db: KizunaDb;
let n = 0;
beforeEach(async () => {
  db = createDb(`persist-score-${++n}`);
  await db.open();
});

const waiting: Activity = {
  id: 1,
  kind: 'email',
  contactIds: [1],
  at: NOW - 5 * DAY,
  direction: 'in',
  messageId: 'm1',
  threadId: 't1',
  from: 'kim@acme.example',
  subject: 'Renewal',
  snippet: 'Can we talk about the renewal?',
};

describe('persistScore (the sidebar, after paint)', () => {
  it('stores a changed score with its alerts; a contact shown again with nothing new only reads (no readwrite transaction)', async () => {
    const kim = contact();
    await db.contacts.add(kim);
    await activityStoreOf(db).add(waiting);
    const scored = scoreWith(config(), kim, [waiting], NOW);
    const first = await persistScore(db, config(), kim, scored, NOW);
    expect(first.added.map((a) => a.kind)).toContain('unanswered');
    expect((await storedScores(db).get(1))?.score).toBe(scored.risk.score);

    const transaction = vi.spyOn(db, 'transaction');
    const again = await persistScore(db, config(), kim, scored, NOW + 60_000);
    // Read transactions only (the score store's read joins the first one).
    expect(transaction.mock.calls.map((call) => call[0]).every((mode) => mode === 'r')).toBe(true);
    transaction.mockRestore();
    expect(again).toEqual({ added: [], closed: 0 });
    expect(await db.alerts.count()).toBe(first.added.length);
  });

  it('a contact no longer scored for churn loses its stored score and open alerts', async () => {
    const kim = contact();
    await db.contacts.add(kim);
    await activityStoreOf(db).add(waiting);
    await persistScore(db, config(), kim, scoreWith(config(), kim, [waiting], NOW), NOW);
    const lead = { ...kim, stage: 'lead' as const };
    await db.contacts.put(lead);
    const result = await persistScore(db, config(), lead, null, NOW);
    expect(result.closed).toBeGreaterThan(0);
    expect(await storedScores(db).get(1)).toBeUndefined();
    expect(await db.alerts.where('open').equals(1).count()).toBe(0);
  });
});

// The rescore's stored score inputs (issue #12, nothing changed ≤ 15 s): a contact whose history has not changed is
// scored from one stored row instead of its activities, with exactly the scores and alerts a full read gives.
import { storedScores } from '../../support/stored-scores';
import { beforeEach, describe, expect, it } from 'vitest';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { seededRandom } from '../../../lib/random';
import { config, contact, DAY, NOW } from './fixtures';

let n = 0;
const open = async () => {
  const db = createDb(`score-inputs-${++n}`);
  await db.open();
  return db;
};
let db: KizunaDb;
beforeEach(async () => {
  db = await open();
});

const SNIPPETS = [
  'Thanks, see you then.',
  'We plan to cancel our subscription.',
  'We are looking at other options, to be honest.',
  'We will not cancel, all good.',
  'It is too expensive for us now.',
  '他社を検討しています。',
  'Can we talk next week?',
];

const mail = (contactIds: number[], at: number, over: Partial<Activity> = {}): Omit<Activity, 'id'> => ({
  kind: 'email',
  contactIds,
  at,
  direction: 'in',
  messageId: `m-${Math.random()}`,
  threadId: `t-${contactIds[0]}`,
  from: `c${contactIds[0]}@x.example`,
  subject: 'Hello',
  snippet: 'Hi',
  ...over,
});

const people = (count: number): Contact[] => Array.from({ length: count }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
const inputOf = async (id: number) => (await db.scoreInputs.get(id))?.events;

describe('score inputs, kept with the activities', () => {
  it('are built by a rescore and go stale with any write to the activities of their contacts (added, moved, deleted, cleared)', async () => {
    await db.contacts.bulkAdd(people(4));
    const id = (await db.activities.add(mail([1], NOW - 5 * DAY) as Activity)) as number;
    await db.activities.add(mail([2, 3], NOW - 3 * DAY) as Activity);
    expect(await inputOf(1)).toBeUndefined();
    await recomputeRisk(db, config(), { now: NOW });
    for (const c of [1, 2, 3, 4]) expect(await inputOf(c)).toBeDefined();
    // Text without churn wording is not kept.
    expect((await inputOf(1))![0]).not.toHaveProperty('text');

    await db.activities.add(mail([2], NOW - DAY) as Activity);
    expect(await inputOf(2)).toBeUndefined();
    expect(await inputOf(3)).toBeDefined();
    await recomputeRisk(db, config(), { now: NOW });
    // Moved to another contact: both lose theirs.
    await db.activities.update(id, { contactIds: [4] });
    expect(await inputOf(1)).toBeUndefined();
    expect(await inputOf(4)).toBeUndefined();
    await recomputeRisk(db, config(), { now: NOW });
    await db.activities.where('contactIds').equals(2).delete();
    expect(await inputOf(2)).toBeUndefined();
    expect(await inputOf(3)).toBeUndefined();
    await db.activities.clear();
    expect(await db.scoreInputs.count()).toBe(0);
  });

  it('notice a changed activity: new churn wording in an old message is scored and raises its alert', async () => {
    await db.contacts.bulkAdd(people(3));
    const id = (await db.activities.add(mail([2], NOW - 2 * DAY, { snippet: 'Can we talk next week?' }) as Activity)) as number;
    const first = await recomputeRisk(db, config(), { now: NOW });
    expect(first.alerts.filter((a) => a.kind === 'intent')).toEqual([]);
    const before = (await storedScores(db).get(2))!.score;
    await db.activities.update(id, { snippet: 'We plan to cancel our subscription.' });
    const second = await recomputeRisk(db, config(), { now: NOW });
    expect(second.alerts.filter((a) => a.kind === 'intent').map((a) => a.contactId)).toEqual([2]);
    expect((await storedScores(db).get(2))!.score).toBeGreaterThan(before);
  });

  it('are not stored when an activity of the contact was written between the read and the write of its chunk', async () => {
    await db.contacts.bulkAdd(people(2));
    await db.activities.add(mail([1], NOW - 5 * DAY) as Activity);
    let once = true;
    const beforeWrite = async () => {
      if (!once) return;
      once = false;
      await db.activities.add(mail([1], NOW - DAY, { snippet: 'We plan to cancel our subscription.' }) as Activity);
    };
    await recomputeRisk(db, config(), { now: NOW, beforeWrite });
    expect(await inputOf(1)).toBeUndefined();
    expect(await inputOf(2)).toBeDefined();
    const next = await recomputeRisk(db, config(), { now: NOW });
    expect(next.alerts.filter((a) => a.kind === 'intent').map((a) => a.contactId)).toEqual([1]);
  });

  it('give exactly the scores and alerts of a full read, after random inserts, edits, moves and deletes', async () => {
    // Two databases take the same writes; the second forgets its score inputs before each rescore (a full read).
    const full = await open();
    const both = async (write: (d: KizunaDb) => Promise<unknown>) => {
      await write(db);
      await write(full);
    };
    const random = seededRandom(12);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const COUNT = 30;
    await both((d) => d.contacts.bulkAdd(people(COUNT)));
    const row = (): Omit<Activity, 'id'> => {
      const a = 1 + Math.floor(random() * COUNT);
      const ids = random() < 0.1 ? [a, 1 + ((a + 7) % COUNT)] : [a];
      const thread = `t-${a}-${Math.floor(random() * 3)}`;
      return mail(ids, NOW - Math.floor(random() * 60 * 24) * 3_600_000, {
        direction: random() < 0.5 ? 'in' : 'out',
        threadId: thread,
        messageId: `m-${random()}`,
        snippet: pick(SNIPPETS),
        subject: pick(['Hello', 'Cancel my plan', 'Renewal']),
      });
    };
    const initial = Array.from({ length: 120 }, row);
    await both((d) => d.activities.bulkAdd(initial.map((r) => ({ ...r })) as Activity[]));
    let nextId = initial.length + 1;
    const snapshot = async (d: KizunaDb) => ({
      scores: (await storedScores(d).toArray()).map(({ contactId, score, band, history }) => ({ contactId, score, band, history })),
      alerts: (await d.alerts.toArray()).map(({ key, open, kind, detail }) => ({ key, open, kind, detail })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    });
    let fromInputs = 0;
    for (let round = 0; round < 6; round++) {
      const now = NOW + round * DAY;
      for (let op = 0; op < 12; op++) {
        const kind = random();
        const target = 1 + Math.floor(random() * (nextId - 1));
        if (kind < 0.4) {
          const r = row();
          await both((d) => d.activities.add({ ...r, at: now - Math.floor(random() * 10) * 3_600_000 } as Activity));
          nextId++;
        } else if (kind < 0.6) {
          const snippet = pick(SNIPPETS);
          await both((d) => d.activities.update(target, { snippet }));
        } else if (kind < 0.75) {
          const to = [1 + Math.floor(random() * COUNT)];
          await both((d) => d.activities.update(target, { contactIds: to }));
        } else if (kind < 0.9) {
          await both((d) => d.activities.delete(target));
        } else {
          const at = now - Math.floor(random() * 20) * DAY;
          const r = row();
          await both((d) => d.activities.bulkPut([{ ...r, id: target, at } as Activity]));
        }
      }
      fromInputs += (await db.scoreInputs.toArray()).filter((r) => r.events).length;
      await full.scoreInputs.clear();
      const a = await recomputeRisk(db, config(), { now, chunkSize: 7 });
      const b = await recomputeRisk(full, config(), { now, chunkSize: 7 });
      expect(a.changed).toBe(b.changed);
      expect(await snapshot(db)).toEqual(await snapshot(full));
    }
    // The inputs were used: most contacts were scored from them in the later rounds.
    expect(fromInputs).toBeGreaterThan(COUNT);
  });
});

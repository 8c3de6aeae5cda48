// The rescore's stored score inputs (issue #12, nothing changed ≤ 15 s): a contact whose history has not changed is
// scored from one stored row instead of its activities, with exactly the scores and alerts a full read gives.
import { storedScores } from '../../support/stored-scores';
import { beforeEach, describe, expect, it } from 'vitest';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { backupDatabase, restoreBackup } from '../../../lib/backup/db';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { addNote, deleteNote, editNote } from '../../../lib/contacts/notes';
import { applyBulk, undoBulk } from '../../../lib/workspace/bulk';
import { mergeContacts } from '../../../lib/workspace/merge';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { allInputs, inputsOf } from '../../../lib/db/score-inputs';
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
/** A contact's stored inputs while current (not marked stale). */
const inputOf = async (id: number) => {
  const [row] = await db.transaction('r', [db.scoreInputBlocks, db.scoreInputMarks], () => inputsOf(db, [id]));
  return row?.rev === undefined ? row?.mail : undefined;
};
// Every write goes through the ActivityStore, which marks the inputs stale (no middleware does it any more).
const history = (d: KizunaDb) => activityStoreOf(d);

describe('score inputs, kept with the activities', () => {
  it('are built by a rescore and go stale with any write to the activities of their contacts (added, moved, deleted, cleared)', async () => {
    await db.contacts.bulkAdd(people(4));
    const id = await history(db).add(mail([1], NOW - 5 * DAY));
    await history(db).addMany([mail([2, 3], NOW - 3 * DAY)]);
    expect(await inputOf(1)).toBeUndefined();
    await recomputeRisk(db, config(), { now: NOW });
    for (const c of [1, 2, 3, 4]) expect(await inputOf(c)).toBeDefined();
    // What the score reads, not the events: no text, no ids but of messages still waiting or with churn wording.
    expect(await inputOf(1)).toEqual({
      inbound: 1,
      outbound: 0,
      undated: 0,
      heard: [NOW - 5 * DAY],
      ourLastAt: null,
      replyMs: null,
      replySamples: 0,
      waiting: [{ at: NOW - 5 * DAY, messageId: expect.any(String) }],
      intent: [],
    });

    await history(db).add(mail([2], NOW - DAY));
    expect(await inputOf(2)).toBeUndefined();
    expect(await inputOf(3)).toBeDefined();
    await recomputeRisk(db, config(), { now: NOW });
    // Moved to another contact: both lose theirs.
    await history(db).update([{ id, patch: { contactIds: [4] } }]);
    expect(await inputOf(1)).toBeUndefined();
    expect(await inputOf(4)).toBeUndefined();
    await recomputeRisk(db, config(), { now: NOW });
    await history(db).delete((await history(db).ofContacts([2])).map((a) => a.id));
    expect(await inputOf(2)).toBeUndefined();
    expect(await inputOf(3)).toBeUndefined();
    await history(db).clear();
    expect(await allInputs(db)).toEqual([]);
  });

  it("are read again after the app's own multi-row writes: a merge, a bulk delete and its undo, notes, a backup restore", { timeout: 60_000 }, async () => {
    await db.contacts.bulkAdd(people(4));
    const cancel = 'We plan to cancel our subscription.';
    await history(db).addMany([mail([1], NOW - 5 * DAY), mail([2], NOW - 2 * DAY, { snippet: cancel, from: 'c1@x.example' }), mail([3, 4], NOW - 3 * DAY)]);
    await recomputeRisk(db, config(), { now: NOW });
    const before = (await storedScores(db).get(1))!.score;
    const current = async () => (await Promise.all([1, 2, 3, 4].map(inputOf))).map((mail) => mail !== undefined);

    // Merged: contact 2's mail (from the address contact 1 keeps, which the score counts) is now contact 1's, whose score must read it.
    await mergeContacts(db, 1, [2], NOW);
    expect(await current()).toEqual([false, false, true, true]);
    await recomputeRisk(db, config(), { now: NOW });
    expect((await storedScores(db).get(1))!.score).toBeGreaterThan(before);

    // Deleting contact 4 takes it out of the mail it shares with 3 (a row rewritten), and undo puts it back.
    const undo = await applyBulk(db, [4], { kind: 'delete' }, { now: NOW });
    expect(await current()).toEqual([true, false, false, false]);
    await recomputeRisk(db, config(), { now: NOW });
    await undoBulk(db, undo);
    expect((await current())[2]).toBe(false);
    await recomputeRisk(db, config(), { now: NOW });

    // Notes: added, edited, deleted.
    const note = await addNote(db, 3, 'Called them', NOW);
    expect((await current())[2]).toBe(false);
    await recomputeRisk(db, config(), { now: NOW });
    await editNote(db, note, 'Called them twice', NOW);
    expect((await current())[2]).toBe(false);
    await recomputeRisk(db, config(), { now: NOW });
    await deleteNote(db, note);
    expect((await current())[2]).toBe(false);

    // Restored from a backup whose copy of contact 3's mail has churn wording: the rescore reads it, not the old inputs.
    const backup = await backupDatabase(db, NOW);
    await recomputeRisk(db, config(), { now: NOW });
    expect(await current()).toEqual([true, false, true, true]);
    const mine = backup.tables.activities.find((a) => a.contactIds.includes(3))!;
    mine.snippet = cancel;
    await restoreBackup(db, backup);
    const restored = await recomputeRisk(db, config(), { now: NOW });
    expect(restored.alerts.filter((a) => a.kind === 'intent').map((a) => a.contactId)).toEqual([3]);
  });

  it('notice a changed activity: new churn wording in an old message is scored and raises its alert', async () => {
    await db.contacts.bulkAdd(people(3));
    const id = await history(db).add(mail([2], NOW - 2 * DAY, { snippet: 'Can we talk next week?' }));
    const first = await recomputeRisk(db, config(), { now: NOW });
    expect(first.alerts.filter((a) => a.kind === 'intent')).toEqual([]);
    const before = (await storedScores(db).get(2))!.score;
    await history(db).update([{ id, patch: { snippet: 'We plan to cancel our subscription.' } }]);
    const second = await recomputeRisk(db, config(), { now: NOW });
    expect(second.alerts.filter((a) => a.kind === 'intent').map((a) => a.contactId)).toEqual([2]);
    expect((await storedScores(db).get(2))!.score).toBeGreaterThan(before);
  });

  it('are not stored when an activity of the contact was written between the read and the write of its chunk', async () => {
    await db.contacts.bulkAdd(people(2));
    await history(db).add(mail([1], NOW - 5 * DAY));
    let once = true;
    const beforeWrite = async () => {
      if (!once) return;
      once = false;
      await history(db).add(mail([1], NOW - DAY, { snippet: 'We plan to cancel our subscription.' }));
    };
    await recomputeRisk(db, config(), { now: NOW, beforeWrite });
    expect(await inputOf(1)).toBeUndefined();
    expect(await inputOf(2)).toBeDefined();
    const next = await recomputeRisk(db, config(), { now: NOW });
    expect(next.alerts.filter((a) => a.kind === 'intent').map((a) => a.contactId)).toEqual([1]);
  });

  // Some hundred transactions: slow on a loaded machine.
  it('give exactly the scores and alerts of a full read, after random inserts, edits, moves and deletes', { timeout: 60_000 }, async () => {
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
    await both((d) => history(d).addMany(initial.map((r) => ({ ...r }))));
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
          await both((d) => history(d).add({ ...r, at: now - Math.floor(random() * 10) * 3_600_000 }));
          nextId++;
        } else if (kind < 0.6) {
          const snippet = pick(SNIPPETS);
          await both((d) => history(d).update([{ id: target, patch: { snippet } }]));
        } else if (kind < 0.75) {
          const to = [1 + Math.floor(random() * COUNT)];
          await both((d) => history(d).update([{ id: target, patch: { contactIds: to } }]));
        } else if (kind < 0.9) {
          await both((d) => history(d).delete([target]));
        } else {
          const at = now - Math.floor(random() * 20) * DAY;
          const r = row();
          await both((d) => history(d).put([{ ...r, id: target, at } as Activity]));
        }
      }
      fromInputs += (await allInputs(db)).filter((r) => r.mail && r.rev === undefined).length;
      await Promise.all([full.scoreInputBlocks.clear(), full.scoreInputMarks.clear()]);
      const a = await recomputeRisk(db, config(), { now, chunkSize: 7 });
      const b = await recomputeRisk(full, config(), { now, chunkSize: 7 });
      expect(a.changed).toBe(b.changed);
      expect(await snapshot(db)).toEqual(await snapshot(full));
    }
    // The inputs were used: most contacts were scored from them in the later rounds.
    expect(fromInputs).toBeGreaterThan(COUNT);
  });
});

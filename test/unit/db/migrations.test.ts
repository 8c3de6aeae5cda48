import { storedScores } from '../../support/stored-scores';
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { contactStoreOf, StagedIdClashError } from '../../../lib/contacts/dexie-store';
import { bucketOf, STAGE_BLOCK } from '../../../lib/contacts/staging';
import type { Contact } from '../../../lib/db/types';
import { writeAsVersion as createAsVersion, type DbFixture } from '../../support/db-fixture';
import { createDb, LATEST_VERSION, SCHEMA_VERSIONS } from '../../../lib/db/schema';
import { createDexieTaskStore } from '../../../lib/tasks/dexie-store';
import { newTask } from '../../../lib/tasks/types';
import { alertKeysOf, alertsOfContacts } from '../../../lib/churn/alert-store';
import v1 from '../../fixtures/db/v1.json';
import v2 from '../../fixtures/db/v2.json';
import v3 from '../../fixtures/db/v3.json';
import v4 from '../../fixtures/db/v4.json';
import v5 from '../../fixtures/db/v5.json';
import v6 from '../../fixtures/db/v6.json';
import v7 from '../../fixtures/db/v7.json';
import v8 from '../../fixtures/db/v8.json';
import v9 from '../../fixtures/db/v9.json';
import v10 from '../../fixtures/db/v10.json';
import v11 from '../../fixtures/db/v11.json';
import v12 from '../../fixtures/db/v12.json';
import v13 from '../../fixtures/db/v13.json';
import v14 from '../../fixtures/db/v14.json';
import v15 from '../../fixtures/db/v15.json';
import { allInputs } from '../../../lib/db/score-inputs';
import v16 from '../../fixtures/db/v16.json';
import v17 from '../../fixtures/db/v17.json';
import v18 from '../../fixtures/db/v18.json';
import v19 from '../../fixtures/db/v19.json';
import { listPagesProblem } from '../../support/list-pages-check';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { config, NOW } from '../risk/fixtures';

/**
 * The migration harness: for every schema version, build a database exactly as that version of
 * Kizuna left it (only its own stores, rows in its own shape), then open it with today's code and
 * check that every row is still there. Add a fixture file for each new version.
 */
const FIXTURES = { 1: v1, 2: v2, 3: v3, 4: v4, 5: v5, 6: v6, 7: v7, 8: v8, 9: v9, 10: v10, 11: v11, 12: v12, 13: v13, 14: v14, 15: v15, 16: v16, 17: v17, 18: v18, 19: v19 } as unknown as Record<
  number,
  DbFixture
>;

/** Fields a version moved out of the contact rows: since version 7, a stored churn score is a row of `scores`. */
const MOVED_TO_SCORES = ['risk', 'riskBand', 'riskAt'] as const;
type OldContact = Record<string, unknown> & { id: number; risk?: number; riskBand?: string; riskAt?: number };
const withoutScore = (row: OldContact) => Object.fromEntries(Object.entries(row).filter(([k]) => !(MOVED_TO_SCORES as readonly string[]).includes(k)));

/** The score inputs' tables: those of versions 8–16 held a contact's events, and version 17 drops them (the rescore rebuilds them). */
const INPUT_TABLES = ['scoreInputs', 'scoreInputBlocks', 'scoreInputMarks'];

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('schema migrations keep every row', () => {
  it('has a fixture for every schema version', () => {
    expect(Object.keys(FIXTURES).map(Number).sort()).toEqual(Object.keys(SCHEMA_VERSIONS).map(Number).sort());
  });

  for (const version of Object.keys(FIXTURES).map(Number)) {
    it(`opens a version ${version} database with today's code (version ${LATEST_VERSION})`, async () => {
      const name = `migrate-from-${version}`;
      await createAsVersion(name, version, FIXTURES[version]);
      const db = createDb(name);
      opened.push(db);
      await db.open();
      expect(db.verno).toBe(LATEST_VERSION);
      const store = contactStoreOf(db);
      // Contacts staged by an import (version 6) read as contacts too, through the store.
      const staged = ((FIXTURES[version].contactStage ?? []) as { rows: object[] }[]).flatMap((block) => block.rows);
      for (const [table, fixtureRows] of Object.entries(FIXTURES[version]).filter(([table]) => table !== '$nextKeys') as [string, object[]][]) {
        const dropped = version < 17 && INPUT_TABLES.includes(table);
        const rows = table === 'contacts' ? [...(fixtureRows as OldContact[]).map(withoutScore), ...staged] : dropped ? [] : fixtureRows;
        // Scores (versions 7–13: a row each; 14: packed in blocks) and score inputs (8–14: a row each; 15: packed) read as rows.
        const now = table === 'contacts' ? await store.all() : table === 'scores' ? await store.scores.page({}) : table === 'scoreInputs' ? await allInputs(db) : await db.table(table).toArray();
        expect(now, table).toHaveLength(rows.length);
        for (const row of rows) expect(now, table).toContainEqual(expect.objectContaining(row));
      }
      // Stored churn scores (versions 3–6 kept them on the contact row) are rows of `scores`, the contact row has none.
      const oldScores = ((FIXTURES[version].contacts ?? []) as OldContact[]).filter((c) => c.risk !== undefined);
      for (const c of oldScores) expect(await storedScores(db).get(c.id)).toMatchObject({ contactId: c.id, score: c.risk, band: c.riskBand, at: c.riskAt });
      if (version >= 3) expect(await storedScores(db).count()).toBe(1);
      for (const c of await db.contacts.toArray()) for (const field of MOVED_TO_SCORES) expect(c, field).not.toHaveProperty(field);
      // Indexes still answer on migrated rows.
      expect(await db.contacts.where('email').equals('dana@acme.com').count()).toBe(1);
      if (staged.length) expect((await store.byEmail('sam@beta.com'))?.name).toBe('Sam Park');
      expect(await db.activities.where('contactIds').equals(1).count()).toBeGreaterThan(0);
      // Tags moved to tagMembers (version 5) still read as contact.tags.
      expect((await store.get(1))?.tags).toEqual([1, 2]);
      expect(await db.tagMembers.toArray()).toEqual([
        { tagId: 1, block: 0, ids: [1] },
        { tagId: 2, block: 0, ids: [1] },
      ]);
      // Tasks (version 10): the open ones answer on [done+dueAt], a new one gets an id past the stored ones.
      const tasks = createDexieTaskStore(db);
      expect((await tasks.open()).map((t) => t.key)).toEqual(version >= 10 ? ['fixture:1'] : []);
      const [added] = await tasks.add([newTask({ title: 'New', dueAt: 1, createdBy: 'manual' }, { id: 1, owner: '' }, 1)]);
      expect(added.id).toBe(version >= 10 ? 3 : 1);
      // Playbooks (version 11), their log and enrolments stay as stored.
      expect([await db.playbooks.count(), await db.playbookLog.count(), await db.enrolments.count()]).toEqual(version >= 11 ? [1, 1, 1] : [0, 0, 0]);
      // Tag additions (version 12) answer on `at`; a new one gets an id past the stored ones.
      expect(await db.tagEvents.where('at').aboveOrEqual(0).count()).toBe(version >= 12 ? 1 : 0);
      await store.removeFromTag(1, [1]);
      await store.addToTag(1, [1]);
      expect((await db.tagEvents.orderBy('at').last())?.id).toBe(version >= 12 ? 2 : 1);
    });
  }

  it('a contact added while a version 6 import is staged gets the next id, and the filing then files the staged one', async () => {
    await createAsVersion('migrate-filing', 6, FIXTURES[6]);
    const db = createDb('migrate-filing');
    opened.push(db);
    // A contact added before the filing (as in the minute after an import) gets an id after the staged ones.
    const store = contactStoreOf(db);
    expect(await store.add({ email: 'new@x.com', name: '', stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 })).toBe(4);
    expect(await store.fileStaged()).toBe(1);
    expect((await db.contacts.get(3))?.email).toBe('sam@beta.com');
  });

  it('reports a staged id that an ordinary row already has, and writes nothing of that step', async () => {
    // A row written below the store with a staged id (the store never makes one: its counter passes every id).
    await createAsVersion('migrate-clash', 6, FIXTURES[6]);
    const db = createDb('migrate-clash');
    opened.push(db);
    await db.contacts.put({ id: 3, email: 'late@x.com', name: '', stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 } as unknown as Contact);
    const error = await contactStoreOf(db)
      .fileStaged()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StagedIdClashError);
    expect((error as StagedIdClashError).ids).toEqual([3]);
    expect(await db.contactStage.count()).toBe(1);
  });

  it('version 14 packs every stored score of a version 13 database into blocks of contact ids, each row as it was', async () => {
    // 250 scores over ids 1–400 with gaps (blocks 0–4), each with its own history, as version 13 stored them.
    const scores = Array.from({ length: 250 }, (_, i) => {
      const contactId = 1 + Math.floor(i * 1.6);
      return {
        contactId,
        score: i % 101,
        band: i % 3 ? 'low' : 'high',
        at: 1_760_000_000_000 + i,
        basis: i % 2 ? 'rules:x' : '',
        history: [[20_000 + (i % 7), i % 101]],
        ...(i % 5 ? {} : { probability: 0.25, horizonDays: 90 }),
      };
    });
    await createAsVersion('migrate-blocks', 13, { ...FIXTURES[13], scores });
    const db = createDb('migrate-blocks');
    opened.push(db);
    await db.open();
    const store = contactStoreOf(db);
    expect(await store.scores.page({})).toEqual(scores);
    expect(await store.scores.getMany([1, 2, 400, 399])).toEqual([scores[0], scores[1], undefined, scores.find((s) => s.contactId === 399)]);
    const blocks = await db.scoreBlocks.toArray();
    expect(blocks.map((b) => b.block)).toEqual([0, 1, 2, 3]);
    expect(blocks.flatMap((b) => b.rows)).toEqual(scores);
    expect(db.tables.map((t) => t.name)).not.toContain('scores');
  });

  it('version 17 drops the score inputs of events a version 14 database kept (version 15 packed them into blocks)', async () => {
    const inputs = Array.from({ length: 250 }, (_, i) => {
      const contactId = 1 + Math.floor(i * 1.6);
      return i % 3
        ? { contactId, rev: i / 1000, v: `1:x:${i % 2}`, events: [{ direction: 'in', at: 1_760_000_000_000 + i, messageId: `m${i}`, threadId: `t${i}`, from: `c${i}@x.example` }] }
        : { contactId, rev: i / 1000 };
    });
    await createAsVersion('migrate-input-blocks', 14, { ...FIXTURES[14], scoreInputs: inputs });
    const db = createDb('migrate-input-blocks');
    opened.push(db);
    await db.open();
    expect(await allInputs(db)).toEqual([]);
    expect([await db.scoreInputBlocks.count(), await db.scoreInputMarks.count()]).toEqual([0, 0]);
    expect(db.tables.map((t) => t.name)).not.toContain('scoreInputs');
  });

  it('version 17 keeps every contact, tag, note and score of a version 16 database, drops its score inputs of events, and a rescore stores summaries', async () => {
    const fixture = FIXTURES[16] as unknown as Record<string, unknown[]>;
    await createAsVersion('migrate-summaries', 16, FIXTURES[16]);
    const db = createDb('migrate-summaries');
    opened.push(db);
    await db.open();
    const store = contactStoreOf(db);
    expect((await store.all()).map((c) => c.email).sort()).toEqual(
      [...(fixture.contacts as Contact[]), ...(fixture.contactStage as { rows: Contact[] }[]).flatMap((b) => b.rows)].map((c) => c.email).sort(),
    );
    expect(await db.tagMembers.toArray()).toEqual(fixture.tagMembers);
    expect(await db.activities.toArray()).toEqual(fixture.activities);
    expect(await db.scoreBlocks.toArray()).toEqual(fixture.scoreBlocks);
    expect(await allInputs(db)).toEqual([]);
    await recomputeRisk(db, config(), { now: NOW });
    const [dana] = await allInputs(db);
    expect(dana).toEqual({ contactId: 1, v: expect.any(String), me: 'dana@acme.com', mail: expect.objectContaining({ inbound: 1, heard: [1_760_000_000_000] }) });
    expect(dana).not.toHaveProperty('events');
  });

  it('version 18 keeps every contact, tag, note, score and alert of a version 17 database, and reads a contact’s alerts without the contactId index', async () => {
    const fixture = FIXTURES[17] as unknown as Record<string, unknown[]>;
    const alerts = [
      { id: 1, key: '1:intent:m1', contactId: 1, kind: 'intent', at: 1_760_000_000_000, detail: 'cancel', open: 1 },
      { id: 2, key: '1:unanswered:m2', contactId: 1, kind: 'unanswered', at: 1_760_000_000_001, open: 0, dismissedAt: 1_760_000_000_002 },
      { id: 3, key: '2:high-risk:c', contactId: 2, kind: 'high-risk', at: 1_760_000_000_003, open: 1, snoozedUntil: 1_770_000_000_000 },
    ];
    await createAsVersion('migrate-alert-index', 17, { ...FIXTURES[17], alerts });
    const db = createDb('migrate-alert-index');
    opened.push(db);
    await db.open();
    const store = contactStoreOf(db);
    expect((await store.all()).map((c) => c.email).sort()).toEqual(
      [...(fixture.contacts as Contact[]), ...(fixture.contactStage as { rows: Contact[] }[]).flatMap((b) => b.rows)].map((c) => c.email).sort(),
    );
    expect(await db.tags.toArray()).toEqual(fixture.tags);
    expect(await db.tagMembers.toArray()).toEqual(fixture.tagMembers);
    // The notes and mail: activities.
    expect(await db.activities.toArray()).toEqual(fixture.activities);
    expect(await db.scoreBlocks.toArray()).toEqual(fixture.scoreBlocks);
    expect(await db.alerts.toArray()).toEqual(alerts);
    expect(db.alerts.schema.indexes.map((i) => i.name)).not.toContain('contactId');
    // In the index's order: the dismissed one first.
    expect(await alertsOfContacts(db, [1]).toArray()).toEqual([alerts[1], alerts[0]]);
    expect(await alertsOfContacts(db, [2, 1], 1).primaryKeys()).toEqual([1, 3]);
    expect((await alertKeysOf(db, { lo: 1, hi: 2 })).map((a) => a.key)).toEqual(['1:unanswered:m2', '1:intent:m1', '2:high-risk:c']);
  });

  it('version 19 builds the list pages of a version 18 database from its rows and staged contacts, and keeps every contact, tag, note and score', async () => {
    const fixture = FIXTURES[18] as unknown as Record<string, unknown[]>;
    // Besides the fixture's three contacts: 300 more over ids 10–609 with gaps (blocks 0–6), some with custom fields or
    // optional fields, the last 120 still staged by an import (two packed rows).
    const extra = Array.from({ length: 300 }, (_, i) => ({
      id: 10 + 2 * i,
      email: `p${i}@x.example`,
      name: `P ${i}`,
      stage: i % 3 ? 'lead' : 'customer',
      owner: i % 4 ? '' : 'mia',
      custom: i % 5 ? {} : { plan: `P${i % 3}`, ...(i % 10 ? {} : { seats: String(i) }) },
      doNotContact: i % 7 ? 0 : 1,
      ...(i % 6 ? {} : { companyId: 1, lastInboundAt: 1_760_000_000_000 + i }),
      createdAt: 1,
      updatedAt: i,
    }));
    const rows = extra.slice(0, 180);
    const staged = extra.slice(180);
    const stageBlocks = [...new Set(staged.map((c) => Math.floor(c.id / STAGE_BLOCK)))].map((block) => ({ block, rows: staged.filter((c) => Math.floor(c.id / STAGE_BLOCK) === block) }));
    await createAsVersion('migrate-list-pages', 18, {
      ...FIXTURES[18],
      contacts: [...(fixture.contacts as object[]), ...rows],
      contactStage: [...(fixture.contactStage as { block: number }[]).filter((b) => !stageBlocks.some((s) => s.block === b.block)), ...stageBlocks],
    });
    const db = createDb('migrate-list-pages');
    opened.push(db);
    await db.open();
    const store = contactStoreOf(db);
    const book = await store.all();
    expect(book.map((c) => c.email)).toEqual(expect.arrayContaining([...(fixture.contacts as Contact[]), ...rows, ...staged].map((c) => c.email)));
    // The pages are exactly the rows and staged contacts, block by block; the lists' read answers the book.
    expect(await listPagesProblem(store.tables)).toBeNull();
    expect((await db.contactList.toArray()).map((p) => p.block)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await store.list()).toEqual(book);
    expect(await store.list({ after: 99, upTo: 300 })).toEqual(book.filter((c) => c.id > 99 && c.id <= 300));
    expect(await db.tags.toArray()).toEqual(fixture.tags);
    expect(await db.tagMembers.toArray()).toEqual(fixture.tagMembers);
    expect((await store.get(1))?.tags).toEqual([1, 2]);
    expect(await db.activities.toArray()).toEqual(fixture.activities);
    expect(await db.scoreBlocks.toArray()).toEqual(fixture.scoreBlocks);
    // Writes after the upgrade keep the pages: an edit, a delete, the filing of the staged contacts.
    await store.update(10, { name: 'Edited' });
    await store.delete([12, 600]);
    await store.fileStaged();
    expect(await listPagesProblem(store.tables)).toBeNull();
    expect(await store.list()).toEqual(await store.all());
  });

  it('version 16 answers the alerts of a version 14 database on [contactId+open+key], keys only (and by contact, from version 18 on that index alone)', async () => {
    const alerts = [
      { id: 1, key: '1:unanswered:a', contactId: 1, kind: 'unanswered', at: 1_760_000_000_000, open: 1 },
      { id: 2, key: '1:intent:b', contactId: 1, kind: 'intent', at: 1_760_000_000_001, open: 0, dismissedAt: 1_760_000_000_002 },
      { id: 3, key: '2:high-risk:c', contactId: 2, kind: 'high-risk', at: 1_760_000_000_003, open: 1, snoozedUntil: 1_770_000_000_000 },
      { id: 4, key: '7:silence:d', contactId: 7, kind: 'silence', at: 1_760_000_000_004, open: 1 },
    ];
    await createAsVersion('migrate-alert-keys', 14, { ...FIXTURES[14], alerts });
    const db = createDb('migrate-alert-keys');
    opened.push(db);
    await db.open();
    expect(await db.alerts.toArray()).toEqual(alerts);
    expect(await alertKeysOf(db, { lo: 1, hi: 2 })).toEqual([
      { contactId: 1, open: 0, key: '1:intent:b' },
      { contactId: 1, open: 1, key: '1:unanswered:a' },
      { contactId: 2, open: 1, key: '2:high-risk:c' },
    ]);
    expect((await alertKeysOf(db, { ids: [7, 1] })).map((a) => a.key)).toEqual(['1:intent:b', '1:unanswered:a', '7:silence:d']);
    expect((await alertsOfContacts(db, [1]).toArray()).map((a) => a.id).sort()).toEqual([1, 2]);
    expect(await alertsOfContacts(db, [2, 7]).primaryKeys()).toEqual([3, 4]);
    expect(await alertsOfContacts(db, [1, 7], 1).primaryKeys()).toEqual([1, 4]);
    expect(await db.alerts.where('open').equals(1).count()).toBe(3);
    // Version 18 drops the plain contactId index (alertsOfContacts reads the compound one).
    expect(
      db.alerts.schema.indexes
        .filter((i) => !i.name.startsWith('[contactId+open') || i.name === '[contactId+open+key]')
        .map((i) => i.name)
        .sort(),
    ).toEqual(['[contactId+open+key]', 'at', 'key', 'open']);
  });

  it('version 7 keeps the stored score of customers only: a lead, churned or do-not-contact contact loses it', async () => {
    const base = { name: '', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1, risk: 80, riskBand: 'high', riskAt: 1_760_000_000_000 };
    await createAsVersion('migrate-scores', 6, {
      contacts: [
        { ...base, id: 1, email: 'a@x.com', stage: 'customer' },
        { ...base, id: 2, email: 'b@x.com', stage: 'at-risk' },
        { ...base, id: 3, email: 'c@x.com', stage: 'advocate' },
        { ...base, id: 4, email: 'd@x.com', stage: 'lead' },
        { ...base, id: 5, email: 'e@x.com', stage: 'churned' },
        { ...base, id: 6, email: 'f@x.com', stage: 'customer', doNotContact: 1 },
      ],
    });
    const db = createDb('migrate-scores');
    opened.push(db);
    await db.open();
    expect((await storedScores(db).toArray()).map((s) => s.contactId)).toEqual([1, 2, 3]);
    expect(await storedScores(db).get(1)).toMatchObject({ score: 80, band: 'high', at: 1_760_000_000_000, history: [[expect.any(Number), 80]] });
    expect((await db.contacts.toArray()).some((c) => 'risk' in c || 'riskBand' in c || 'riskAt' in c)).toBe(false);
  });
  it('a version 7 database left mid-filing (packed rows, stale email entries, membership of filed and staged contacts) opens with the ContactStore and keeps every contact, tag, note and score', async () => {
    // As version 7 left a 250-contact import after filing its first packed row: ids 1–2 typed in, 3–99 filed
    // (their bucket entries still there, stale), 100–252 still packed in two rows. The key generator stood past
    // the last staged id (the import reserved its ids there), and 253 was taken and deleted since.
    const person = (id: number) => ({
      id,
      email: `p${id}@x.com`,
      name: `P ${id}`,
      stage: (id % 4 ? 'lead' : 'customer') as Contact['stage'],
      owner: 'mia',
      custom: { n: String(id) },
      doNotContact: 0 as const,
      createdAt: 1,
      updatedAt: id,
    });
    const rows = Array.from({ length: 99 }, (_, i) => person(i + 1));
    const staged = Array.from({ length: 153 }, (_, i) => person(i + 100));
    const buckets = new Map<number, Record<string, number>>();
    for (const c of [...rows.slice(2), ...staged]) buckets.set(bucketOf(c.email), { ...buckets.get(bucketOf(c.email)), [c.email]: c.id });
    // Tag 1 on every third contact, tag 2 on every fifth: membership rows by block of 2,048 ids (all in block 0).
    const all = [...rows, ...staged];
    const tagged = (tag: number, every: number) => all.filter((c) => c.id % every === 0).map((c) => c.id);
    const scored = all.filter((c) => c.stage === 'customer');
    await createAsVersion('migrate-mid-filing', 7, {
      contacts: rows,
      contactStage: [1, 2].map((block) => ({ block, rows: staged.filter((c) => Math.floor(c.id / STAGE_BLOCK) === block) })),
      contactStageEmails: [...buckets].map(([bucket, ids]) => ({ bucket, ids })),
      tags: [
        { id: 1, name: 'VIP', key: 'vip', color: '#1a73e8' },
        { id: 2, name: 'Beta', key: 'beta', color: '#188038' },
      ],
      tagMembers: [
        { tagId: 1, block: 0, ids: tagged(1, 3) },
        { tagId: 2, block: 0, ids: tagged(2, 5) },
      ],
      activities: all.filter((c) => c.id % 10 === 0).map((c, i) => ({ id: i + 1, kind: 'note', contactIds: [c.id], at: c.id, text: `note ${c.id}` })),
      scores: scored.map((c) => ({ contactId: c.id, score: c.id % 100, band: 'low', at: 5, basis: 'rules:x', history: [[1, c.id % 100]] })),
      $nextKeys: { contacts: 254 },
    });
    const db = createDb('migrate-mid-filing');
    opened.push(db);
    const store = contactStoreOf(db);
    const expectEverything = async () => {
      const book = await store.all();
      expect(book.map((c) => c.id)).toEqual(all.map((c) => c.id));
      for (const c of all) {
        const tags = [...(c.id % 3 === 0 ? [1] : []), ...(c.id % 5 === 0 ? [2] : [])];
        expect(book[c.id - 1]).toEqual({ ...c, tags });
      }
      expect(await store.count()).toBe(252);
      expect((await store.byEmail('p200@x.com'))?.id).toBe(200);
      expect((await store.byEmail('p50@x.com'))?.id).toBe(50);
      expect(await store.members(2)).toEqual(tagged(2, 5));
      expect((await store.scores.page({})).map((s) => s.contactId)).toEqual(scored.map((c) => c.id));
      expect((await db.activities.where('kind').equals('note').toArray()).map((a) => a.text)).toEqual(all.filter((c) => c.id % 10 === 0).map((c) => `note ${c.id}`));
    };
    await expectEverything();
    // Writes meet the stage: a staged email is still taken, and a new contact gets an id no contact ever had.
    await expect(store.add({ ...person(0), email: 'p150@x.com' })).rejects.toMatchObject({ name: 'ConstraintError' });
    const fresh = await store.add({ ...person(0), email: 'new@x.com' });
    expect(fresh).toBe(254);
    await store.delete([fresh]);
    // The filing finishes what version 7 started, and nothing reads otherwise.
    expect(await store.fileStaged()).toBe(153);
    expect(await db.contactStage.count()).toBe(0);
    await expectEverything();
  });
});

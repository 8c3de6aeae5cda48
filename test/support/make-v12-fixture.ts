// Builds test/fixtures/db/v12.json through the app's own schema-12 code: the v11 fixture opened by today's createDb
// (version 12 adds the tagEvents table and changes no row), then contact 1's tag 2 taken off and put back through the
// ContactStore, which records the addition (one tagEvents row) and leaves the membership as it was, so the fixture
// holds only states the app produces. Run with the schema-12 code checked out: TZ=UTC npx tsx test/support/make-v12-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contactStoreOf } from '../../lib/contacts/dexie-store';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v11 = JSON.parse(readFileSync(join(dir, 'v11.json'), 'utf8'));
await writeAsVersion('make-v12', 11, v11);
const db = createDb('make-v12');
await db.open();
if (db.verno !== 12) throw new Error(`This script builds a version 12 fixture; the code is at version ${db.verno}.`);
// The store stamps additions with the clock: a fixed one, so the fixture is the same on every run.
Date.now = () => 1_760_300_000_000;
const contacts = contactStoreOf(db);
await contacts.removeFromTag(2, [1]);
await contacts.addToTag(2, [1]);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v12.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v12.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

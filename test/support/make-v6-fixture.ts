// Builds test/fixtures/db/v6.json through the app's own schema-6 code (a v5 database, then a
// staged import exactly as lib/csv/apply-import stages one), so the fixture holds only states the
// app produces, including where the contacts' key generator stands (`$nextKeys`).
// Run with the schema-6 code checked out: npx tsx test/support/make-v6-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { stageNextContactAdd } from '../../lib/db/contact-stage';
import type { Contact } from '../../lib/db/types';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v5 = JSON.parse(readFileSync(join(dir, 'v5.json'), 'utf8'));
await writeAsVersion('make-v6', 5, v5);
const db = createDb('make-v6');
await db.open();
if (db.verno !== 6) throw new Error(`This script builds a version 6 fixture; the code is at version ${db.verno}.`);
const sam = { email: 'sam@beta.com', name: 'Sam Park', stage: 'lead', owner: 'mia', custom: { plan: 'Free' }, doNotContact: 0, createdAt: 1765000000000, updatedAt: 1765000000000 };
await db.transaction('rw', db.contacts, async (tx) => {
  stageNextContactAdd(tx);
  await db.contacts.bulkAdd([sam as unknown as Contact]);
});
const dump = await dumpDatabase(db.backendDB(), ['contacts']);
db.close();
writeFileSync(join(dir, 'v6.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log('wrote v6.json:', Object.entries(dump).map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`).join(', '));

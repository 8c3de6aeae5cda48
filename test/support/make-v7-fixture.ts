// Builds test/fixtures/db/v7.json through the app's own schema-7 code: the v6 fixture (a staged import
// included) opened by today's createDb, whose upgrade moves the stored churn scores out of the contact rows
// into the scores table, so the fixture holds only states the app produces, with the contacts' key
// generator (`$nextKeys`). Run with the schema-7 code checked out: TZ=UTC npx tsx test/support/make-v7-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v6 = JSON.parse(readFileSync(join(dir, 'v6.json'), 'utf8'));
await writeAsVersion('make-v7', 6, v6);
const db = createDb('make-v7');
await db.open();
if (db.verno !== 7) throw new Error(`This script builds a version 7 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts']);
db.close();
writeFileSync(join(dir, 'v7.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v7.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

// Builds test/fixtures/db/v8.json through the app's own schema-8 code: the v7 fixture (a staged import
// included) opened by today's createDb, whose upgrade starts the ContactStore's id counter (contactMeta) where the
// contacts' key generator stood, so the fixture holds only states the app produces, with the contacts' key
// generator (`$nextKeys`). Run with the schema-8 code checked out: TZ=UTC npx tsx test/support/make-v8-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v7 = JSON.parse(readFileSync(join(dir, 'v7.json'), 'utf8'));
await writeAsVersion('make-v8', 7, v7);
const db = createDb('make-v8');
await db.open();
if (db.verno !== 8) throw new Error(`This script builds a version 8 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts']);
db.close();
writeFileSync(join(dir, 'v8.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v8.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

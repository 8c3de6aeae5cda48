// Builds test/fixtures/db/v18.json through the app's own schema-18 code: the v17 fixture opened by today's createDb
// (version 18 drops the alerts' plain contactId index; no row changes), so the fixture holds only states the app produces.
// Run with the schema-18 code checked out: TZ=UTC npx tsx test/support/make-v18-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v17 = JSON.parse(readFileSync(join(dir, 'v17.json'), 'utf8'));
await writeAsVersion('make-v18', 17, v17);
const db = createDb('make-v18');
await db.open();
if (db.verno !== 18) throw new Error(`This script builds a version 18 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v18.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v18.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

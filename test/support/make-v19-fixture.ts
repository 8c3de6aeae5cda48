// Builds test/fixtures/db/v19.json through the app's own schema-19 code: the v18 fixture opened by today's createDb
// (version 19 adds the list pages, built from the rows), so the fixture holds only states the app produces.
// Run with the schema-19 code checked out: TZ=UTC npx tsx test/support/make-v19-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v18 = JSON.parse(readFileSync(join(dir, 'v18.json'), 'utf8'));
await writeAsVersion('make-v19', 18, v18);
const db = createDb('make-v19');
await db.open();
if (db.verno !== 19) throw new Error(`This script builds a version 19 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v19.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v19.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

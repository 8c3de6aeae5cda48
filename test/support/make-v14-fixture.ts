// Builds test/fixtures/db/v14.json through the app's own schema-14 code: the v13 fixture opened by today's createDb
// (version 14 packs the `scores` rows into `scoreBlocks`, lib/db/score-blocks.ts, and changes no other row), so the
// fixture holds only states the app produces.
// Run with the schema-14 code checked out: TZ=UTC npx tsx test/support/make-v14-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v13 = JSON.parse(readFileSync(join(dir, 'v13.json'), 'utf8'));
await writeAsVersion('make-v14', 13, v13);
const db = createDb('make-v14');
await db.open();
if (db.verno !== 14) throw new Error(`This script builds a version 14 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v14.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v14.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

// Builds test/fixtures/db/v15.json through the app's own schema-15 code: the v14 fixture, with a stale marker row as
// the v14 ActivityStore left one (contact 2 wrote mail since its last rescore), opened by today's createDb (version 15
// packs the `scoreInputs` rows into `scoreInputBlocks` and `scoreInputMarks`, lib/db/score-inputs.ts, and changes no
// other row), so the fixture holds only states the app produces.
// Run with the schema-15 code checked out: TZ=UTC npx tsx test/support/make-v15-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v14 = JSON.parse(readFileSync(join(dir, 'v14.json'), 'utf8'));
await writeAsVersion('make-v15', 14, { ...v14, scoreInputs: [...v14.scoreInputs, { contactId: 2, rev: 0.25 }] });
const db = createDb('make-v15');
await db.open();
if (db.verno !== 15) throw new Error(`This script builds a version 15 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v15.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v15.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

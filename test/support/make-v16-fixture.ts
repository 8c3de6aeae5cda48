// Builds test/fixtures/db/v16.json through the app's own schema-16 code: the v15 fixture opened by today's createDb
// (version 16 adds the alerts' [contactId+open+key] index, lib/churn/alert-store.ts, and changes no row), so the
// fixture holds only states the app produces.
// Run with the schema-16 code checked out: TZ=UTC npx tsx test/support/make-v16-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v15 = JSON.parse(readFileSync(join(dir, 'v15.json'), 'utf8'));
await writeAsVersion('make-v16', 15, v15);
const db = createDb('make-v16');
await db.open();
if (db.verno !== 16) throw new Error(`This script builds a version 16 fixture; the code is at version ${db.verno}.`);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v16.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v16.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

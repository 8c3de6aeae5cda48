// Builds test/fixtures/db/v13.json through the app's own schema-13 code: the v12 fixture opened by today's createDb
// (version 13 adds the bandRosters table and changes no row), then the roster a playbook run takes after acting on
// contact 1, whose stored score the fixture holds (recordBandRosters), so the fixture holds only states the app produces.
// Run with the schema-13 code checked out: TZ=UTC npx tsx test/support/make-v13-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contactStoreOf } from '../../lib/contacts/dexie-store';
import { createDb } from '../../lib/db/schema';
import { recordBandRosters } from '../../lib/playbooks/band-roster';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v12 = JSON.parse(readFileSync(join(dir, 'v12.json'), 'utf8'));
await writeAsVersion('make-v13', 12, v12);
const db = createDb('make-v13');
await db.open();
if (db.verno !== 13) throw new Error(`This script builds a version 13 fixture; the code is at version ${db.verno}.`);
const now = 1_760_400_000_000;
const bands = { medium: 40, high: 70 };
const [scored] = await contactStoreOf(db).scores.page({ limit: 1 });
await recordBandRosters(db, { now, bands, contactIds: [scored.contactId] });
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v13.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v13.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

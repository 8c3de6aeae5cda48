// Builds test/fixtures/db/v17.json through the app's own schema-17 code: the v16 fixture opened by today's createDb
// (version 17 drops the score inputs of events, lib/db/upgrades.ts dropEventInputs, and the alerts' contactId index),
// then one score input as the rescore stores it now (a summary, lib/churn/score-inputs.ts) and one stale mark, so the
// fixture holds only states the app produces.
// Run with the schema-17 code checked out: TZ=UTC npx tsx test/support/make-v17-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { mailEventsOf } from '../../lib/churn/from-activities';
import { storedInputs } from '../../lib/churn/score-inputs';
import { packMail } from '../../lib/db/score-inputs';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v16 = JSON.parse(readFileSync(join(dir, 'v16.json'), 'utf8'));
await writeAsVersion('make-v17', 16, v16);
const db = createDb('make-v17');
await db.open();
if (db.verno !== 17) throw new Error(`This script builds a version 17 fixture; the code is at version ${db.verno}.`);
// Contact 1's inputs as a rescore stores them (its one message, from its address), contact 2 marked stale.
const mail = storedInputs(mailEventsOf(await db.activities.where('contactIds').equals(1).toArray()), 'dana@acme.com');
await db.scoreInputBlocks.put({ block: 0, inputs: [{ contactId: 1, v: '3::0', me: mail.me, mail: packMail(mail.mail) }] });
await db.scoreInputMarks.put({ block: 0, revs: { 2: 0.25 } });
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks', 'tagEvents']);
db.close();
writeFileSync(join(dir, 'v17.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v17.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

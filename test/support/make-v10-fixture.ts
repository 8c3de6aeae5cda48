// Builds test/fixtures/db/v10.json through the app's own schema-10 code: the v9 fixture opened by today's createDb
// (version 10 adds the tasks table and changes no row), with two tasks of contact 1 added through the TaskStore
// (one open and snoozed, one done), so the fixture holds only states the app produces, with the key generators
// (`$nextKeys`). Run with the schema-10 code checked out: TZ=UTC npx tsx test/support/make-v10-fixture.ts
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../lib/db/schema';
import { createDexieTaskStore } from '../../lib/tasks/dexie-store';
import { newTask } from '../../lib/tasks/types';
import { dumpDatabase, writeAsVersion } from './db-fixture';

const dir = join(import.meta.dirname, '../fixtures/db');
const v9 = JSON.parse(readFileSync(join(dir, 'v9.json'), 'utf8'));
await writeAsVersion('make-v10', 9, v9);
const db = createDb('make-v10');
await db.open();
if (db.verno !== 10) throw new Error(`This script builds a version 10 fixture; the code is at version ${db.verno}.`);
const tasks = createDexieTaskStore(db);
const dana = { id: 1, companyId: 1, owner: 'alex' };
const [call, email] = await tasks.add([
  newTask({ title: 'Call about the renewal', dueAt: 1_760_100_000_000, type: 'call', createdBy: 'sidebar', key: 'fixture:1' }, dana, 1_760_000_000_000),
  newTask({ title: 'Send the price list', dueAt: 1_760_050_000_000, type: 'email', createdBy: 'alert', sourceKey: '1:unanswered:18c1', key: 'fixture:2' }, dana, 1_760_000_000_000),
]);
await tasks.snooze([call.id], 1_760_200_000_000, 1_760_090_000_000);
await tasks.setDone([email.id], true, 1_760_060_000_000);
const dump = await dumpDatabase(db.backendDB(), ['contacts', 'teamOutbox', 'teamConflicts', 'tasks']);
db.close();
writeFileSync(join(dir, 'v10.json'), `${JSON.stringify(dump, null, 2)}\n`);
console.log(
  'wrote v10.json:',
  Object.entries(dump)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : JSON.stringify(v)}`)
    .join(', '),
);

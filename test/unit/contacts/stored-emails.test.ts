// storedEmails: which of some emails the book holds, ordinary rows and a large import's staged ones alike (a team
// join adds the others without reading them one by one: lib/team/book-sync.ts).
import { afterEach, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { person } from './store-contract';

const dbs: KizunaDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

it('finds ordinary and staged contacts among the emails asked for, and nothing else', async () => {
  const db = createDb(`stored-emails-${Date.now()}`);
  dbs.push(db);
  const store = contactStoreOf(db);
  await store.addMany([person('ann@acme.example'), person('ben@acme.example')]);
  await store.addMany([person('cho@acme.example'), person('dee@acme.example')], { packed: true });
  expect(await db.contactStage.count()).toBeGreaterThan(0);
  const found = await store.storedEmails(['ann@acme.example', 'cho@acme.example', 'eve@acme.example', 'zed@acme.example']);
  expect([...found].sort()).toEqual(['ann@acme.example', 'cho@acme.example']);
  expect(await store.storedEmails([])).toEqual(new Set());
});

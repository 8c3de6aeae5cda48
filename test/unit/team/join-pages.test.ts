// A team join writes each contacts-list page (schema 19, lib/contacts/list-pages.ts) about once: the ContactStore builds
// the pages of an `addMany` from the ids it allocates, contiguous and past the last page, so a join rewrites only the
// one partly filled page each transaction starts in (issue 17: counted before looking for a bulk page writer; none was
// needed). And the pages equal the rows once the join is done.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { pagesOf } from '../../../lib/contacts/list-pages';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { startTeamBridge, type TeamBridge } from '../../../lib/team/bridge';
import { TEAM_JOINED } from '../../../lib/team/outbox';
import { watchRequests } from '../../support/watch-requests';
import { joining, teamBook, until } from './replicas';

const bridges: TeamBridge[] = [];
const dbs: KizunaDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const b of bridges.splice(0)) (b.stop(), await b.idle());
  for (const db of dbs.splice(0)) await db.delete();
});

describe('joining a team: the contacts list pages', { timeout: 60_000 }, () => {
  it('writes each page about once: one more per transaction of new contacts at most (the page it starts in)', async () => {
    const count = 3000;
    const db = createDb('join-pages');
    dbs.push(db);
    let pagesWritten = 0;
    watchRequests(db, (r) => void (r.op === 'mutate' && r.table === 'contactList' && (pagesWritten += r.keys)));
    const addMany = vi.spyOn(contactStoreOf(db), 'addMany');
    const server = joining(teamBook(count));
    const bridge = startTeamBridge({ docs: server.docs, memberName: 'Ben', readOnly: false, db, firstSync: server.firstSync });
    bridges.push(bridge);
    await until(async () => (await db.contactMeta.get(TEAM_JOINED)) !== undefined, 'the join to start');
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    expect(await contactStoreOf(db).count()).toBe(count);
    const pages = await db.contactList.count();
    // Ids from 1: the first page holds 99 of them.
    expect(pages).toBe(Math.ceil((count + 1) / 100));
    expect(addMany.mock.calls.length).toBeGreaterThan(1);
    expect(pagesWritten).toBeGreaterThanOrEqual(pages);
    expect(pagesWritten).toBeLessThanOrEqual(pages + addMany.mock.calls.length);
    // The rows as the store reads them: a write of JOIN_PACKED_FROM contacts or more stages them (join-writes.test.ts).
    expect(await db.contactList.toArray()).toEqual(pagesOf((await contactStoreOf(db).all()).map(({ tags: _tags, ...row }) => row)));
  });
});

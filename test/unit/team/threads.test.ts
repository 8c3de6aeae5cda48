// Shared thread summaries through the bridge (two members, documents relayed in memory): private by default; shared
// per thread or by the setting, a thread's subject, date and direction reach the other member's contact history with
// who shared it, never the body or the snippet; unsharing takes it out of the book (a tombstone) and out of the other
// member's history; a thread chosen private stays so with the setting on.
import { describe, expect, it } from 'vitest';
import type { KizunaDb } from '../../../lib/db/schema';
import { recordThread } from '../../../lib/contacts/record-thread';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import type { ThreadMessage, ThreadSnapshot } from '../../../lib/protocol';
import { pendingChanges, TeamReadOnlyError } from '../../../lib/team/outbox';
import { readThreads } from '../../../lib/team/book-threads';
import { setThreadShared, setThreadSharing } from '../../../lib/team/thread-share';
import { link, replica, teamMembers, until } from './replicas';
import type * as Y from 'yjs';

const member = teamMembers('team-thread');
const me = { email: 'ann@kizuna.example', name: 'Ann' };
const dana = { email: 'dana@acme.example', name: 'Dana Lee' };
const SECRET = 'the pricing is too expensive for us';

const msg = (id: string, from: typeof me, to: (typeof me)[], at: number): ThreadMessage => ({ messageId: id, from, to, cc: [], at, snippet: `${SECRET} (${id})` });
const thread = (threadId: string, subject: string, messages: ThreadMessage[]): ThreadSnapshot => ({ status: 'thread', threadId, subject, userEmail: me.email, messages, theme: 'light' });
const read = (db: KizunaDb, t: ThreadSnapshot) => recordThread(db, t, { ...DEFAULT_SETTINGS, autoCreate: true });
const copies = async (db: KizunaDb) =>
  (await db.activities.where('kind').equals('team-thread').toArray()).map(({ subject, direction, at, author, threadId }) => ({ subject, direction, at, author, threadId }));
const docJson = (docs: Map<string, Y.Doc>) => JSON.stringify([...docs.values()].map((d) => [...d.share.keys()].map((k) => d.getMap(k).toJSON())));

describe('shared threads', { timeout: 30_000 }, () => {
  it('stay private by default; a thread shared in one browser shows in the other’s history, unsharing takes it away', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB);
    await read(a.db, thread('18c1', 'Renewal and pricing', [msg('m1', dana, [me], 1000), msg('m2', me, [dana], 2000)]));
    await read(a.db, thread('18c2', 'Lunch next week', [msg('m3', dana, [me], 3000)]));
    await until(async () => (await b.db.contacts.count()) === 1, 'Dana to reach Ben');
    await until(async () => (await pendingChanges(a.db)) === 0, 'Ann’s outbox to drain');
    expect(readThreads(docsA).size).toBe(0);

    await setThreadShared(a.db, '18c1', true);
    await until(async () => (await copies(b.db)).length === 1, 'the shared thread to reach Ben');
    expect(await copies(b.db)).toEqual([{ subject: 'Renewal and pricing', direction: 'out', at: 2000, author: 'Ann', threadId: '18c1' }]);
    expect((await b.db.activities.where('kind').equals('team-thread').first())?.contactIds).toEqual([(await b.db.contacts.toArray())[0].id]);
    // A new message in a shared thread updates its summary; the body and the snippet never enter a document.
    await read(a.db, thread('18c1', 'Renewal and pricing', [msg('m1', dana, [me], 1000), msg('m2', me, [dana], 2000), msg('m4', dana, [me], 4000)]));
    await until(async () => (await copies(b.db))[0]?.at === 4000, 'the thread’s newest message to reach Ben');
    expect((await copies(b.db))[0].direction).toBe('in');
    expect(docJson(docsA)).not.toContain(SECRET);
    expect(docJson(docsA)).not.toContain('Lunch next week');

    await setThreadShared(a.db, '18c1', false);
    await until(async () => (await copies(b.db)).length === 0, 'the unshared thread to leave Ben’s history');
    expect([...readThreads(docsB).values()]).toEqual([expect.objectContaining({ threadId: '18c1', subject: '', deletedAt: expect.any(Number) })]);
  });

  it('the setting shares every thread but those chosen private; a viewer cannot share', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB, { readOnly: true });
    await read(a.db, thread('18c1', 'Renewal and pricing', [msg('m1', dana, [me], 1000)]));
    await read(a.db, thread('18c2', 'Lunch next week', [msg('m2', dana, [me], 3000)]));
    await setThreadShared(a.db, '18c2', false);
    await setThreadSharing(a.db, true);
    await until(async () => (await copies(b.db)).length === 1, 'the shared thread to reach Ben');
    expect((await copies(b.db))[0].subject).toBe('Renewal and pricing');
    // A thread read after the setting is on is shared too.
    await read(a.db, thread('18c3', 'Contract draft', [msg('m3', me, [dana], 5000)]));
    await until(async () => (await copies(b.db)).length === 2, 'a new thread to reach Ben');
    await setThreadSharing(a.db, false);
    await until(async () => (await copies(b.db)).length === 0, 'every thread to leave Ben’s history');
    await expect(setThreadSharing(b.db, true)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(setThreadShared(b.db, '18c9', true)).rejects.toBeInstanceOf(TeamReadOnlyError);
  });
});

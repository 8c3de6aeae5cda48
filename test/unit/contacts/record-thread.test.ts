import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { recordThread } from '../../../lib/contacts/record-thread';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import type { ThreadSnapshot, ThreadMessage } from '../../../lib/protocol';

const me = { email: 'alex@kizuna-demo.com', name: 'Alex' };
const dana = { email: 'dana@acme.com', name: 'Dana Lee' };
const kim = { email: 'kim@gmail.com', name: 'Kim' };

function msg(id: string, from: typeof me, to: (typeof me)[], at: number | null = 1_700_000_000_000, cc: (typeof me)[] = []): ThreadMessage {
  return { messageId: id, from, to, cc, at, snippet: `snippet ${id}` };
}
function thread(messages: ThreadMessage[], threadId = 't1'): ThreadSnapshot {
  return { status: 'thread', threadId, subject: 'Hello', userEmail: me.email, messages, theme: 'light' };
}

let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`test-${++n}`);
});
afterEach(async () => db.delete());

const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('recordThread', () => {
  it('creates the correspondent with name, lower-cased email and a company from the domain', async () => {
    await recordThread(db, thread([msg('m1', { ...dana, email: 'Dana@ACME.com' }, [me])]), settings());
    const contacts = await contactStoreOf(db).all();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ email: 'dana@acme.com', name: 'Dana Lee', stage: 'lead', tags: [] });
    const company = await db.companies.get(contacts[0].companyId!);
    expect(company).toMatchObject({ domain: 'acme.com', name: 'Acme' });
  });

  it('never infers a company from a free-mail domain', async () => {
    await recordThread(db, thread([msg('m1', kim, [me])]), settings());
    const [contact] = await contactStoreOf(db).all();
    expect(contact.companyId).toBeUndefined();
    expect(await db.companies.count()).toBe(0);
  });

  it('reopening a thread adds no contact and no message twice', async () => {
    const t = thread([msg('m1', dana, [me]), msg('m2', me, [dana])]);
    await recordThread(db, t, settings());
    const second = await recordThread(db, t, settings());
    expect(second).toMatchObject({ created: 0, messagesAdded: 0 });
    expect(await contactStoreOf(db).count()).toBe(1);
    expect(await db.activities.count()).toBe(2);
  });

  it('reopening a recorded thread reads it in a read-only transaction (a readwrite one would hold up the sidebar reads)', async () => {
    const t = thread([msg('m1', dana, [me]), msg('m2', me, [dana])]);
    const transaction = vi.spyOn(db, 'transaction');
    await recordThread(db, t, settings());
    expect(transaction.mock.calls.map((call) => call[0])).toContain('rw');
    transaction.mockClear();
    const second = await recordThread(db, t, settings());
    // The ContactStore's reads join the outer transaction as read-only sub-transactions: no readwrite anywhere.
    const modes = transaction.mock.calls.map((call) => call[0]);
    expect(modes[0]).toBe('r');
    expect(modes.filter((mode) => mode !== 'r')).toEqual([]);
    expect(second.contactIds['dana@acme.com']).toBe((await contactStoreOf(db).all())[0].id);
  });

  it('a recorded thread whose last-contact date was lost writes it again', async () => {
    const t = thread([msg('m1', dana, [me], 3000)]);
    await recordThread(db, t, settings());
    const [contact] = await contactStoreOf(db).all();
    await db.contacts.update(contact.id, { lastInboundAt: undefined });
    await recordThread(db, t, settings());
    expect((await contactStoreOf(db).get(contact.id))?.lastInboundAt).toBe(3000);
  });

  it('two tabs recording the same thread at once create one contact', async () => {
    const t = thread([msg('m1', dana, [me])]);
    const other = createDb(db.name);
    await Promise.all([recordThread(db, t, settings()), recordThread(other, t, settings()), recordThread(db, t, settings())]);
    expect(await db.contacts.where('email').equals('dana@acme.com').count()).toBe(1);
    expect(await db.activities.count()).toBe(1);
    other.close();
  });

  it('matches an existing contact case-insensitively', async () => {
    await recordThread(db, thread([msg('m1', dana, [me])]), settings());
    await recordThread(db, thread([msg('m2', { ...dana, email: 'DANA@acme.com' }, [me])], 't2'), settings());
    expect(await contactStoreOf(db).count()).toBe(1);
    expect(await db.activities.count()).toBe(2);
  });

  it('honours the never-log list: no contact, no history', async () => {
    await recordThread(db, thread([msg('m1', dana, [me]), msg('m2', kim, [me])]), settings({ neverLog: ['acme.com'] }));
    expect((await contactStoreOf(db).all()).map((c) => c.email)).toEqual(['kim@gmail.com']);
    const rows = await db.activities.toArray();
    expect(rows.map((r) => r.messageId)).toEqual(['m2']);
  });

  it('creates nothing when auto-creation is off, but still records history for existing contacts', async () => {
    await recordThread(db, thread([msg('m1', dana, [me])]), settings({ autoCreate: false }));
    expect(await contactStoreOf(db).count()).toBe(0);
    expect(await db.activities.count()).toBe(0);
    await contactStoreOf(db).add({ email: 'dana@acme.com', name: '', tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 });
    await recordThread(db, thread([msg('m1', dana, [me])]), settings({ autoCreate: false }));
    expect(await db.activities.count()).toBe(1);
    expect((await contactStoreOf(db).all())[0].name).toBe('Dana Lee');
  });

  it('excludes the user and their aliases, records direction and last-contact dates', async () => {
    const alias = { email: 'sales@kizuna-demo.com', name: 'Sales' };
    const t = thread([msg('m1', dana, [me], 1000, [alias]), msg('m2', alias, [dana], 5000), msg('m3', dana, [me], 3000)]);
    await recordThread(db, t, settings({ aliases: ['Sales@kizuna-demo.com'] }));
    const contacts = await contactStoreOf(db).all();
    expect(contacts.map((c) => c.email)).toEqual(['dana@acme.com']);
    expect(contacts[0]).toMatchObject({ lastInboundAt: 3000, lastOutboundAt: 5000 });
    const rows = await db.activities.orderBy('at').toArray();
    expect(rows.map((r) => r.direction)).toEqual(['in', 'in', 'out']);
  });

  it('never records the user: Gmail accounts seen before (when Gmail did not say who is signed in), +tags and gmail.com dots', async () => {
    const unread: ThreadSnapshot = {
      ...thread([msg('m1', dana, [{ email: 'a.l.e.x+crm@gmail.com', name: 'Alex' }]), msg('m2', { email: 'alex@gmail.com', name: 'Alex' }, [dana, { email: 'alex+x@kizuna-demo.com', name: 'Alex' }])]),
      userEmail: null,
    };
    await recordThread(db, unread, settings({ gmailAccounts: ['alex@gmail.com'], aliases: ['alex@kizuna-demo.com'] }));
    expect((await contactStoreOf(db).all()).map((c) => c.email)).toEqual(['dana@acme.com']);
    expect((await db.activities.orderBy('messageId').toArray()).map((r) => r.direction)).toEqual(['in', 'out']);
  });

  it('gives a message with several external people to each of them', async () => {
    await recordThread(db, thread([msg('m1', dana, [me, kim])]), settings());
    const [row] = await db.activities.toArray();
    expect(row.contactIds).toHaveLength(2);
  });

  it('keeps a message with an unreadable date, flagged, at the capture time', async () => {
    await recordThread(db, thread([msg('m1', dana, [me], null)]), settings(), 42);
    const [row] = await db.activities.toArray();
    expect(row).toMatchObject({ at: 42, flags: ['date-unknown'] });
  });
});

import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { recordThread } from '../../../lib/contacts/record-thread';
import { importMbox, mboxActivityKey, type MboxImportOptions } from '../../../lib/mbox/import-to-db';
import { NotMboxError } from '../../../lib/mbox/split';
import { gmailMessageIdOf, readMbox } from '../../../lib/mbox/read-mbox';
import { DEFAULT_SETTINGS } from '../../../lib/settings';

// The node-mbox sample files, copied from ../shared/data/email/node-mbox (see test/fixtures/churn/README.md).
const DATA = join(import.meta.dirname, '..', '..', 'fixtures', 'churn', 'node-mbox');
const ME = 'alex@kizuna-demo.com';

interface Msg {
  id?: string;
  from: string;
  to: string;
  cc?: string;
  date?: string;
  subject?: string;
  body?: string;
  inReplyTo?: string;
  thrid?: string;
  /** Google Takeout's From_ line id (decimal X-GM-MSGID). */
  gmailId?: string;
}

function message(m: Msg): string {
  return [
    m.gmailId ? `From ${m.gmailId}@xxx Mon Jan 01 00:00:00 +0000 2024` : `From sender@x Mon Jan 01 00:00:00 2024`,
    ...(m.id ? [`Message-ID: <${m.id}>`] : []),
    `From: ${m.from}`,
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    ...(m.date !== undefined ? [`Date: ${m.date}`] : []),
    `Subject: ${m.subject ?? 'Hello'}`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    ...(m.thrid ? [`X-GM-THRID: ${m.thrid}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body ?? 'Hi there',
    '',
  ].join('\n');
}
const mbox = (...messages: Msg[]) => messages.map(message).join('');
const source = (text: string) =>
  (async function* () {
    yield new TextEncoder().encode(text);
  })();

const opts = (patch: Partial<MboxImportOptions> = {}): MboxImportOptions => ({ own: [ME], autoCreate: true, neverLog: [], now: () => 1_800_000_000_000, ...patch });

const DANA_1: Msg = {
  id: 'a1@acme.com',
  from: 'Dana Lee <Dana@Acme.com>',
  to: `Alex <${ME}>`,
  date: 'Tue, 02 Jan 2024 10:00:00 +0000',
  subject: 'Renewal',
  body: 'We are thinking to cancel our plan.',
};
const ALEX_1: Msg = {
  id: 'b1@kizuna-demo.com',
  from: `Alex <${ME}>`,
  to: 'dana@acme.com',
  cc: 'kim@gmail.com',
  date: 'Wed, 03 Jan 2024 09:00:00 +0000',
  subject: 'Re: Renewal',
  inReplyTo: 'a1@acme.com',
};
const DANA_2: Msg = { id: 'a2@acme.com', from: 'dana@acme.com', to: ME, date: 'Fri, 05 Jan 2024 12:00:00 +0000', subject: 'Re: Renewal', inReplyTo: 'a1@acme.com' };

let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`mbox-import-${++n}`);
});
afterEach(async () => db.delete());

describe('importMbox (mbox → contacts and email activities)', () => {
  it('creates correspondents with a company from the domain and writes each message once with its direction and thread', async () => {
    const summary = await importMbox(db, source(mbox(DANA_1, ALEX_1, DANA_2)), opts());
    expect(summary).toMatchObject({ messagesRead: 3, added: 3, alreadyThere: 0, skippedNoDate: 0, skippedNoCorrespondent: 0, contactsCreated: 2, cancelled: false });
    const contacts = await db.contacts.orderBy('email').toArray();
    expect(contacts.map((c) => [c.email, c.name])).toEqual([
      ['dana@acme.com', 'Dana Lee'],
      ['kim@gmail.com', ''],
    ]);
    const acme = await db.companies.get(contacts[0].companyId!);
    expect(acme?.name).toBe('Acme');
    expect(contacts[1].companyId).toBeUndefined(); // free mail: no company
    expect(contacts[0].lastInboundAt).toBe(Date.UTC(2024, 0, 5, 12));
    expect(contacts[0].lastOutboundAt).toBe(Date.UTC(2024, 0, 3, 9));
    expect(contacts[1].lastOutboundAt).toBe(Date.UTC(2024, 0, 3, 9));
    expect(contacts[1].lastInboundAt).toBeUndefined();

    const acts = await db.activities.orderBy('at').toArray();
    expect(acts.map((a) => [a.messageId, a.direction, a.from, a.threadId])).toEqual([
      ['mbox:a1@acme.com', 'in', 'dana@acme.com', 'a1@acme.com'],
      ['mbox:b1@kizuna-demo.com', 'out', ME, 'a1@acme.com'],
      ['mbox:a2@acme.com', 'in', 'dana@acme.com', 'a1@acme.com'],
    ]);
    expect(acts[0].flags).toEqual(['mbox', 'intent:cancel']);
    expect(acts[0].snippet).toBe('We are thinking to cancel our plan.');
    expect(acts[1].contactIds.sort()).toEqual([contacts[0].id, contacts[1].id].sort());
  });

  it('de-duplicates by Message-ID within a file and across two imports, also for messages without one', async () => {
    const noId: Msg = { from: 'ops@beta.io', to: ME, date: 'Mon, 08 Jan 2024 08:00:00 +0000', subject: 'No id here' };
    const first = await importMbox(db, source(mbox(DANA_1, ALEX_1, DANA_1, noId)), opts({ batchSize: 2 }));
    expect(first).toMatchObject({ messagesRead: 3, added: 3, alreadyThere: 1 });
    const second = await importMbox(db, source(mbox(DANA_1, DANA_2, noId, ALEX_1)), opts());
    expect(second).toMatchObject({ messagesRead: 4, added: 1, alreadyThere: 3, contactsCreated: 0 });
    expect(await db.activities.count()).toBe(4);
    expect(second.contactsUpdated).toBe(1); // dana's last inbound moved to DANA_2
  });

  it('treats every own address (any case) as the user: outbound, never a contact; own-only mail is skipped', async () => {
    const alias = 'Sales@Kizuna-Demo.com';
    const toSelf: Msg = { id: 's1@x', from: ME, to: alias, date: 'Tue, 02 Jan 2024 10:00:00 +0000' };
    const fromAlias: Msg = { id: 's2@x', from: alias, to: 'li@corp.jp', date: 'Tue, 02 Jan 2024 11:00:00 +0000' };
    const summary = await importMbox(db, source(mbox(toSelf, fromAlias)), opts({ own: [ME.toUpperCase(), alias] }));
    expect(summary).toMatchObject({ added: 1, skippedNoCorrespondent: 1, contactsCreated: 1 });
    expect((await db.contacts.toArray()).map((c) => c.email)).toEqual(['li@corp.jp']);
    expect((await db.activities.toArray()).map((a) => a.direction)).toEqual(['out']);
  });

  it('never logs never-log addresses or domains, and creates nobody when auto-creation is off', async () => {
    const summary = await importMbox(db, source(mbox(DANA_1, ALEX_1)), opts({ neverLog: ['@acme.com'] }));
    expect((await db.contacts.toArray()).map((c) => c.email)).toEqual(['kim@gmail.com']);
    expect(summary).toMatchObject({ added: 1, skippedNoCorrespondent: 1 });
    expect((await db.activities.toArray())[0].contactIds).toHaveLength(1);

    const db2 = createDb(`mbox-import-off-${n}`);
    await db2.contacts.add({ email: 'dana@acme.com', name: '', tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 });
    const off = await importMbox(db2, source(mbox(DANA_1, ALEX_1, { ...DANA_2, from: 'new@other.org', id: 'z@other.org' })), opts({ autoCreate: false }));
    expect(off).toMatchObject({ added: 2, skippedNoCorrespondent: 1, contactsCreated: 0, contactsUpdated: 1 });
    expect((await db2.contacts.toArray()).map((c) => [c.email, c.name])).toEqual([['dana@acme.com', 'Dana Lee']]);
    await db2.delete();
  });

  it('keeps a snippet as long as the Gmail view does, and flags intent found anywhere in the text', async () => {
    const body = `${'We are reviewing the roadmap with the team. '.repeat(10)}Honestly we plan to switch providers next month.`;
    await importMbox(db, source(mbox({ ...DANA_1, body })), opts());
    const [a] = await db.activities.toArray();
    expect(a.snippet).toHaveLength(240);
    expect(a.flags).toEqual(['mbox', 'intent:switching']);
  });

  it('skips undated messages (no Date, Received or From_ line date) and counts them', async () => {
    const undated = (text: string) => text.replace(/^From sender@x .*$/gm, 'From sender@x');
    const summary = await importMbox(db, source(undated(mbox({ ...DANA_1, date: undefined }, { ...DANA_2, date: 'not a date' }, ALEX_1))), opts());
    expect(summary).toMatchObject({ messagesRead: 3, added: 1, skippedNoDate: 2 });
  });

  it('a non-mbox input throws NotMboxError and writes nothing', async () => {
    await expect(importMbox(db, source('Date,Name\n2024-01-01,Dana\n' + mbox(DANA_1)), opts())).rejects.toBeInstanceOf(NotMboxError);
    await expect(importMbox(db, createReadStream(join(DATA, 'test-not-an.mbox')), opts())).rejects.toThrow(/not an mbox file/);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.activities.count()).toBe(0);
    expect(await db.companies.count()).toBe(0);
  });

  it('cancel keeps the batches already written and writes nothing after', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...DANA_1, id: `m${i}@acme.com`, date: new Date(Date.UTC(2024, 0, 1 + i)).toUTCString() }));
    const controller = new AbortController();
    const text = mbox(...many);
    const half = Math.floor(text.length / 2);
    async function* chunks() {
      yield new TextEncoder().encode(text.slice(0, half));
      controller.abort();
      yield new TextEncoder().encode(text.slice(half));
    }
    const summary = await importMbox(db, chunks(), opts({ batchSize: 5, signal: controller.signal }));
    expect(summary.cancelled).toBe(true);
    expect(summary.added % 5).toBe(0);
    expect(summary.added).toBeGreaterThan(0);
    expect(summary.added).toBeLessThan(30);
    expect(await db.activities.count()).toBe(summary.added);
  });

  it('does not add again a message the Gmail thread view already recorded (same Gmail thread, sender and minute)', async () => {
    const thrid = '1790000000000000001';
    const hex = BigInt(thrid).toString(16);
    await recordThread(
      db,
      {
        status: 'thread',
        threadId: hex,
        subject: 'Renewal',
        userEmail: ME,
        theme: 'light',
        messages: [{ messageId: '18c1a2b3c4d5e6f7', from: { email: 'dana@acme.com', name: 'Dana' }, to: [{ email: ME, name: '' }], cc: [], at: Date.UTC(2024, 0, 2, 10, 0), snippet: 'x' }],
      },
      DEFAULT_SETTINGS,
    );
    const summary = await importMbox(db, source(mbox({ ...DANA_1, date: 'Tue, 02 Jan 2024 10:00:27 +0000', thrid }, { ...ALEX_1, thrid })), opts());
    expect(summary).toMatchObject({ added: 1, alreadyThere: 1 });
    const acts = await db.activities.orderBy('at').toArray();
    expect(acts.map((a) => [a.messageId, a.threadId])).toEqual([
      ['18c1a2b3c4d5e6f7', hex],
      ['mbox:b1@kizuna-demo.com', hex],
    ]);
  });

  it("keys Google Takeout messages by Gmail's own id, so the Gmail thread view and the import count a message once, in either order", async () => {
    const gmailId = '1790000000000000001';
    const hex = BigInt(gmailId).toString(16);
    const summary = await importMbox(db, source(mbox({ ...DANA_1, gmailId }, { ...ALEX_1, gmailId: '1790000000000000002' })), opts());
    expect(summary.added).toBe(2);
    expect((await db.activities.orderBy('at').toArray()).map((a) => a.messageId)).toEqual([hex, BigInt('1790000000000000002').toString(16)]);
    const snapshot = (id: string) => ({
      status: 'thread' as const,
      threadId: 't',
      subject: 'Renewal',
      userEmail: ME,
      theme: 'light' as const,
      messages: [{ messageId: id, from: { email: 'dana@acme.com', name: 'Dana' }, to: [{ email: ME, name: '' }], cc: [], at: Date.UTC(2024, 0, 2, 10), snippet: 'x' }],
    });
    // Opened in Gmail after the import: nothing added.
    expect((await recordThread(db, snapshot(hex), DEFAULT_SETTINGS)).messagesAdded).toBe(0);
    // Recorded in Gmail first, imported after: the import finds it.
    const other = 'abcdef0123456789';
    await recordThread(db, snapshot(other), DEFAULT_SETTINGS);
    const again = await importMbox(db, source(mbox({ ...DANA_2, gmailId: BigInt(`0x${other}`).toString() })), opts());
    expect(again).toMatchObject({ added: 0, alreadyThere: 1 });
    expect(await db.activities.count()).toBe(3);
  });

  it('imports the node-mbox sample files (MIT, ../shared/data/email/node-mbox)', async () => {
    const four = readFileSync(join(DATA, 'test-4-message.mbox'));
    // Four messages from abc@gmail.com, without Message-ID, to an address without "@".
    const summary = await importMbox(db, createReadStream(join(DATA, 'test-4-message.mbox')), opts());
    expect(summary).toMatchObject({ messagesRead: 4, added: 4, contactsCreated: 1, bytesRead: four.length });
    expect((await db.contacts.toArray()).map((c) => [c.email, c.name])).toEqual([['abc@gmail.com', 'abc']]);
    expect((await db.activities.orderBy('at').toArray()).map((a) => a.subject).sort()).toEqual(['mail 1', 'mail 2', 'mail 3', 'mail 4']);
    // Same file again: the keys from date, sender and subject make it a no-op.
    expect(await importMbox(db, createReadStream(join(DATA, 'test-4-message.mbox')), opts())).toMatchObject({ added: 0, alreadyThere: 4 });
    // The user's own mail only: nothing to log.
    expect(await importMbox(db, createReadStream(join(DATA, 'test-2-message.mbox')), opts({ own: ['abc@gmail.com'] }))).toMatchObject({ added: 0, skippedNoCorrespondent: 2 });
    const empty = await importMbox(db, createReadStream(join(DATA, 'test-0-message.mbox')), opts());
    expect(empty).toMatchObject({ messagesRead: 0, added: 0 });
  });

  it('keys messages stably', () => {
    expect(mboxActivityKey({ messageId: 'x@y', date: 1, from: null, subject: '' })).toBe('mbox:x@y');
    const a = mboxActivityKey({ messageId: null, date: 5, from: { address: 'a@b.c', name: '' }, subject: 'Hi' });
    expect(a).toBe(mboxActivityKey({ messageId: null, date: 5, from: { address: 'a@b.c', name: 'A' }, subject: 'Hi' }));
    expect(a).not.toBe(mboxActivityKey({ messageId: null, date: 5, from: { address: 'a@b.c', name: '' }, subject: 'Ho' }));
  });
});

describe('Gmail message id from a Takeout From_ line', () => {
  it('reads the decimal id of each message, as hex, and nothing for other mailboxes', async () => {
    const text =
      'From 1790000000000000001@xxx Mon Jan 01 00:00:00 +0000 2024\nMessage-ID: <a@x>\n\nhi\n\nFrom someone@example.com Mon Jan 01 00:00:00 2024\nMessage-ID: <b@x>\n\nho\n\nFrom 255@xxx Tue Jan 02 00:00:00 +0000 2024\nMessage-ID: <c@x>\n\nhu\n';
    const ids: (string | undefined)[] = [];
    async function* chunks() {
      // Split mid-line so the From_ lines cross chunk boundaries.
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    for await (const m of readMbox(chunks())) ids.push(m.gmailMessageId);
    expect(ids).toEqual([BigInt('1790000000000000001').toString(16), undefined, 'ff']);
    expect(gmailMessageIdOf('abc@xxx Mon')).toBeNull();
  });
});

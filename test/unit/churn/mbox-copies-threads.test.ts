import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { churnInputOf } from '../../../lib/churn/from-activities';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { importMbox, type MboxImportOptions } from '../../../lib/mbox/import-to-db';
import { correspondents, mboxSource, mboxText, readAll } from '../../support/mbox-text';

const ME = 'me@kizuna.example';
const opts: MboxImportOptions = { own: [ME], autoCreate: true, neverLog: [] };
const NOW = Date.parse('2026-03-20T12:00:00Z');

// One message, twice (two labels, or two exports); and another message that reuses its id.
const original = { headers: ['From: Dana <dana@acme.com>', `To: ${ME}`, 'Date: Mon, 2 Mar 2026 10:00:00 +0000', 'Message-ID: <same@acme.com>', 'Subject: Renewal'] };
const copy = { ...original, envelope: 'dana@acme.com Mon Mar  2 10:00:05 2026' };
const reuse = { headers: ['From: Dana <dana@acme.com>', `To: ${ME}`, 'Date: Tue, 3 Mar 2026 11:00:00 +0000', 'Message-ID: <same@acme.com>', 'Subject: Another'] };
const reuseOther = { headers: ['From: Lee <lee@acme.com>', `To: ${ME}`, 'Date: Mon, 2 Mar 2026 10:00:00 +0000', 'Message-ID: <same@acme.com>', 'Subject: Third'] };

describe('copies of one message and reused Message-IDs', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(() => {
    db = createDb(`mbox-copies-${++n}`);
  });
  afterEach(async () => db.delete());

  it('reads copies (same Message-ID, date and sender) once, and keeps messages that reuse an id', async () => {
    const messages = await readAll(mboxText(original, copy, reuse, copy, reuseOther));
    expect(messages.map((m) => [m.subject, m.idReused ?? false])).toEqual([
      ['Renewal', false],
      ['Another', true],
      ['Third', true],
    ]);
  });

  it('writes each message once, under its own key, and a second import adds nothing', async () => {
    const text = mboxText(original, copy, reuse, reuseOther);
    const first = await importMbox(db, mboxSource(text), opts);
    expect(first).toMatchObject({ messagesRead: 3, added: 3, alreadyThere: 1 });
    const keys = (await db.activities.orderBy('at').toArray()).map((a) => a.messageId!);
    expect(keys[0]).toBe('mbox:same@acme.com');
    expect(new Set(keys).size).toBe(3);
    expect(keys.slice(1).every((k) => k.startsWith('mbox:same@acme.com#'))).toBe(true);
    expect(await importMbox(db, mboxSource(text), opts)).toMatchObject({ added: 0, alreadyThere: 4 });
    const dana = (await db.contacts.where('email').equals('dana@acme.com').first())!;
    // Both of Dana's messages count.
    expect(churnInputOf(dana, await db.activities.where('contactIds').equals(dana.id).toArray(), NOW).mail?.inbound).toBe(2);
  });
});

describe('threads linked through every id', () => {
  // Ann's reply keeps only its parent in References (the root is lost), as some mailers do.
  const THREAD = mboxText(
    { headers: ['From: Ann <ann@acme.com>', `To: ${ME}`, 'Date: Mon, 2 Mar 2026 09:00:00 +0000', 'Message-ID: <root@acme.com>', 'Subject: Plan'] },
    {
      headers: [
        'From: Bob <bob@acme.com>',
        `To: ${ME}`,
        'Cc: ann@acme.com',
        'Date: Mon, 2 Mar 2026 10:00:00 +0000',
        'Message-ID: <mid@acme.com>',
        'In-Reply-To: <root@acme.com>',
        'References: <root@acme.com>',
      ],
    },
    { headers: ['From: Ann <ann@acme.com>', `To: ${ME}`, 'Date: Tue, 3 Mar 2026 09:00:00 +0000', 'Message-ID: <leaf@acme.com>', 'In-Reply-To: <mid@acme.com>', 'References: <mid@acme.com>'] },
    { headers: [`From: Me <${ME}>`, 'To: ann@acme.com', 'Date: Tue, 3 Mar 2026 12:00:00 +0000', 'Message-ID: <end@kizuna.example>', 'References: <leaf@acme.com>'] },
  );

  it('gives a reply whose References lost the root its parent’s thread', async () => {
    expect((await readAll(THREAD)).map((m) => m.threadId)).toEqual(['root@acme.com', 'root@acme.com', 'root@acme.com', 'root@acme.com']);
  });

  it('so our last message answers both of Ann’s: the first through the thread, the second through References', async () => {
    const [ann] = (await correspondents(THREAD, [ME], '2026-03-20T12:00:00Z')).filter((l) => l.email === 'ann@acme.com');
    expect(ann).toMatchObject({ inbound: 2, unanswered: 0 });
  });
});

describe('Bcc on the user’s own sent mail', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(() => {
    db = createDb(`mbox-bcc-${++n}`);
  });
  afterEach(async () => db.delete());

  const SENT = mboxText(
    { headers: [`From: Me <${ME}>`, 'To: ann@acme.com', 'Bcc: Boss <boss@acme.com>, other@kizuna.example', 'Date: Mon, 2 Mar 2026 10:00:00 +0000', 'Message-ID: <s1@kizuna.example>'] },
    // Bcc on mail received is not ours to count.
    { headers: ['From: Eve <eve@evil.example>', `To: ${ME}`, 'Bcc: carl@acme.com', 'Date: Mon, 2 Mar 2026 11:00:00 +0000', 'Message-ID: <e1@evil.example>'] },
  );

  it('counts as outbound to each Bcc recipient', async () => {
    await importMbox(db, mboxSource(SENT), { ...opts, own: [ME, 'other@kizuna.example'] });
    const contacts = await db.contacts.orderBy('email').toArray();
    expect(contacts.map((c) => [c.email, c.name, c.lastOutboundAt])).toEqual([
      ['ann@acme.com', '', Date.UTC(2026, 2, 2, 10)],
      ['boss@acme.com', 'Boss', Date.UTC(2026, 2, 2, 10)],
      ['eve@evil.example', 'Eve', undefined],
    ]);
    const boss = contacts[1];
    expect(churnInputOf(boss, await db.activities.where('contactIds').equals(boss.id).toArray(), NOW).mail).toMatchObject({ outbound: 1, daysSinceOurLast: 18 });
    const lines = await correspondents(SENT, [ME], '2026-03-20T12:00:00Z');
    expect(lines.find((l) => l.email === 'boss@acme.com')).toMatchObject({ outbound: 1, lastOutboundAt: '2026-03-02T10:00:00.000Z' });
    expect(lines.find((l) => l.email === 'carl@acme.com')).toBeUndefined();
  });
});

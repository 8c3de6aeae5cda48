import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRobotAddress } from '../../../lib/contacts/robot-address';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { importMbox, type MboxImportOptions } from '../../../lib/mbox/import-to-db';
import { correspondents, mboxSource, mboxText, readAll } from '../../support/mbox-text';

const ME = 'me@kizuna.example';
const opts: MboxImportOptions = { own: [ME], autoCreate: true, neverLog: [] };
const dated = (day: number) => `Date: Mon, ${day} Mar 2026 10:00:00 +0000`;

// A person writes to a mailing list the user reads; the list adds its headers.
const LIST_POST = mboxText(
  { headers: ['From: Pat Poster <pat@forum.example>', 'To: users@lists.example', 'List-Id: Users <users.lists.example>', dated(2), 'Message-ID: <l1@forum.example>'] },
  { headers: ['From: Quinn <quinn@forum.example>', 'To: users@lists.example', 'Cc: ann@acme.example', 'List-Post: <mailto:users@lists.example>', dated(3), 'Message-ID: <l2@forum.example>'] },
  { headers: ['From: News <news@shop.example>', `To: ${ME}`, 'Precedence: bulk', dated(4), 'Message-ID: <l3@shop.example>'] },
  { headers: ['From: Old <old@shop.example>', `To: ${ME}`, 'Precedence: junk', dated(4), 'Message-ID: <l4@shop.example>'] },
);

const ROBOTS = mboxText(
  { headers: ['From: GitHub <notifications@github.com>', `To: ${ME}`, 'Cc: Ann <ann@acme.example>', dated(2), 'Message-ID: <r1@github.com>'] },
  { headers: ['From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example>', `To: ${ME}`, dated(3), 'Message-ID: <r2@mx.example>'] },
  { headers: ['From: Shop <no-reply@shop.example>', `To: ${ME}`, 'Reply-To: bounces+1234@mail.shop.example', dated(4), 'Message-ID: <r3@shop.example>'] },
  { headers: [`From: Me <${ME}>`, 'To: postmaster@acme.example, donotreply@acme.example', dated(5), 'Message-ID: <r4@kizuna.example>'] },
);

describe('role and robot addresses', () => {
  it.each([
    'noreply@x.com',
    'no-reply@x.com',
    'no_reply@x.com',
    'donotreply@x.com',
    'do-not-reply@x.com',
    'accounts-noreply@google.com',
    'notifications@github.com',
    'notification@facebookmail.com',
    'calendar-notification@google.com',
    'MAILER-DAEMON@mx.example',
    'postmaster@x.com',
    'bounce@x.com',
    'bounces+abc=me@sendgrid.net',
    'bounce-123@x.com',
    'users-bounces@lists.example',
    'users-request@lists.example',
    'owner-users@lists.example',
    'listserv@x.edu',
    'majordomo@x.org',
    'autoreply@x.com',
    'newsletter@shop.example',
    'alice@bounce.shop.example',
    'mailer-daemon',
  ])('%s is a robot', (email) => expect(isRobotAddress(email)).toBe(true));

  it.each(['ann@acme.example', 'noreen@x.com', 'bouncer@club.example', 'info@acme.example', 'support@acme.example', 'sales@acme.example', 'notary@law.example', 'replyall@x.com'])(
    '%s is a person (or a role a person answers)',
    (email) => expect(isRobotAddress(email)).toBe(false),
  );
});

describe('mailing lists and robots never become contacts', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(() => {
    db = createDb(`mbox-lists-${++n}`);
  });
  afterEach(async () => db.delete());

  it('reads List-Id, List-Post and Precedence list/bulk/junk as list mail', async () => {
    const messages = await readAll(LIST_POST + mboxText({ headers: ['From: Ann <ann@acme.example>', `To: ${ME}`, 'Precedence: first-class', dated(5)] }));
    expect(messages.map((m) => m.list)).toEqual([true, true, true, true, false]);
  });

  it('creates no contact from list mail, but records it for a contact who exists', async () => {
    await db.contacts.add({ email: 'quinn@forum.example', name: 'Quinn', tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 });
    const summary = await importMbox(db, mboxSource(LIST_POST), opts);
    expect((await db.contacts.toArray()).map((c) => c.email)).toEqual(['quinn@forum.example']);
    expect(summary).toMatchObject({ contactsCreated: 0, added: 1, skippedNoCorrespondent: 3 });
  });

  it('a person on a list who also writes directly becomes a contact', async () => {
    const direct = mboxText({ headers: ['From: Pat <pat@forum.example>', `To: ${ME}`, dated(9), 'Message-ID: <d1@forum.example>'] });
    await importMbox(db, mboxSource(LIST_POST + direct), opts);
    expect((await db.contacts.toArray()).map((c) => c.email)).toEqual(['pat@forum.example']);
    expect(await db.activities.count()).toBe(2);
  });

  it('creates no contact for a robot address, in either direction; people on the same mail still count', async () => {
    const summary = await importMbox(db, mboxSource(ROBOTS), opts);
    expect((await db.contacts.toArray()).map((c) => c.email)).toEqual(['ann@acme.example']);
    expect(summary).toMatchObject({ contactsCreated: 1, added: 1, skippedNoCorrespondent: 3 });
  });

  it('the command line lists neither', async () => {
    const ann = mboxText({ headers: ['From: Ann <ann@acme.example>', `To: ${ME}`, dated(6), 'Message-ID: <a1@acme.example>'] });
    const lines = await correspondents(LIST_POST + ROBOTS + ann, [ME], '2026-03-10T12:00:00Z');
    expect(lines.map((l) => l.email)).toEqual(['ann@acme.example']);
  });
});

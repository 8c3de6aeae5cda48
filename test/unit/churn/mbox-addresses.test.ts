import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { parseAddressList } from '../../../lib/mbox/addresses';
import { importMbox } from '../../../lib/mbox/import-to-db';
import { mboxSource, mboxText, readAll } from '../../support/mbox-text';

describe('address lists as real mailers write them', () => {
  it('reads an unquoted comma in a display name as part of the name', () => {
    expect(parseAddressList('Doe, John <John@X.com>')).toEqual([{ name: 'Doe, John', address: 'john@x.com' }]);
    expect(parseAddressList('Doe, John <john@x.com>, Smith, Ann <ann@y.com>, bob@z.com')).toEqual([
      { name: 'Doe, John', address: 'john@x.com' },
      { name: 'Smith, Ann', address: 'ann@y.com' },
      { name: '', address: 'bob@z.com' },
    ]);
    expect(parseAddressList('"Doe, John" <john@x.com>')).toEqual([{ name: 'Doe, John', address: 'john@x.com' }]);
  });

  it('finds an address written after words, without angle brackets', () => {
    expect(parseAddressList('John Doe john@x.com')).toEqual([{ name: 'John Doe', address: 'john@x.com' }]);
    expect(parseAddressList('Doe, John john@x.com')).toEqual([{ name: 'Doe, John', address: 'john@x.com' }]);
  });

  it('drops an obsolete route', () => {
    expect(parseAddressList('<@relay1.example,@relay2.example:User@Host.example>')).toEqual([{ name: '', address: 'user@host.example' }]);
    expect(parseAddressList('Ann <@relay.example:ann@host.example>, bob@b.example')).toEqual([
      { name: 'Ann', address: 'ann@host.example' },
      { name: '', address: 'bob@b.example' },
    ]);
  });

  it('keeps groups’ members, comments as names, encoded names, and names no one for an empty group or a bare word', () => {
    expect(parseAddressList('Team: a@x.org, "B, C" <b@x.org>;, d@x.org (Dee)')).toEqual([
      { name: '', address: 'a@x.org' },
      { name: 'B, C', address: 'b@x.org' },
      { name: 'Dee', address: 'd@x.org' },
    ]);
    expect(parseAddressList('=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <taro@acme.co.jp>')).toEqual([{ name: '山田', address: 'taro@acme.co.jp' }]);
    expect(parseAddressList('undisclosed-recipients:;')).toEqual([]);
    expect(parseAddressList('nobody')).toEqual([]);
  });
});

describe('these addresses in a mailbox import', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(() => {
    db = createDb(`mbox-addresses-${++n}`);
  });
  afterEach(async () => db.delete());

  it('makes contacts of the mailboxes, named as written', async () => {
    const text = mboxText({
      headers: [
        'From: Doe, John <John@X.com>',
        'To: Me <me@kizuna.example>, Smith, Ann ann@y.com',
        'Cc: <@relay.example:kim@z.com>',
        'Date: Mon, 2 Mar 2026 10:00:00 +0000',
        'Message-ID: <m1@x.com>',
        'Subject: Hello',
      ],
    });
    const [m] = await readAll(text);
    expect(m.from).toEqual({ name: 'Doe, John', address: 'john@x.com' });
    await importMbox(db, mboxSource(text), { own: ['me@kizuna.example'], autoCreate: true, neverLog: [] });
    expect((await db.contacts.orderBy('email').toArray()).map((c) => [c.email, c.name])).toEqual([
      ['ann@y.com', 'Smith, Ann'],
      ['john@x.com', 'Doe, John'],
      ['kim@z.com', ''],
    ]);
    expect((await db.activities.toArray()).map((a) => a.from)).toEqual(['john@x.com']);
  });
});

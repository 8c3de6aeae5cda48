import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { churnInputOf } from '../../../lib/churn/from-activities';
import type { MailboxSignals } from '../../../lib/churn/signals';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { importMbox } from '../../../lib/mbox/import-to-db';
import { correspondents, mboxSource, mboxText, type MboxMessage } from '../../support/mbox-text';

const ME = 'me@kizuna.example';
const ALIAS = 'sales@kizuna.example';
// Thursday: two working days after Monday morning.
const NOW = '2026-03-05T12:00:00Z';

const mail = (from: string, to: string, date: string, id: string, extra: string[] = [], body = 'Hello.'): MboxMessage => ({
  headers: [`From: ${from}`, `To: ${to}`, `Date: ${date} +0000`, `Message-ID: <${id}>`, 'Subject: Plan', ...extra],
  body,
});

let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`mbox-reply-${++n}`);
});
afterEach(async () => db.delete());

/** The signals of each correspondent, from the command line's collector and from an import into the database. */
async function bothWays(text: string, email: string): Promise<{ cli: Awaited<ReturnType<typeof correspondents>>[number]; db: MailboxSignals }> {
  const cli = (await correspondents(text, [ME, ALIAS], NOW)).find((l) => l.email === email)!;
  await importMbox(db, mboxSource(text), { own: [ME, ALIAS], autoCreate: true, neverLog: [] });
  const contact = (await db.contacts.where('email').equals(email).first())!;
  const activities = await db.activities.where('contactIds').equals(contact.id).toArray();
  return { cli, db: churnInputOf(contact, activities, Date.parse(NOW)).mail! };
}

describe('reply time is measured from the message our reply names', () => {
  it('extended back over their unanswered follow-ups, even when our reply’s References lost the first', async () => {
    const text = mboxText(
      mail('Dana <dana@acme.com>', ME, 'Mon, 2 Mar 2026 09:00:00', 'a@acme.com'),
      mail('Dana <dana@acme.com>', ME, 'Tue, 3 Mar 2026 09:00:00', 'b@acme.com', ['In-Reply-To: <a@acme.com>', 'References: <a@acme.com>'], 'Any news?'),
      mail(`Me <${ME}>`, 'dana@acme.com', 'Wed, 4 Mar 2026 09:00:00', 'r@kizuna.example', ['In-Reply-To: <b@acme.com>', 'References: <b@acme.com>']),
    );
    const { cli, db } = await bothWays(text, 'dana@acme.com');
    expect(cli).toMatchObject({ medianReplyHours: 48, unanswered: 0 });
    expect(db).toMatchObject({ medianReplyHours: 48, replySamples: 1, unanswered: 0 });
  });

  it('a reply naming someone else’s message answers them by References, untimed', async () => {
    const text = mboxText(
      mail('Dana <dana@acme.com>', ME, 'Mon, 2 Mar 2026 09:00:00', 'd1@acme.com'),
      mail('Bob <bob@acme.com>', ME, 'Mon, 2 Mar 2026 12:00:00', 'b1@acme.com', ['Cc: dana@acme.com', 'In-Reply-To: <d1@acme.com>', 'References: <d1@acme.com>']),
      mail(`Me <${ME}>`, 'bob@acme.com, dana@acme.com', 'Tue, 3 Mar 2026 09:00:00', 'r1@kizuna.example', ['In-Reply-To: <b1@acme.com>', 'References: <d1@acme.com> <b1@acme.com>']),
    );
    const dana = await bothWays(text, 'dana@acme.com');
    expect(dana.cli).toMatchObject({ medianReplyHours: null, unanswered: 0 });
    expect(dana.db).toMatchObject({ medianReplyHours: null, replySamples: 0, unanswered: 0 });
    const bob = (await correspondents(text, [ME], NOW)).find((l) => l.email === 'bob@acme.com');
    expect(bob).toMatchObject({ medianReplyHours: 21, unanswered: 0 });
  });

  it('our reply to someone else is no reply to the people in Cc', async () => {
    const text = mboxText(
      mail('Carol <carol@acme.com>', ME, 'Mon, 2 Mar 2026 09:00:00', 'c1@acme.com', ['Cc: bob@acme.com']),
      mail('Bob <bob@acme.com>', ME, 'Mon, 2 Mar 2026 10:00:00', 'b1@acme.com', ['Cc: carol@acme.com', 'In-Reply-To: <c1@acme.com>', 'References: <c1@acme.com>']),
      mail(`Me <${ME}>`, 'bob@acme.com', 'Tue, 3 Mar 2026 10:00:00', 'r1@kizuna.example', ['Cc: carol@acme.com', 'In-Reply-To: <b1@acme.com>', 'References: <c1@acme.com> <b1@acme.com>']),
    );
    const carol = await bothWays(text, 'carol@acme.com');
    expect(carol.cli).toMatchObject({ outbound: 1, medianReplyHours: null, unanswered: 1 });
    expect(carol.db).toMatchObject({ outbound: 1, medianReplyHours: null, unanswered: 1, oldestUnansweredDays: 3 });
    expect((await correspondents(text, [ME], NOW)).find((l) => l.email === 'bob@acme.com')).toMatchObject({ medianReplyHours: 24, unanswered: 0 });
  });
});

describe('only mail that had the user in To or Cc counts', () => {
  it('for unanswered, silence and intent; an alias counts as the user', async () => {
    const text = mboxText(
      mail('Dana <dana@acme.com>', ALIAS, 'Mon, 2 Feb 2026 09:00:00', 'old@acme.com', [], 'Thanks, all good.'),
      mail(`Me <${ALIAS}>`, 'dana@acme.com', 'Mon, 2 Feb 2026 10:00:00', 'rold@kizuna.example', ['In-Reply-To: <old@acme.com>']),
      // Sent to her team; the user got it by Bcc (or a list without list headers).
      mail('Dana <dana@acme.com>', 'team@acme.com', 'Mon, 2 Mar 2026 09:00:00', 'team@acme.com', ['Cc: cfo@acme.com'], 'We will cancel the contract.'),
      // The user in Cc counts.
      mail('Dana <dana@acme.com>', 'cfo@acme.com', 'Sun, 1 Mar 2026 09:00:00', 'cc@acme.com', [`Cc: Me <${ME}>`], 'Can you send the invoice?'),
    );
    const { cli, db } = await bothWays(text, 'dana@acme.com');
    expect(cli).toMatchObject({ inbound: 3, lastInboundAt: '2026-03-01T09:00:00.000Z', unanswered: 1, intentHits: 0 });
    expect(db).toMatchObject({ inbound: 3, daysSinceTheirLast: 4, unanswered: 1, intentHits: 0, inboundLast30: 1, inboundPrev90: 1 });
  });
});

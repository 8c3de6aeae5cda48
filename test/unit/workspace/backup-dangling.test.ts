import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, readAllTables, restoreBackup } from '../../../lib/backup/db';
import { readBackupText } from '../../../lib/backup/format';
import { nothingLeftOut } from '../../../lib/backup/integrity';
import type { BackupTables } from '../../../lib/backup/schemas';
import { createDexieStore } from '../../../lib/campaigns/dexie-store';
import { copyReplies, recordSend, recordStop } from '../../../lib/campaigns/history';
import type { Recipient } from '../../../lib/campaigns/types';
import { storeAlerts } from '../../../lib/churn/alert-store';
import { addNote } from '../../../lib/contacts/notes';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import type { GmailClient } from '../../../lib/gmail-api/client';
import type { GmailThread } from '../../../lib/gmail-api/schemas';
import { importMbox } from '../../../lib/mbox/import-to-db';
import { applyBulk } from '../../../lib/workspace/bulk';
import { makeCampaign } from '../campaigns/fixtures';

// A history row or alert written for a contact deleted just before makes a backup that restore used to
// refuse. Each path below deletes a contact the way the app does (applyBulk), then writes through the
// real code, backs up and restores.

const ME = 'me@kizuna-demo.com';
const NOW = 1_800_000_000_000;
let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`backup-dangling-${++n}`);
});
afterEach(async () => db.delete());

const person = (email: string): Omit<Contact, 'id'> => ({ email, name: '', tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 });
const deleteContact = async (id: number) => applyBulk(db, [id], { kind: 'delete' }, { now: NOW });

/** Backs up, restores into an empty database and reads it back; throws with the errors when the file is refused. */
async function backupAndRestore(): Promise<BackupTables> {
  const check = readBackupText(JSON.stringify(await backupDatabase(db, NOW)));
  if (!check.ok) throw new Error(`restore refused:\n${check.errors.join('\n')}`);
  // Nothing for the restore to leave out: no row was written for a contact that was gone.
  expect(nothingLeftOut(check.leftOut)).toBe(true);
  const other = createDb(`backup-dangling-restored-${n}`);
  try {
    await restoreBackup(other, check.backup);
    return await readAllTables(other);
  } finally {
    await other.delete();
  }
}

const recipient = (contactId: number, threadId: string, patch: Partial<Recipient> = {}): Recipient => ({
  id: `c1:${contactId}`,
  campaignId: 'c1',
  contactId,
  email: 'x@acme.com',
  step: 0,
  state: 'sending',
  sentMessageIds: [],
  attempts: 1,
  updatedAt: 0,
  threadId,
  threadSubject: 'Hello',
  ...patch,
});

function gmailWithReplies(replies: Record<string, { id: string; from: string }>): GmailClient {
  return {
    send: () => Promise.reject(new Error('not used')),
    list: () => Promise.resolve([]),
    getThread: (id) => {
      const reply = replies[id];
      const thread: GmailThread = {
        id,
        messages: [
          {
            id: reply.id,
            threadId: id,
            snippet: 'Thanks',
            internalDate: String(NOW - 1000),
            payload: {
              headers: [
                { name: 'From', value: reply.from },
                { name: 'Subject', value: 'Re: Hello' },
              ],
            },
          },
        ],
      };
      return Promise.resolve(thread);
    },
  };
}

describe('no history row or alert for a contact that is gone', () => {
  it("a reply to a deleted contact's campaign message is not copied into history; a live contact's is", async () => {
    const dana = await db.contacts.add(person('dana@acme.com') as Contact);
    const kim = await db.contacts.add(person('kim@acme.com') as Contact);
    await deleteContact(dana);
    const gmail = gmailWithReplies({ t1: { id: 'g-dana', from: 'Dana <dana@acme.com>' }, t2: { id: 'g-kim', from: 'kim@acme.com' } });
    await copyReplies(db, gmail, ME, recipient(dana, 't1'));
    await copyReplies(db, gmail, ME, recipient(kim, 't2'));

    const restored = await backupAndRestore();
    expect(restored.activities.map((a) => [a.messageId, a.contactIds])).toEqual([['g-kim', [kim]]]);
    expect(restored.contacts.find((c) => c.id === kim)?.lastInboundAt).toBe(NOW - 1000);
  });

  it('a send or a stop recorded for a deleted contact writes no history row, and the recipient still moves on', async () => {
    const dana = await db.contacts.add(person('dana@acme.com') as Contact);
    await deleteContact(dana);
    const store = createDexieStore(db, { sent: (r) => recordSend(db, r), stopped: (r) => recordStop(db, r) });
    await store.putCampaign(makeCampaign({ status: 'done' }));
    await store.addRecipients([recipient(dana, 't1'), recipient(dana, 't2', { id: 'c1:stop', state: 'sent' })]);
    await store.transition(`c1:${dana}`, 'sending', 'sent', { gmailMessageId: 'g1', sentAt: NOW }, { at: NOW, count: 1, kind: 'send' });
    await store.transition('c1:stop', 'sent', 'skipped', { reason: 'unsubscribed' });

    expect((await store.getRecipient(`c1:${dana}`))?.state).toBe('sent');
    expect((await store.getRecipient('c1:stop'))?.state).toBe('skipped');
    const restored = await backupAndRestore();
    expect(restored.activities).toEqual([]);
    expect(restored.sendLedger).toHaveLength(1);
  });

  it('an mbox import does not reuse a contact deleted between two batches, nor create it again', async () => {
    const messages = [
      ['a1', 'Dana <dana@acme.com>', 'Tue, 02 Jan 2024 10:00:00 +0000'],
      ['a2', 'dana@acme.com', 'Wed, 03 Jan 2024 10:00:00 +0000'],
      ['k1', 'kim@acme.com', 'Thu, 04 Jan 2024 10:00:00 +0000'],
    ].map(([id, from, date]) => `From x@x Mon Jan 01 00:00:00 2024\nMessage-ID: <${id}@acme.com>\nFrom: ${from}\nTo: ${ME}\nDate: ${date}\nSubject: Hi\n\nHello\n\n`);
    let deleted!: () => void;
    const deletion = new Promise<void>((resolve) => (deleted = resolve));
    let started = false;
    // The first message is written as batch 1; dana is deleted (as in the contacts list) before batch 2 is read.
    async function* chunks() {
      yield messages[0] + messages[1];
      await deletion;
      yield messages[2];
    }
    const summary = await importMbox(db, chunks(), {
      own: [ME],
      autoCreate: true,
      neverLog: [],
      batchSize: 1,
      now: () => NOW,
      onProgress: (p) => {
        if (p.added !== 1 || started) return;
        started = true;
        void db.contacts
          .where('email')
          .equals('dana@acme.com')
          .first()
          .then((c) => deleteContact(c!.id))
          .then(() => deleted());
      },
    });
    expect(summary).toMatchObject({ added: 2, skippedNoCorrespondent: 1, contactsCreated: 2 });

    const restored = await backupAndRestore();
    expect(restored.contacts.map((c) => c.email)).toEqual(['kim@acme.com']);
    expect(restored.activities.map((a) => [a.messageId, a.contactIds])).toEqual([['mbox:k1@acme.com', [restored.contacts[0].id]]]);
  });

  it('an alert detected for a contact deleted since is not stored', async () => {
    const dana = await db.contacts.add(person('dana@acme.com') as Contact);
    const kim = await db.contacts.add(person('kim@acme.com') as Contact);
    await deleteContact(dana);
    const draft = (contactId: number) => ({ key: `${contactId}:intent:m`, contactId, kind: 'intent' as const, at: NOW, detail: '{}' });
    const { added } = await storeAlerts(db, [draft(dana), draft(kim)], [dana, kim], NOW);
    expect(added.map((a) => a.contactId)).toEqual([kim]);

    const restored = await backupAndRestore();
    expect(restored.alerts.map((a) => a.contactId)).toEqual([kim]);
  });

  it('a note for a deleted contact is refused', async () => {
    const dana = await db.contacts.add(person('dana@acme.com') as Contact);
    await deleteContact(dana);
    await expect(addNote(db, dana, 'Called')).rejects.toThrow(`no contact ${dana}`);
    expect((await backupAndRestore()).activities).toEqual([]);
  });
});

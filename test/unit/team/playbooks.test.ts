// Playbooks and sequences through the bridge (two members, documents relayed in memory): definitions made before or
// after joining reach the other member with that browser's own tag, template and company ids (team keys in the book);
// an edit, a switch and a delete come back; a viewer's store refuses them; and a firing is acted on by one browser
// only (the contact's owner's, or for a contact without an owner the playbook's runner's).
import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { knownRefsOf } from '../../../lib/playbooks/known';
import { runPlaybooks, type TaskSink } from '../../../lib/playbooks/run';
import { playbookStoreOf } from '../../../lib/playbooks/store';
import type { PlaybookInput } from '../../../lib/playbooks/types';
import { pendingChanges, TeamReadOnlyError } from '../../../lib/team/outbox';
import { saveTemplate } from '../../../lib/templates/store';
import { MISSING_TEMPLATE } from '../../../lib/team/playbook-refs';
import { readPlaybooks } from '../../../lib/team/book-playbooks';
import { TeamBook } from '../../../lib/team/book-doc';
import { pullPlaybooks } from '../../../lib/team/playbook-sync';
import { createDb } from '../../../lib/db/schema';
import { person } from '../contacts/store-contract';
import { link, replica, teamMembers, until } from './replicas';

const member = teamMembers('team-pb');

const tagId = async (db: KizunaDb, name: string) => (await contactStoreOf(db).tags.ensure([name]))[0].id;
const templateId = async (db: KizunaDb, name: string) => (await db.templates.toArray()).find((t) => t.name === name)?.id;
const template = async (db: KizunaDb, name: string, team: boolean) => {
  const result = await saveTemplate(db, { name, subject: 'Hi', body: `Body of ${name}`, language: 'en', createdAt: 1, updatedAt: 1, ...(team ? { team: crypto.randomUUID() } : {}) });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.id;
};
const save = async (db: KizunaDb, input: PlaybookInput) => {
  const result = await playbookStoreOf(db).save(input, await knownRefsOf(db, ['ann@acme.example', 'ben@acme.example']), 1);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
};
const documentsText = (docs: Map<string, Y.Doc>) => JSON.stringify(docs.get('book')!.toJSON());

/** A playbook: tag "vip" added → tag "follow-up", a call task (with a template), enrolment in the sequence. */
async function vipPlaybook(db: KizunaDb, sequenceId: string, templateName: string): Promise<PlaybookInput> {
  const [vip, followUp] = [await tagId(db, 'VIP'), await tagId(db, 'follow-up')];
  return {
    id: 'pb-vip',
    name: 'VIP welcome',
    enabled: true,
    trigger: { type: 'tag-added', tagIds: [vip] },
    conditions: { conditions: [{ type: 'tags', mode: 'none', tagIds: [followUp] }] },
    actions: [
      { type: 'add-tag', tagId: followUp },
      { type: 'create-task', owner: '', taskType: 'call', title: 'Welcome call', dueInDays: 1, templateId: await templateId(db, templateName) },
      { type: 'enrol', sequenceId },
    ],
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('team playbooks and sequences', { timeout: 30_000 }, () => {
  it('shares definitions with team keys: the other member gets its own tag and template ids; an edit, a switch and a delete come back', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    // Ben has other tags and templates first: his local ids differ from Ann's.
    const b = await member('Ben', docsB, {
      before: async (db) => {
        await tagId(db, 'other');
        await tagId(db, 'another');
        await template(db, 'Ben only', false);
      },
    });
    const a = await member('Ann', docsA, {
      before: async (db) => {
        const welcome = await template(db, 'Welcome', true);
        await playbookStoreOf(db).saveSequence({ id: 'seq-w', name: 'Welcome series', steps: [{ templateId: welcome, delayDays: 0 }], sendWithoutApproval: false, allowConcurrent: false });
        await save(db, await vipPlaybook(db, 'seq-w', 'Welcome'));
      },
    });
    await until(async () => !!(await b.db.playbooks.get('pb-vip')) && !!(await b.db.sequences.get('seq-w')), 'the playbook and the sequence made before joining to reach Ben');
    const onB = (await b.db.playbooks.get('pb-vip'))!;
    const [vipB, followB, welcomeB] = [await tagId(b.db, 'vip'), await tagId(b.db, 'follow-up'), await templateId(b.db, 'Welcome')];
    expect(vipB).not.toBe(await tagId(a.db, 'vip'));
    expect(welcomeB).not.toBe(await templateId(a.db, 'Welcome'));
    expect(onB.trigger).toEqual({ type: 'tag-added', tagIds: [vipB] });
    expect(onB.conditions).toEqual({ conditions: [{ type: 'tags', mode: 'none', tagIds: [followB] }] });
    expect(onB.actions).toEqual([
      { type: 'add-tag', tagId: followB },
      { type: 'create-task', owner: '', taskType: 'call', title: 'Welcome call', dueInDays: 1, templateId: welcomeB },
      { type: 'enrol', sequenceId: 'seq-w' },
    ]);
    expect(onB.runner).toBe('Ann');
    expect((await b.db.sequences.get('seq-w'))?.steps).toEqual([{ templateId: welcomeB, delayDays: 0, condition: 'no-reply' }]);
    // Local ids never enter the book: the trigger names the tag by its key.
    expect(JSON.parse(readPlaybooks(docsA.get('book')!).live.get('pb-vip')!.trigger)).toEqual({ type: 'tag-added', tagKeys: ['vip'] });

    // Ben renames it, then switches it off: Ann gets both, and Ben is its runner now.
    await save(b.db, { ...onB, name: 'VIP welcome (v2)' });
    await playbookStoreOf(b.db).setEnabled('pb-vip', false, 2);
    await until(async () => (await a.db.playbooks.get('pb-vip'))?.enabled === false, 'Ben’s switch to reach Ann');
    expect(await a.db.playbooks.get('pb-vip')).toMatchObject({ name: 'VIP welcome (v2)', runner: 'Ben', trigger: { type: 'tag-added', tagIds: [await tagId(a.db, 'vip')] } });
    await playbookStoreOf(b.db).saveSequence({ id: 'seq-w', name: 'Welcome series (short)', steps: [{ templateId: welcomeB, delayDays: 0 }], sendWithoutApproval: true, allowConcurrent: false });
    await until(async () => (await a.db.sequences.get('seq-w'))?.name === 'Welcome series (short)', 'Ben’s sequence edit to reach Ann');
    expect((await a.db.sequences.get('seq-w'))?.steps).toEqual([{ templateId: await templateId(a.db, 'Welcome'), delayDays: 0, condition: 'no-reply' }]);

    await playbookStoreOf(a.db).delete('pb-vip');
    await playbookStoreOf(a.db).deleteSequence('seq-w');
    await until(async () => !(await b.db.playbooks.get('pb-vip')) && !(await b.db.sequences.get('seq-w')), 'Ann’s deletes to reach Ben');
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'the outboxes to drain');
  });

  it('a personal template stays out of the book: the task comes without it, the sequence step is marked missing and pauses the playbook there', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB);
    const mine = await template(a.db, 'Ann private', false);
    await playbookStoreOf(a.db).saveSequence({ id: 'seq-p', name: 'Private series', steps: [{ templateId: mine, delayDays: 0 }], sendWithoutApproval: false, allowConcurrent: false });
    await save(a.db, { ...(await vipPlaybook(a.db, 'seq-p', 'Ann private')), id: 'pb-p' });
    await until(async () => !!(await b.db.playbooks.get('pb-p')) && !!(await b.db.sequences.get('seq-p')), 'the playbook to reach Ben');
    expect(documentsText(docsA)).not.toContain('Ann private');
    expect((await b.db.sequences.get('seq-p'))?.steps[0].templateId).toBe(MISSING_TEMPLATE);
    expect((await b.db.playbooks.get('pb-p'))?.actions[1]).not.toHaveProperty('templateId');
    // Ann keeps her template in both.
    expect((await a.db.playbooks.get('pb-p'))?.actions[1]).toMatchObject({ templateId: mine });
    expect((await a.db.sequences.get('seq-p'))?.steps[0].templateId).toBe(mine);
    // Ben's run pauses it in his browser only, saying why.
    const known = await knownRefsOf(b.db, ['ben@acme.example']);
    const run = await runPlaybooks(b.db, { now: Date.now(), owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, actsFor: new Set(['ben']) });
    expect(run.plan.paused.map((p) => p.reason.key)).toEqual(['pbErrSequenceTemplate']);
    expect((await b.db.playbooks.get('pb-p'))?.enabled).toBe(false);
    await until(async () => (await pendingChanges(b.db)) === 0, 'Ben’s outbox to drain');
    expect((await a.db.playbooks.get('pb-p'))?.enabled).toBe(true);
  });

  it('refuses a viewer’s playbook and sequence writes in the store, and stores nothing', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const viewer = await member('Vic', docsB, { readOnly: true });
    const welcome = await template(a.db, 'Welcome', true);
    await playbookStoreOf(a.db).saveSequence({ id: 'seq-w', name: 'Welcome series', steps: [{ templateId: welcome, delayDays: 0 }], sendWithoutApproval: false, allowConcurrent: false });
    await save(a.db, await vipPlaybook(a.db, 'seq-w', 'Welcome'));
    await until(async () => !!(await viewer.db.playbooks.get('pb-vip')), 'the playbook to reach the viewer');
    const store = playbookStoreOf(viewer.db);
    const known = await knownRefsOf(viewer.db, []);
    await expect(store.save({ ...(await viewer.db.playbooks.get('pb-vip'))!, name: 'Mine' }, known, 2)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(store.setEnabled('pb-vip', false, 2)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(store.delete('pb-vip')).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(
      store.saveSequence({ id: 'seq-v', name: 'Mine', steps: [{ templateId: (await templateId(viewer.db, 'Welcome'))!, delayDays: 0 }], sendWithoutApproval: false, allowConcurrent: false }),
    ).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(store.deleteSequence('seq-w')).rejects.toBeInstanceOf(TeamReadOnlyError);
    expect(await viewer.db.playbooks.get('pb-vip')).toMatchObject({ name: 'VIP welcome', enabled: true });
    expect((await viewer.db.sequences.toArray()).map((s) => s.id)).toEqual(['seq-w']);
  });

  it('fires once across the team: the owner’s browser for an owned contact, the runner’s for a contact without an owner', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB);
    await contactStoreOf(a.db).add(person('nobody@acme.example', { owner: '' }));
    await contactStoreOf(a.db).add(person('bens@acme.example', { owner: 'Ben' }));
    await save(a.db, {
      id: 'pb-task',
      name: 'VIP call',
      enabled: true,
      trigger: { type: 'tag-added', tagIds: [await tagId(a.db, 'VIP')] },
      conditions: { conditions: [] },
      actions: [{ type: 'create-task', owner: '', taskType: 'call', title: 'VIP call', dueInDays: 1 }],
      createdAt: 1,
      updatedAt: 1,
    });
    await until(
      async () => (await b.db.playbooks.get('pb-task'))?.runner === 'Ann' && (await contactStoreOf(b.db).byEmails(['bens@acme.example'])).length === 1,
      'the playbook and contacts to reach Ben',
    );
    const ids = (await contactStoreOf(a.db).byEmails(['nobody@acme.example', 'bens@acme.example'])).map((c) => c.id);
    await contactStoreOf(a.db).addToTag(await tagId(a.db, 'vip'), ids);
    // The tagging reaches Ben's book as tag events of his own, which his run reads.
    await until(async () => (await b.db.tagEvents.count()) > 0 && (await contactStoreOf(b.db).byEmails(['nobody@acme.example']))[0].tags.length === 1, 'the tags to reach Ben');
    await until(async () => (await contactStoreOf(b.db).byEmails(['bens@acme.example']))[0].tags.length === 1, 'the tags to reach Ben');
    const acted = async (db: KizunaDb, me: string) => {
      const made: string[] = [];
      const sink: TaskSink = { tables: [], create: async (t) => void made.push((await contactStoreOf(db).get(t.contactId))!.email) };
      await playbookStoreOf(db).setCursor(0);
      const known = await knownRefsOf(db, []);
      await runPlaybooks(db, { now: Date.now() + 1000, owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, tasks: sink, actsFor: new Set([me]) });
      return made;
    };
    expect(await acted(a.db, 'ann')).toEqual(['nobody@acme.example']);
    expect(await acted(b.db, 'ben')).toEqual(['bens@acme.example']);
  });

  it('a book with no playbook or sequence pulls without a transaction (none over the contacts, ahead of a contact’s pull)', async () => {
    const db = createDb(`team-pb-empty-${crypto.randomUUID()}`);
    const book = new TeamBook(replica());
    const transaction = vi.spyOn(db, 'transaction');
    try {
      await pullPlaybooks(db, book);
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
      book.destroy();
      await db.delete();
    }
  });
});

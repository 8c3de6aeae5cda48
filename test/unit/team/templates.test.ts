// Team templates through the bridge (two members, documents relayed in memory as a server would): a template
// marked "team" reaches the other member and is edited by either, a personal one never leaves the browser, a
// viewer's store refuses to change a team template, and outbox rows go only once the documents are stored.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { KizunaDb } from '../../../lib/db/schema';
import { storedSoFar } from '../../../lib/team/host';
import { pendingChanges, TeamReadOnlyError } from '../../../lib/team/outbox';
import { deleteTemplate, saveTemplate } from '../../../lib/templates/store';
import type { TemplateInput } from '../../../lib/templates/schema';
import { link, replica, teamMembers, until } from './replicas';

const member = teamMembers('team-tpl');

const draft = (name: string, more: Partial<TemplateInput> = {}): TemplateInput => ({
  name,
  subject: 'Hello {{firstName}}',
  body: `Body of ${name}`,
  language: 'en',
  createdAt: 1,
  updatedAt: 1,
  ...more,
});
const byName = async (db: KizunaDb, name: string) => (await db.templates.toArray()).find((t) => t.name === name);
const saved = async (result: Awaited<ReturnType<typeof saveTemplate>>) => {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.id;
};
const documentsText = (docs: Map<string, Y.Doc>) => [...docs.values()].map((d) => JSON.stringify(d.toJSON())).join('\n');

describe('team templates', { timeout: 30_000 }, () => {
  it('shares a template marked “team” with the other member, who can edit it; a personal template never reaches the documents', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB);
    const id = await saved(await saveTemplate(a.db, draft('Renewal', { team: crypto.randomUUID(), shortcut: 'renew' })));
    await saved(await saveTemplate(a.db, draft('Private', { body: 'PERSONAL-BODY-4711' })));
    await until(async () => !!(await byName(b.db, 'Renewal')), 'the team template to reach Ben');
    const atBen = (await byName(b.db, 'Renewal'))!;
    expect(atBen).toMatchObject({ body: 'Body of Renewal', shortcut: 'renew', usageCount: 0 });
    // Ben edits it; Ann gets the edit.
    await saved(await saveTemplate(b.db, { ...atBen, body: 'Edited by Ben' }));
    await until(async () => (await a.db.templates.get(id))?.body === 'Edited by Ben', 'Ben’s edit to reach Ann');
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'the outboxes to drain');
    expect(await byName(b.db, 'Private')).toBeUndefined();
    expect(documentsText(docsA)).not.toContain('PERSONAL-BODY-4711');
    expect(documentsText(docsA)).toContain('Edited by Ben');
  });

  it('keeps concurrent edits of different fields, and a delete (or unmarking) removes it for everyone while the owner keeps a personal copy', async () => {
    const [docsA, docsB] = [replica(), replica()];
    const wire = link(docsA, docsB);
    const a = await member('Ann', docsA);
    const b = await member('Ben', docsB);
    const key = crypto.randomUUID();
    const id = await saved(await saveTemplate(a.db, draft('Welcome', { team: key })));
    await until(async () => !!(await byName(b.db, 'Welcome')), 'the template to reach Ben');
    wire.offline();
    await saved(await saveTemplate(a.db, { ...(await a.db.templates.get(id))!, name: 'Welcome aboard' }));
    const atBen = (await byName(b.db, 'Welcome'))!;
    await saved(await saveTemplate(b.db, { ...atBen, body: 'New body' }));
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'both edits in the documents');
    wire.online();
    await until(async () => (await a.db.templates.get(id))?.body === 'New body', 'Ben’s body to reach Ann');
    await until(async () => (await b.db.templates.get(atBen.id))?.name === 'Welcome aboard', 'Ann’s name to reach Ben');
    // Ann unmarks it: it leaves the team (Ben's copy goes), Ann keeps hers as a personal template.
    await saved(await saveTemplate(a.db, { ...(await a.db.templates.get(id))!, team: undefined }));
    await until(async () => (await b.db.templates.get(atBen.id)) === undefined, 'the unmarked template to leave Ben’s book');
    expect(await a.db.templates.get(id)).toMatchObject({ name: 'Welcome aboard', body: 'New body' });
    expect((await a.db.templates.get(id))?.team).toBeUndefined();
    // A deleted team template goes for everyone.
    const other = await saved(await saveTemplate(b.db, draft('Follow-up', { team: crypto.randomUUID() })));
    await until(async () => !!(await byName(a.db, 'Follow-up')), 'Ben’s template to reach Ann');
    await deleteTemplate(a.db, (await byName(a.db, 'Follow-up'))!.id);
    await until(async () => (await b.db.templates.get(other)) === undefined, 'Ann’s delete to reach Ben');
  });

  it('refuses a viewer’s edit or delete of a team template in the store (and marking one “team”), not only in the UI', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA);
    const viewer = await member('Vic', docsB, { readOnly: true });
    await saved(await saveTemplate(a.db, draft('Shared', { team: crypto.randomUUID() })));
    await until(async () => !!(await byName(viewer.db, 'Shared')), 'the team template to reach the viewer');
    const mine = (await byName(viewer.db, 'Shared'))!;
    const edit = await saveTemplate(viewer.db, { ...mine, body: 'Viewer edit' });
    expect(edit).toMatchObject({ ok: false, issues: [{ path: 'team', code: 'read-only', reason: 'viewer' }] });
    await expect(deleteTemplate(viewer.db, mine.id)).rejects.toBeInstanceOf(TeamReadOnlyError);
    expect(await viewer.db.templates.get(mine.id)).toMatchObject({ body: 'Body of Shared' });
    expect(await saveTemplate(viewer.db, draft('Mine', { team: crypto.randomUUID() }))).toMatchObject({ ok: false });
    // A personal template is the viewer's own: saved.
    expect(await saveTemplate(viewer.db, draft('Mine'))).toMatchObject({ ok: true });
  });
});

describe('the outbox and the local copy of the documents', { timeout: 30_000 }, () => {
  it('keeps the outbox rows until the documents’ update is stored locally, and deletes them once it is', async () => {
    let release!: () => void;
    const stored = new Promise<void>((resolve) => (release = resolve));
    const docs = replica();
    const a = await member('Ann', docs, { persisted: () => stored });
    await saved(await saveTemplate(a.db, draft('Pending', { team: crypto.randomUUID() })));
    await until(() => documentsText(docs).includes('Body of Pending'), 'the template in the documents');
    // In the documents, not yet stored: a crash now must find the rows again.
    expect(await pendingChanges(a.db)).toBe(1);
    release();
    await until(async () => (await pendingChanges(a.db)) === 0, 'the rows to go once stored');
  });

  it('storedSoFar resolves after y-indexeddb committed the updates made before it', async () => {
    const name = `tpl-persist-${Date.now()}`;
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(name, doc);
    await persistence.whenSynced;
    doc.getMap('templates').set('k', 'stored value');
    await storedSoFar(persistence);
    const again = new Y.Doc();
    const reopened = new IndexeddbPersistence(name, again);
    await reopened.whenSynced;
    expect(again.getMap('templates').get('k')).toBe('stored value');
    await persistence.destroy();
    await reopened.destroy();
    await expect(storedSoFar(persistence)).rejects.toThrow();
  });
});

// The sync host in Firefox: a frame in the add-on's background page (Firefox has no offscreen documents).
// The first test joins by writing the team's config to storage; the later ones join through the Team page:
// the permission prompt cannot be answered over BiDi, so the profile has Firefox's own switch for it off
// (`extensions.webextOptionalPermissionPrompts`: permissions.request grants without showing the prompt). What
// runs is the real flow (the form, the click, permissions.request in the click, the grant, the join); only
// the prompt's dialog is not shown. A Node member (a Hocuspocus provider) then edits, and the app shows it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { contactKey, shardName, TeamBook } from '../../lib/team/book-doc';
import { serverDocumentName } from '../../lib/team/documents';
import { startTeamServer, type TeamServer } from '../../server/team-server';
import { launchFirefox, pollUntil, type KizunaFirefox } from '../support/firefox';

let ff: KizunaFirefox;
let server: TeamServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kizuna-team-firefox-'));
  server = await startTeamServer({ dataDir, port: 0, log: () => {} });
  ff = await launchFirefox({ prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
}, 60_000);
afterAll(async () => {
  await ff?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Perm = { browser: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } } };
type Ext = { browser: { storage: { local: { set(v: object): Promise<void> } }; extension: { getBackgroundPage(): Window | null } } };
const hostFrame = (page: Page) => page.evaluate(() => !!(globalThis as unknown as Ext).browser.extension.getBackgroundPage()?.document.getElementById('kizuna-team-host'));
/** Where the frame's host runs (`data-sync-host` on its root: lib/team/host-page.ts), or null before it says. */
const hostRunsIn = (page: Page) =>
  page.evaluate(() => {
    const frame = (globalThis as unknown as Ext).browser.extension.getBackgroundPage()?.document.getElementById('kizuna-team-host') as HTMLIFrameElement | null;
    return frame?.contentDocument?.documentElement.dataset.syncHost ?? null;
  });
const teamState = (page: Page) => page.evaluate(() => document.querySelector('[data-testid="team-state"]')?.textContent ?? null);

describe('team sync in Firefox (background-page frame)', () => {
  it('connects from the background page’s frame once a team is joined, and closes it on leaving', async () => {
    const page = await ff.openExtensionPage('/app.html#/team');
    expect(await hostFrame(page)).toBe(false);
    // A contact of the local book, written below Dexie once the app has made the database: the join's first merge shares it.
    await page.evaluate(
      (now) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('kizuna');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('contacts', 'readwrite');
            tx.objectStore('contacts').add({ email: 'fern.contact@example.org', name: 'Fern Contact', stage: 'lead', owner: 'Fern', custom: {}, doNotContact: 0, createdAt: now, updatedAt: now });
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      Date.now(),
    );
    const token = (await server.store.invite('Fern', 'member')).token;
    const config = { serverUrl: server.url, token, teamId: server.store.teamId, memberName: 'Fern', joinedAt: Date.now() };
    await page.evaluate((team) => (globalThis as unknown as Ext).browser.storage.local.set({ team }), config);
    expect(await pollUntil(() => hostFrame(page), true)).toBe(true);
    expect(
      await pollUntil(
        () => teamState(page),
        (s) => !!s?.startsWith('Connected · last synced'),
        30_000,
      ),
    ).toMatch(/^Connected · last synced/);
    expect(await pollUntil(async () => !!(await server.store.members()).find((m) => m.name === 'Fern')?.firstUsedAt, true)).toBe(true);
    // The frame runs the host in a worker of its own, off the thread the add-on's pages share.
    expect(await pollUntil(() => hostRunsIn(page), 'worker')).toBe('worker');
    // The bridge in the frame merged the local book into the team's documents, and the server has it: stored (the
    // shard may already be unloaded on both sides once its join pull settled, issue 17) or still open.
    const hasFern = (doc: Y.Doc) => [...doc.getMap('contacts').keys()].some((k) => k.startsWith('fern.contact@example.org'));
    const stored = async (name: string) => {
      // Opened from the server's storage when no member has it open.
      const direct = await server.server.hocuspocus.openDirectConnection(serverDocumentName(server.store.teamId, name), { member: { id: 0, name: 'test', role: 'viewer' } });
      const found = direct.document ? hasFern(direct.document) : false;
      await direct.disconnect();
      return found;
    };
    const shared = async () => [...server.server.hocuspocus.documents.values()].some(hasFern) || (await stored(shardName('fern.contact@example.org')));
    expect(await pollUntil(shared, true, 30_000)).toBe(true);
    await page.evaluate(() => (globalThis as unknown as Ext).browser.storage.local.set({ team: null }));
    expect(await pollUntil(() => hostFrame(page), false)).toBe(false);
  });

  it('joins through the Team page (the form, the click, the optional permission granted) and shows a Node member’s edits in the app', async () => {
    const page = await ff.openExtensionPage('/app.html#/team');
    // Typed with the keyboard (BiDi input) into the field its label names.
    const type = async (label: string, value: string) => {
      await page.evaluate((l) => {
        const field = [...document.querySelectorAll('label')].find((x) => x.textContent?.startsWith(l));
        const input = field?.control as HTMLInputElement | null | undefined;
        if (!input) throw new Error(`no field ${l}`);
        input.focus();
      }, label);
      await page.keyboard.type(value);
    };
    // The page's own ready state: the join form rendered (the first test left the team, so the form is back).
    const formShown = () => page.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Join team'));
    expect(await pollUntil(formShown, true, 20_000)).toBe(true);
    await type('Team server address', server.url);
    await type('Invitation', (await server.store.invite('Gil', 'member')).token);
    await type('Your name', 'Gil');
    expect(await page.evaluate((o) => (globalThis as unknown as Perm).browser.permissions.contains({ origins: [o] }), 'ws://127.0.0.1/*')).toBe(false);
    // A real click (BiDi input), so permissions.request runs in a user input handler as Firefox requires.
    const join = await page.evaluateHandle(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Join team')!);
    await join.click();
    expect(
      await pollUntil(
        () => teamState(page),
        (s) => !!s?.startsWith('Connected · last synced'),
        30_000,
      ),
    ).toMatch(/^Connected · last synced/);
    expect(await page.evaluate((o) => (globalThis as unknown as Perm).browser.permissions.contains({ origins: [o] }), 'ws://127.0.0.1/*')).toBe(true);
    expect(await hostFrame(page)).toBe(true);

    // Another member, a Node client: a new contact, then an edit of it, reach the Firefox app's contacts page.
    const key = contactKey('rita.remote@example.org');
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: server.url, delay: 1000 });
    const nodeToken = (await server.store.invite('Node', 'member')).token;
    const synced = new Promise<void>((resolve) => {
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: serverDocumentName(server.store.teamId, shardName(key)),
        token: nodeToken,
        document: doc,
        onSynced: () => resolve(),
      });
      provider.attach();
    });
    await synced;
    try {
      const book = new TeamBook(new Map([[shardName(key), doc]]));
      const contact = { email: key, name: 'Rita Remote', stage: 'lead' as const, owner: 'Node', custom: {}, doNotContact: 0 as const, createdAt: Date.now(), tags: [] };
      book.put(contact, { at: Date.now(), by: 'Node' }, { create: true });
      const list = await ff.openExtensionPage('/app.html#/contacts');
      const rows = () => list.evaluate(() => [...document.querySelectorAll('[role="row"]')].map((r) => r.textContent ?? ''));
      expect(await pollUntil(rows, (r) => r.some((t) => t.includes('Rita Remote')), 30_000)).toContainEqual(expect.stringContaining('Rita Remote'));
      book.put({ ...contact, name: 'Rita Remote-Ito' }, { at: Date.now(), by: 'Node' });
      expect(await pollUntil(rows, (r) => r.some((t) => t.includes('Rita Remote-Ito')), 30_000)).toContainEqual(expect.stringContaining('Rita Remote-Ito'));
      book.destroy();
    } finally {
      socket.destroy();
    }
  });
});

// The sync host in Firefox: a frame in the add-on's background page (Firefox has no offscreen documents).
// The team is joined by writing its config to storage from an extension page, as the Team page does once
// the permission is granted (the permission prompt cannot be answered over BiDi); the rest is the real thing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer, type TeamServer } from '../../server/team-server';
import { launchFirefox, pollUntil, type KizunaFirefox } from '../support/firefox';

let ff: KizunaFirefox;
let server: TeamServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kizuna-team-firefox-'));
  server = await startTeamServer({ dataDir, port: 0, log: () => {} });
  ff = await launchFirefox();
}, 60_000);
afterAll(async () => {
  await ff?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Ext = { browser: { storage: { local: { set(v: object): Promise<void> } }; extension: { getBackgroundPage(): Window | null } } };
const hostFrame = (page: Page) => page.evaluate(() => !!(globalThis as unknown as Ext).browser.extension.getBackgroundPage()?.document.getElementById('kizuna-team-host'));
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
    const token = server.store.invite('Fern', 'member').token;
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
    expect(await pollUntil(async () => !!server.store.members().find((m) => m.name === 'Fern')?.firstUsedAt, true)).toBe(true);
    // The bridge in the frame merged the local book into the team's documents, and the server has it.
    const shared = () => Promise.resolve([...server.server.hocuspocus.documents.values()].some((doc) => [...doc.getMap('contacts').keys()].some((k) => k.startsWith('fern.contact@example.org'))));
    expect(await pollUntil(shared, true, 30_000)).toBe(true);
    await page.evaluate(() => (globalThis as unknown as Ext).browser.storage.local.set({ team: null }));
    expect(await pollUntil(() => hostFrame(page), false)).toBe(false);
  });
});

// Joining a team whose book is on the server with the contacts list open (the built extension, a team server on
// 127.0.0.1): the sync host, after the join's first write, asks the pages whether one lists contacts and writes nothing
// more until the list says it shows those rows (lib/team/first-rows.ts, issue 17: book usable ≤ 3 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countContacts, fillJoinForm, openTeamPage, phaseEntries, storeTeamBook, SYNC_HOST } from '../../bench/_team-browser';
import { startTeamServer, type TeamServer } from '../../server/team-server';
import { openTeamStore } from '../../server/team-store';
import { launchKizuna, type Kizuna } from '../support/launch';

const CONTACTS = 600;
let k: Kizuna;
let server: TeamServer;
let dataDir: string;
let token: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kizuna-team-first-rows-'));
  const store = openTeamStore(dataDir);
  storeTeamBook(store, CONTACTS, []);
  token = store.invite('Aiko Sato', 'member').token;
  store.close();
  server = await startTeamServer({ dataDir, port: 0, log: () => {} });
  k = await launchKizuna();
});
afterAll(async () => {
  await k?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a join’s first rows', () => {
  it('the join waits for the open contacts list to show its first rows before it writes the rest', async () => {
    const contacts = await k.context.newPage();
    await contacts.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    // An empty book: the list's first-run page, listening for the join's question.
    await contacts.getByTestId('first-run').waitFor();
    const team = await openTeamPage(k);
    await fillJoinForm(team, server.url, token, 'Aiko Sato');
    await team.getByRole('button', { name: 'Join team' }).click();
    await contacts.locator('[role="row"][data-index="0"]').waitFor();
    await expect.poll(() => countContacts(contacts, CONTACTS), { timeout: 60_000 }).toBe(CONTACTS);

    const phases = await phaseEntries(k.userDataDir, SYNC_HOST);
    const waits = phases.filter((p) => p.name.startsWith('kizuna-team:join: waited for a page'));
    expect(waits.map((p) => p.name)).toEqual(['kizuna-team:join: waited for a page to show the first rows (shown)']);
    // Nothing was written between the first write and the list's answer.
    const writes = phases.filter((p) => p.name === 'kizuna-team:pull: new contacts written (addMany)').sort((a, b) => a.startTime - b.startTime);
    const [wait] = waits;
    expect(writes.length).toBeGreaterThan(1);
    expect(writes[0].startTime + writes[0].duration).toBeLessThanOrEqual(wait.startTime + 1);
    for (const later of writes.slice(1)) expect(later.startTime).toBeGreaterThanOrEqual(wait.startTime + wait.duration - 1);
    await contacts.close();
    await team.close();
  });
});

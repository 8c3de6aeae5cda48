// The workspace lists against IndexedDB, in headless Chromium with the built extension and 100,000
// seeded contacts (app.html?bench, which exposes the page's own code: see entrypoints/app/contacts/bench-hook.ts):
// - a segment query (tags any + stage + risk band + last contact) over 100,000 contacts: cold (read
//   every contact from IndexedDB the way the page's store does, then filter) and warm (the page's
//   in-memory filter), next to a raw IndexedDB getAll of the contacts store; and a saved segment
//   opened in the real UI (hash change → count on screen);
// - bulk-tagging 10,000 contacts through lib/workspace/bulk.ts (which writes tag membership rows, see
//   lib/contacts/membership.ts), next to a raw IndexedDB put of the same 10,000 contact rows in one
//   transaction (what tagging by rewriting each contact costs); and its undo.
// The longest main-thread task during the bulk write shows whether the page stayed responsive.
import type { Page } from 'playwright-core';
import { DEV_EXTENSION_DIR, launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median, report } from './_measure';
import { paintedAt } from './_painted';
import { memberRows } from '../lib/contacts/membership';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 * SCALE);
const BULK = Math.round(10_000 * SCALE);
const RUNS = 7;
// BENCH_PARTS=bulk (or segment; comma-separated) runs only those parts after the page-open figures.
const PARTS = process.env.BENCH_PARTS?.split(',');
const part = (name: string) => !PARTS || PARTS.includes(name);

const FILTER = {
  conditions: [
    { type: 'tags', mode: 'any', tagIds: [1, 2, 3] },
    { type: 'stage', stages: ['customer', 'at-risk'] },
    { type: 'risk', bands: ['medium', 'high'] },
    { type: 'lastContact', op: 'olderThan', days: 30 },
  ],
};

type Bench = {
  db: {
    contacts: { toArray(): Promise<unknown[]> };
    tagMembers: { toArray(): Promise<{ tagId: number; ids: number[] }[]> };
    segments: { add(row: object): Promise<number> };
    tags: { add(row: object): Promise<number> };
  };
  compileFilter(filter: object, now: number, options?: object): (c: unknown) => boolean;
  applyBulk(db: unknown, ids: number[], action: object, options?: object): Promise<{ before: unknown[]; tagChanges: { ids: number[] }[] }>;
  undoBulk(db: unknown, undo: object): Promise<void>;
  workspaceStore: {
    snapshot(): { contacts: { id: number; tags: number[] }[] } | null;
    hold(): () => void;
    applyLocal(rows: unknown[], deleted: number[]): void;
    applyTagChanges(changes: unknown[], add: boolean): void;
  };
  WorkspaceStore: new (db: unknown) => { start(): Promise<void>; snapshot(): { contacts: unknown[] }; stop(): void };
};

export async function seed(page: Page, contacts: number): Promise<void> {
  // Tags are stored as membership rows (lib/contacts/membership.ts), not on the contact row.
  const members = memberRows(Array.from({ length: contacts }, (_, i) => ({ id: i + 1, tags: [1 + (i % 20), 1 + ((i * 7) % 20)] })));
  // A build with the list pages (schema 19) packs them with its own code (the ?bench hook, loaded with the contacts page).
  const lists = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const r = indexedDB.open('kizuna');
        r.onsuccess = () => (resolve(r.result.objectStoreNames.contains('contactList')), r.result.close());
      }),
  );
  if (lists) await page.waitForFunction(() => typeof (globalThis as unknown as { __kizunaBench?: { packPage?: unknown } }).__kizunaBench?.packPage === 'function', null, { timeout: 60_000 });
  await page.evaluate(
    async ({ contacts, members }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('kizuna');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const now = Date.now();
      const DAY = 86_400_000;
      const stages = ['lead', 'customer', 'at-risk', 'churned', 'advocate'];
      const put = (store: string, rows: object[]) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          for (const row of rows) tx.objectStore(store).put(row);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      await put(
        'tags',
        Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `tag ${i + 1}`, key: `tag ${i + 1}`, color: '#1a73e8' })),
      );
      await put(
        'companies',
        Array.from({ length: 5000 }, (_, i) => ({ id: i + 1, name: `Company ${i}`, domain: `company${i}.example`, fields: {} })),
      );
      await put('tagMembers', members);
      const scores = [];
      // The list pages' rows by block (schema 19: the ContactStore writes them with the rows; a seed writes both).
      const pack = (globalThis as unknown as { __kizunaBench?: { packPage?: (block: number, rows: object[]) => object } }).__kizunaBench?.packPage;
      const byBlock = new Map<number, { id: number }[]>();
      for (let from = 0; from < contacts; from += 25_000) {
        const rows = [];
        for (let i = from; i < Math.min(contacts, from + 25_000); i++) {
          const stage = stages[i % 5];
          const doNotContact = i % 50 === 0 ? 1 : 0;
          rows.push({
            id: i + 1,
            email: `person${i}@company${i % 5000}.example`,
            name: `Person ${i}`,
            companyId: 1 + (i % 5000),
            stage,
            owner: `owner${i % 10}`,
            custom: { plan: ['Pro', 'Basic', 'Team'][i % 3], revenue: String((i * 37) % 100_000) },
            doNotContact,
            lastInboundAt: now - (i % 120) * DAY,
            createdAt: now - 400 * DAY,
            updatedAt: now - DAY,
          });
          // Stored churn scores, for customers only.
          const score = (i * 13) % 101;
          if (i % 10 !== 0 && ['customer', 'at-risk', 'advocate'].includes(stage) && !doNotContact)
            scores.push({ contactId: i + 1, score, band: score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low', at: now, basis: '', history: [] });
        }
        await put('contacts', rows);
        if (pack && db.objectStoreNames.contains('contactList'))
          for (const row of rows) (byBlock.get(Math.floor(row.id / 100)) ?? byBlock.set(Math.floor(row.id / 100), []).get(Math.floor(row.id / 100))!).push(row);
      }
      if (pack && byBlock.size)
        await put(
          'contactList',
          [...byBlock].map(([block, rows]) => pack(block, rows)),
        );
      // Packed a block of 100 contact ids per row (lib/db/score-blocks.ts).
      const blocks = new Map<number, typeof scores>();
      for (const row of scores) {
        const block = Math.floor(row.contactId / 100);
        (blocks.get(block) ?? blocks.set(block, []).get(block)!).push(row);
      }
      await put(
        'scoreBlocks',
        [...blocks].map(([block, rows]) => ({ block, rows })),
      );
      db.close();
    },
    { contacts, members },
  );
}

export default async function benchWorkspaceDb(): Promise<void> {
  // The ?bench hook is only in the development build (npm run build:dev).
  const kizuna = await launchKizuna({ extensionDir: DEV_EXTENSION_DIR });
  try {
    // The daily risk rescore would write to the contacts while we measure.
    await clearDailyRescore(kizuna.worker);
    const page = await kizuna.context.newPage();
    // Open once so the database and its schema exist, then seed, then load the page on the seeded data.
    await page.goto(`chrome-extension://${kizuna.extensionId}/app.html?bench#/contacts`);
    // An empty profile shows the first-run page, not the list.
    await page.locator('[data-testid="result-count"], [data-testid="first-run"]').first().waitFor();
    await seed(page, CONTACTS);
    // Both times are the page's own clock (0 = navigation start), taken at the first animation frame after they show.
    await page.reload({ waitUntil: 'commit' });
    const painted = (selector: string) =>
      page.waitForFunction((s) => (document.querySelector(s) ? performance.now() : null), selector, { polling: 'raf', timeout: 120_000 }).then((handle) => handle.jsonValue() as Promise<number>);
    // Baseline: the app's shell (its navigation), which reads nothing of the book. Both in one poll (paintedAt).
    const { shell: shellMs, rows: firstRowsMs } = await paintedAt(page, { shell: 'nav a[href="#/contacts"]', rows: '.ws-scroll [role="row"][data-index="0"]' });
    const fullMs = await painted(`[data-testid="result-count"][data-count="${CONTACTS}"][data-complete="true"]`);
    report(`${CONTACTS.toLocaleString('en')} contacts: page open to the first rows painted`, firstRowsMs, 'page open to the app shell painted', shellMs, '≤ 300 ms');
    report(`  to the full list on screen`, fullMs, 'page open to the app shell painted', shellMs, '≤ 3000 ms');

    if (part('segment')) {
      const q = await page.evaluate(
        async ({ filter, runs }) => {
          const b = (globalThis as unknown as { __kizunaBench: Bench }).__kizunaBench;
          const idbGetAll = () =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open('kizuna');
              open.onsuccess = () => {
                const start = performance.now();
                const r = open.result.transaction('contacts').objectStore('contacts').getAll();
                r.onsuccess = () => {
                  const ms = performance.now() - start;
                  open.result.close();
                  resolve(ms);
                };
                r.onerror = () => reject(r.error);
              };
            });
          const now = Date.now();
          const raw: number[] = [];
          const cold: number[] = [];
          const warm: number[] = [];
          let matches = 0;
          for (let i = 0; i < runs; i++) {
            raw.push(await idbGetAll());
            let start = performance.now();
            const store = new b.WorkspaceStore(b.db);
            await store.start();
            matches = store.snapshot().contacts.filter(b.compileFilter(filter, now)).length;
            cold.push(performance.now() - start);
            store.stop();
            const all = b.workspaceStore.snapshot()!.contacts;
            start = performance.now();
            const n = all.filter(b.compileFilter(filter, now)).length;
            warm.push(performance.now() - start);
            if (n !== matches) throw new Error(`warm ${n} != cold ${matches} (sizes ${all.length}, ${store.snapshot().contacts.length})`);
          }
          const med = (xs: number[]) => [...xs].sort((a, x) => a - x)[Math.floor(xs.length / 2)];
          return { raw: med(raw), cold: med(cold), warm: med(warm), matches };
        },
        { filter: FILTER, runs: RUNS },
      );
      console.log(`segment (tags any 1,2,3 + stage customer/at-risk + risk medium/high + last contact > 30 days): ${q.matches.toLocaleString('en')} of ${CONTACTS.toLocaleString('en')} match`);
      report(`segment query cold over ${CONTACTS.toLocaleString('en')} (read all from IndexedDB + filter)`, q.cold, 'raw IndexedDB getAll of contacts', q.raw, '≤ 300 ms');
      report(`segment query warm (the page's in-memory filter)`, q.warm, 'raw IndexedDB getAll of contacts', q.raw);

      // The real UI: a saved segment opened by its link, timed to its count on screen.
      const segmentId = await page.evaluate(
        (filter) => (globalThis as unknown as { __kizunaBench: Bench }).__kizunaBench.db.segments.add({ name: 'Bench segment', filter, createdAt: Date.now(), updatedAt: Date.now() }),
        FILTER,
      );
      const uiTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        await page.evaluate(() => (location.hash = '#/contacts'));
        await page.locator(`[data-testid="result-count"][data-count="${CONTACTS}"]`).waitFor();
        uiTimes.push(
          await page.evaluate(
            ({ id, expected }) =>
              new Promise<number>((resolve, reject) => {
                const start = performance.now();
                location.hash = `#/segment/${id}`;
                const poll = () => {
                  const el = document.querySelector('[data-testid="result-count"]');
                  if (el?.getAttribute('data-count') === String(expected)) requestAnimationFrame(() => resolve(performance.now() - start));
                  else if (performance.now() - start > 10_000) reject(new Error('segment never shown'));
                  else requestAnimationFrame(poll);
                };
                poll();
              }),
            { id: segmentId, expected: q.matches },
          ),
        );
      }
      report('segment opened in the UI (link → count painted)', median(uiTimes), 'raw IndexedDB getAll of contacts', q.raw);
    }

    if (part('bulk')) {
      // Bulk-tagging 10,000 contacts of the segment through lib/workspace/bulk.ts, with the page's live store running.
      const bulk = await page.evaluate(async (count) => {
        const b = (globalThis as unknown as { __kizunaBench: Bench }).__kizunaBench;
        let longest = 0;
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
        });
        observer.observe({ type: 'longtask' });
        const ids = b.workspaceStore
          .snapshot()!
          .contacts.slice(0, count)
          .map((c) => c.id);
        const tagId = await b.db.tags.add({ name: 'bench', key: 'bench', color: '#1a73e8' });
        // As the page's bulk bar runs it (bulk-session.ts): re-reads held, each written chunk shown at once.
        const release = b.workspaceStore.hold();
        let start = performance.now();
        // Where the time goes: the write, the list patched in memory, then what runs before applyBulk's caller resumes (the page's render).
        let written = 0;
        let patched = 0;
        const undo = await b.applyBulk(
          b.db,
          ids,
          { kind: 'addTags', tagIds: [tagId] },
          {
            onChunk: (plan: { tagChanges: unknown[] }) => {
              written = performance.now();
              b.workspaceStore.applyTagChanges(plan.tagChanges, true);
              patched = performance.now();
            },
          },
        );
        const applyMs = performance.now() - start;
        const parts = { write: written - start, patch: patched - written, rest: start + applyMs - patched };
        release();
        // Includes the live store's re-read of tag membership once re-reads are released (150 ms debounce).
        await new Promise((r) => setTimeout(r, 500));
        const longestDuringApply = longest;
        // The tag is on the page's list and in the database.
        const onPage = b.workspaceStore.snapshot()!.contacts.filter((c) => c.tags.includes(tagId)).length;
        // Membership rows (the ContactStore's tagMembers), not the contact rows.
        const inDb = (await b.db.tagMembers.toArray()).filter((r) => r.tagId === tagId).reduce((n, r) => n + r.ids.length, 0);
        if (onPage !== count || inDb !== count) throw new Error(`tagged ${onPage} on the page and ${inDb} in the database, expected ${count}`);
        observer.disconnect();
        start = performance.now();
        await b.undoBulk(b.db, undo);
        const undoMs = performance.now() - start;

        // Baseline: the same rows with the tag added, one raw IndexedDB put each in one transaction (rows read beforehand, untimed).
        const db = await new Promise<IDBDatabase>((resolve) => {
          const open = indexedDB.open('kizuna');
          open.onsuccess = () => resolve(open.result);
        });
        const rows = await new Promise<object[]>((resolve) => {
          const tx = db.transaction('contacts');
          const out: object[] = [];
          for (const id of ids) tx.objectStore('contacts').get(id).onsuccess = (e) => out.push((e.target as IDBRequest).result);
          tx.oncomplete = () => resolve(out);
        });
        start = performance.now();
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('contacts', 'readwrite');
          for (const row of rows) tx.objectStore('contacts').put({ ...row, tags: [tagId] });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        const rawMs = performance.now() - start;
        db.close();
        return { applyMs, undoMs, rawMs, parts, changed: undo.tagChanges[0]?.ids.length ?? 0, longest: longestDuringApply };
      }, BULK);
      if (bulk.changed !== BULK) throw new Error(`bulk changed ${bulk.changed}, expected ${BULK}`);
      report(
        `bulk-tag ${BULK.toLocaleString('en')} contacts (lib/workspace/bulk.ts: tag membership rows)`,
        bulk.applyMs,
        `raw IndexedDB put of the ${BULK.toLocaleString('en')} contact rows, one transaction`,
        bulk.rawMs,
        '≤ 300 ms',
      );
      report(`  its undo`, bulk.undoMs, `raw IndexedDB put of ${BULK.toLocaleString('en')} rows, one transaction`, bulk.rawMs);
      console.log(`  of which: membership written ${bulk.parts.write.toFixed(1)} ms, list patched ${bulk.parts.patch.toFixed(1)} ms, then until applyBulk returned ${bulk.parts.rest.toFixed(1)} ms`);
      console.log(`  longest main-thread task during the bulk tag: ${bulk.longest.toFixed(0)} ms`);
    }
  } finally {
    await kizuna.close();
  }
}

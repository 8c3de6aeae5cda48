// Development aid (not a bench: the leading underscore keeps it out of `npm run bench`): what a first full rescore
// WRITES, counted without a browser (fake-indexeddb), so the figures do not depend on the machine's load (issue #12):
// per table the write requests, rows, bytes (each value as V8's serializer writes it, the structured clone Chromium's
// IndexedDB stores) and index entries, and how many times each block of score inputs is written in the run. The book
// is bench/_seed-large.ts's; the run is the background's (chunks of 200, bands from the book, not written to the settings).
// `BENCH_SCALE=0.05 npx tsx bench/_write-bytes.ts`
import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The extension's code reads `chrome` when its modules load (wxt/browser): the fake one, as in the unit tests.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
const { bandsForBook } = await import('../lib/churn/bands');
const { recomputeRisk } = await import('../lib/churn/recompute');
const { DEFAULT_RISK_SETTINGS } = await import('../lib/churn/settings');
const { createDb } = await import('../lib/db/schema');

const SCALE = Number(process.env.BENCH_SCALE ?? 0.05);
const CONTACTS = Math.round(100_000 * SCALE);
const HISTORY = Math.round(500_000 * SCALE);
const db = createDb('write-bytes');
const tables = new Map<string, { requests: number; rows: number; bytes: number; indexEntries: number }>();
const writesOfBlock = new Map<number, number>();
db.use({
  stack: 'dbcore',
  name: 'CountWrites',
  create: (down) => ({
    ...down,
    table: (name) => {
      const t = down.table(name);
      // Dexie lists the prefixes of a compound index as virtual indexes: IndexedDB writes no entry for those.
      const indexes = t.schema.indexes.filter((i) => !(i as { isVirtual?: boolean }).isVirtual).length;
      return {
        ...t,
        mutate: (req) => {
          const s = tables.get(name) ?? tables.set(name, { requests: 0, rows: 0, bytes: 0, indexEntries: 0 }).get(name)!;
          s.requests++;
          if (req.type === 'add' || req.type === 'put') {
            s.rows += req.values.length;
            for (const v of req.values) s.bytes += serialize(v).length;
            s.indexEntries += req.values.length * indexes;
            if (name === 'scoreInputBlocks') for (const v of req.values as { block: number }[]) writesOfBlock.set(v.block, (writesOfBlock.get(v.block) ?? 0) + 1);
          } else if (req.type === 'delete') s.rows += req.keys.length;
          return t.mutate(req);
        },
      };
    },
  }),
});
await db.open();
const now = Date.now();
await db.contacts.bulkAdd(
  Array.from({ length: CONTACTS }, (_, i) => ({
    id: i + 1,
    email: `person${i}@company${i % 5000}.example`,
    name: `Person ${i}`,
    tags: [],
    stage: 'customer' as const,
    owner: `owner${i % 10}`,
    custom: {},
    doNotContact: 0 as const,
    createdAt: now,
    updatedAt: now,
  })),
);
// Raw rows, as bench/_seed-large.ts writes them: no stale marks (the ActivityStore would mark every contact).
// eslint-disable-next-line no-restricted-syntax
await db.activities.bulkAdd(
  Array.from({ length: HISTORY }, (_, i) => ({
    id: i + 1,
    kind: 'email' as const,
    contactIds: [1 + (i % CONTACTS)],
    at: now - i * 60_000,
    messageId: `bench-${i}`,
    threadId: `t${i >> 2}`,
    direction: (i % 3 ? 'in' : 'out') as 'in' | 'out',
    subject: `Subject ${i}`,
    snippet: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2),
  })),
);
tables.clear();
const config = { settings: DEFAULT_RISK_SETTINGS, model: null, customFields: [], timeZone: 'UTC' };
const first = await recomputeRisk(db, config, { now, chunkSize: 200, pause: async () => {}, bookBands: async (book) => bandsForBook(book, config.settings.rules.bands) });
console.log(
  `${CONTACTS} contacts, ${HISTORY} history rows: first rescore ${first.changed} scores, ${first.alerts.length} alerts, ${first.phases.writes.transactions}+${first.phases.bandWrites.transactions} write transactions`,
);
let total = 0;
for (const [name, s] of [...tables].sort()) {
  total += s.bytes;
  console.log(
    `  ${name.padEnd(18)} ${String(s.requests).padStart(6)} requests ${String(s.rows).padStart(7)} rows ${(s.bytes / 1e6).toFixed(2).padStart(7)} MB ${String(s.indexEntries).padStart(7)} index entries`,
  );
}
const counts = [...writesOfBlock.values()];
console.log(`  total ${(total / 1e6).toFixed(2)} MB; input blocks ${counts.length}, written ${counts.reduce((a, b) => a + b, 0)} times (${counts.filter((c) => c > 1).length} more than once)`);

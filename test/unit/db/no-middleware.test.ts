import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefused, lintProblems } from '../../support/lint';

// Issue #16: lib/db holds no DBCore middleware, and activities are written only through the ActivityStore, which marks
// the rescore's score inputs stale (a write past it would leave a contact scored from an old history).
const root = resolve(import.meta.dirname, '../../..');

describe('no middleware in lib/db, activities written through their store', { timeout: 120_000 }, () => {
  it('lib/db today: no db.use( and no Middleware import', () => {
    const dir = resolve(root, 'lib/db');
    for (const file of readdirSync(dir).filter((f) => /\.tsx?$/.test(f))) {
      const text = readFileSync(resolve(dir, file), 'utf8');
      expect(text, file).not.toMatch(/\.use\(/);
      expect(text, file).not.toMatch(/\bMiddleware\b|\bDBCore\b/);
    }
  });

  it.each([
    ['lib/db/bad.ts', "import { createDb } from './schema';\nexport const db = createDb();\ndb.use({ stack: 'dbcore', name: 'x', create: (down) => down });\n", 'no-restricted-syntax'],
    ['lib/db/bad.ts', "import type { Middleware, DBCore } from 'dexie';\nexport type X = Middleware<DBCore>;\n", 'no-restricted-imports'],
    ['lib/bad.ts', "import { db } from './db';\nexport const f = () => db.activities.add({ kind: 'note', contactIds: [1], at: 1 });\n", 'no-restricted-syntax'],
    ['entrypoints/app/bad.ts', "import { db } from '@/lib/db';\nexport const f = () => db.activities.bulkPut([]);\n", 'no-restricted-syntax'],
    ['lib/bad.ts', "import { db } from './db';\nexport const f = () => db.activities.where('contactIds').equals(1).delete();\n", 'no-restricted-syntax'],
    ['lib/bad.ts', "import { db } from './db';\nexport const f = () => db.activities.where('kind').equals('note').modify({ text: '' });\n", 'no-restricted-syntax'],
    ['lib/bad.ts', "import { db } from './db';\nexport const f = () => db.table('activities').clear();\n", 'no-restricted-syntax'],
    ['test/support/bad.ts', "import { db } from '../../lib/db';\nexport const f = () => db.activities.clear();\n", 'no-restricted-syntax'],
  ])('%s: %s is refused', (path, code, rule) => expectRefused(path, code, rule));

  it('lets reads of activities, and the store itself, pass', async () => {
    expect(await lintProblems('lib/good.ts', "import { db } from './db';\nexport const f = () => db.activities.where('kind').equals('note').toArray();\n")).toEqual([]);
    expect(await lintProblems('lib/activities/good.ts', "import { db } from '../db';\nexport const f = () => db.activities.bulkAdd([]);\n")).toEqual([]);
  });
});

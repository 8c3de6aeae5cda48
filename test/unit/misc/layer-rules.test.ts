import { describe, expect, it } from 'vitest';
import { expectRefused, lintProblems } from '../../support/lint';

// The layer rules of eslint.config.js, each shown to fail on a small in-memory file that breaks it.

// The first lint loads the parsers and the resolver: slow on a busy machine.
describe('the layer rules', { timeout: 120_000 }, () => {
  it.each([
    ['components/Bad.tsx', "import { db } from '@/lib/db';\nexport const x = db;\n", 'import-x/no-restricted-paths'],
    ['components/Bad.tsx', "import { browser } from 'wxt/browser';\nexport const x = browser;\n", 'no-restricted-imports'],
    ['components/Bad.tsx', "import browser from 'webextension-polyfill';\nexport const x = browser;\n", 'no-restricted-imports'],
    ['components/Bad.tsx', 'export const x = () => browser.runtime.id;\n', 'no-restricted-globals'],
    ['entrypoints/gmail.content/bad.ts', "import { db } from '@/lib/db';\nexport const x = db;\n", 'import-x/no-restricted-paths'],
    ['entrypoints/gmail.content/bad.ts', "import Dexie from 'dexie';\nexport const x = Dexie;\n", 'no-restricted-imports'],
    ['entrypoints/gmail.content/bad.ts', "import { useState } from 'react';\nexport const x = useState;\n", 'no-restricted-imports'],
    ['entrypoints/gmail.content/bad.ts', "import { z } from 'zod';\nexport const x = z;\n", 'no-restricted-imports'],
    ['entrypoints/gmail.content/bad.ts', "import * as z from 'zod/mini';\nexport const x = z;\n", 'no-restricted-imports'],
    ['lib/bad.ts', "import { toBackground } from '@/entrypoints/app/campaigns/api';\nexport const x = toBackground;\n", 'import-x/no-restricted-paths'],
    ['lib/bad.ts', "import type { I18n } from '../components/i18n';\nexport type X = I18n;\n", 'import-x/no-restricted-paths'],
  ])('%s: %s is refused', (path, code, rule) => expectRefused(path, code, rule));

  it('lets each layer import what it may', async () => {
    expect(
      await lintProblems('components/Good.tsx', "import type { Contact } from '@/lib/db/types';\nimport { plural } from '@/lib/format';\nexport const x = (c: Contact) => [c, plural];\n"),
    ).toEqual([]);
    expect(await lintProblems('entrypoints/gmail.content/good.ts', "import { send } from '@/lib/messages/send';\nexport const x = send;\n")).toEqual([]);
    expect(await lintProblems('lib/good.ts', "import { db } from './db';\nexport const x = db;\n")).toEqual([]);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/launch';
import { FIREFOX_EXTENSION_DIR } from '../support/firefox';

// docs/design.md: the content script is a thin adapter; the goal is ≤ 30 kB minified (the in-Gmail dock
// is loaded as its own file only when switched on, so it does not count).
const LIMIT = 30_000;

describe('the built Gmail content script', () => {
  it.each([
    ['chrome-mv3', EXTENSION_DIR],
    ['firefox-mv2', FIREFOX_EXTENSION_DIR],
  ])('%s: stays within 30 kB minified and holds no sidebar UI', (_, dir) => {
    const file = join(dir, 'content-scripts/gmail.js');
    expect(existsSync(file), `${file}: run "npx wxt build" and "npx wxt build -b firefox" first`).toBe(true);
    const code = readFileSync(file, 'utf8');
    expect(code.length).toBeLessThanOrEqual(LIMIT);
    // No React, no database, no iframe UI in Gmail's page.
    expect(code).not.toMatch(/react|dexie|indexedDB|createIframeUi|margin-right/i);
    // No zod either (the thread it sends with the open message is checked by the background: lib/messages/protocol.ts).
    expect(code).not.toMatch(/\$?Zod[A-Z]/);
    // The in-Gmail dock is a file of its own, imported only when switched on.
    expect(code).not.toContain('kizuna-dock');
  });
});

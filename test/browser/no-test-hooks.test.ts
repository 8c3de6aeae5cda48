import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/launch';

// Tests and benches drive the background through its protocol (test/support/background-messages.ts): the
// production build exposes no test hook on a global.
// The ?bench hook and the filing hold are in the development build only (docs/dev-hooks.md).
// The team sync's hop marks (lib/team/phases.ts) are the development build's too: production pays nothing for them.
// The side panel's floor page and its switch (bench/_first-open-floor.ts) are the development build's only.
const HOOKS = ['kizunaRisk', '__kizunaBench', 'kizunaStageHeld', 'kizuna-hop:', 'kizunaFloorPanel'];

const scripts = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));

describe('the production build', () => {
  it.each(HOOKS)('holds no %s test hook', (hook) => {
    const files = scripts(EXTENSION_DIR);
    expect(files.length, `run "npx wxt build" first`).toBeGreaterThan(0);
    expect(files.filter((f) => readFileSync(f, 'utf8').includes(hook))).toEqual([]);
  });
  it('holds no floor page (dev-floor.html)', () => {
    expect(existsSync(join(EXTENSION_DIR, 'manifest.json')), `run "npx wxt build" first`).toBe(true);
    expect(existsSync(join(EXTENSION_DIR, 'dev-floor.html'))).toBe(false);
  });
});

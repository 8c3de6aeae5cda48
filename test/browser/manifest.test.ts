import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/launch';
import { FIREFOX_EXTENSION_DIR, GECKO_ID } from '../support/firefox';

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('the built manifests', () => {
  it('Chrome: the side panel, opened by the toolbar action and its shortcut; the dock file reachable only from Gmail', () => {
    const m = manifest(EXTENSION_DIR);
    expect(m.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(m.permissions).toContain('sidePanel');
    expect(m.commands._execute_action.suggested_key.default).toBe('Alt+Shift+L');
    expect(m.web_accessible_resources).toEqual([{ resources: ['sidepanel.html', 'gmail-dock.js', 'chunks/*', 'assets/*'], matches: ['https://mail.google.com/*'] }]);
  });

  it('Firefox: the sidebar and its shortcut, the add-on id, and the data-collection declaration AMO asks for', () => {
    const m = manifest(FIREFOX_EXTENSION_DIR);
    expect(m.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html', open_at_install: false });
    expect(m.commands._execute_sidebar_action.suggested_key.default).toBe('Alt+Shift+L');
    expect(m.browser_specific_settings.gecko).toMatchObject({ id: GECKO_ID, data_collection_permissions: { required: ['none'] } });
    // No dock in Firefox, so nothing of the add-on's is reachable from web pages (MV2 has no per-site matches).
    expect(m.web_accessible_resources).toBeUndefined();
  });
});

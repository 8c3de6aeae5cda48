import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackup, readBackupText } from '../../../lib/backup/format';
import { readSettingsForBackup, restoreSettings } from '../../../lib/backup/settings';
import type { BackupTables } from '../../../lib/backup/schemas';
import { loadSettings, updateSettings } from '../../../lib/settings';
import { loadRiskSettings, updateRiskSettings } from '../../../lib/churn/settings';
import { loadCampaignSettings, saveCampaignSettings } from '../../../lib/campaigns/settings';

const tables: BackupTables = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/db/v4.json'), 'utf8'));

beforeEach(() => fakeBrowser.reset());

async function setUp(): Promise<void> {
  await updateSettings({ customFields: [{ key: 'plan', label: 'Plan' }], aliases: ['me@x.com'], sidebarCollapsed: true });
  const risk = await loadRiskSettings();
  await updateRiskSettings({ mapping: { revenue: 'arr' }, rules: { ...risk.rules, bands: { medium: 30, high: 60 } } });
  const saved = await saveCampaignSettings({ senderAddress: 'me@x.com', senderName: 'Me', dailyCap: 300, developerToken: 'secret-token' });
  if (!saved.ok) throw new Error('campaign settings not saved');
}

describe('settings in backups', () => {
  it('carries custom fields, risk rules and mapping, and campaign options, never the developer token or the sidebar state', async () => {
    await setUp();
    const settings = await readSettingsForBackup();
    expect(settings.general).toMatchObject({ customFields: [{ key: 'plan', label: 'Plan' }], aliases: ['me@x.com'] });
    expect(settings.general).not.toHaveProperty('sidebarCollapsed');
    expect(settings.risk).toMatchObject({ mapping: { revenue: 'arr' }, rules: { bands: { medium: 30, high: 60 } } });
    expect(settings.campaigns).toMatchObject({ senderAddress: 'me@x.com', senderName: 'Me', dailyCap: 300 });
    const text = JSON.stringify(createBackup(tables, Date.UTC(2026, 0, 1), settings));
    expect(text).not.toContain('secret-token');
    const check = readBackupText(text);
    expect(check.ok && check.backup.settings).toEqual(settings);
  });

  it('restores them, keeping this browser\'s developer token and sidebar state', async () => {
    await setUp();
    const settings = await readSettingsForBackup();
    fakeBrowser.reset();
    await updateSettings({ sidebarCollapsed: false });
    await saveCampaignSettings({ developerToken: 'other-token' });
    await restoreSettings(settings);
    expect(await loadSettings()).toMatchObject({ customFields: [{ key: 'plan', label: 'Plan' }], sidebarCollapsed: false });
    expect((await loadRiskSettings()).rules.bands).toEqual({ medium: 30, high: 60 });
    expect(await loadCampaignSettings()).toMatchObject({ senderAddress: 'me@x.com', dailyCap: 300, developerToken: 'other-token' });
  });

  it('refuses a file whose settings are malformed, naming the path; a file without settings is fine', async () => {
    const settings = await readSettingsForBackup();
    const broken = { ...createBackup(tables, 0, settings), settings: { ...settings, general: { ...settings.general, customFields: [{ key: '1 bad', label: 'x' }] } } };
    const check = readBackupText(JSON.stringify(broken));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors[0]).toMatch(/^settings\.general\.customFields\[0\]\.key: /);
    const old = readBackupText(JSON.stringify(createBackup(tables, 0)));
    expect(old.ok && old.backup.settings).toBeUndefined();
  });
});

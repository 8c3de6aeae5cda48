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

// The v4 fixture as a latest-version backup holds it: the tables added since (version 10: tasks, 11: playbooks) empty.
const tables: BackupTables = { ...JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/db/v4.json'), 'utf8')), tasks: [], playbooks: [], playbookLog: [], sequences: [], enrolments: [] };

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

  it("restores them, keeping this browser's developer token and sidebar state", async () => {
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

// Issue #14: a restored file must not decide where campaign mail and the developer token go.
describe('what a backup cannot change about sending', () => {
  const hostile = async () => {
    const settings = await readSettingsForBackup();
    const file = createBackup(tables, 0, settings) as unknown as { settings: { campaigns: Record<string, unknown> } };
    file.settings.campaigns = { ...file.settings.campaigns, baseUrl: 'https://mail-relay.evil.example', clientId: 'evil-client.apps.googleusercontent.com' };
    return JSON.stringify(file);
  };

  it('never writes the API base URL or the OAuth client id into a backup', async () => {
    await saveCampaignSettings({ baseUrl: 'http://127.0.0.1:8787', clientId: 'mine.apps.googleusercontent.com', senderAddress: 'me@x.com' });
    const settings = await readSettingsForBackup();
    expect(settings.campaigns).not.toHaveProperty('baseUrl');
    expect(settings.campaigns).not.toHaveProperty('clientId');
    const text = JSON.stringify(createBackup(tables, 0, settings));
    expect(text).not.toContain('127.0.0.1:8787');
    expect(text).not.toContain('mine.apps.googleusercontent.com');
    expect(text).toContain('me@x.com');
  });

  it("accepts an older file that holds them, and restoring it keeps this browser's base URL, client id and token", async () => {
    await saveCampaignSettings({ clientId: 'mine.apps.googleusercontent.com', developerToken: 'dev-token' });
    const check = readBackupText(await hostile());
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.backup.settings!.campaigns).not.toHaveProperty('baseUrl');
    await restoreSettings(check.backup.settings!);
    // Also when handed the raw values, bypassing the schema.
    await restoreSettings({ ...check.backup.settings!, campaigns: { ...check.backup.settings!.campaigns, baseUrl: 'https://mail-relay.evil.example', clientId: 'evil' } as never });
    expect(await loadCampaignSettings()).toMatchObject({ baseUrl: 'https://gmail.googleapis.com', clientId: 'mine.apps.googleusercontent.com', developerToken: 'dev-token' });
  });

  it('may lower the daily limits but never raise them', async () => {
    const restoreLimits = async (current: { accountType: 'gmail' | 'workspace'; dailyCap?: number }, file: { accountType: 'gmail' | 'workspace'; dailyCap?: number }) => {
      fakeBrowser.reset();
      const settings = await readSettingsForBackup();
      await saveCampaignSettings(current);
      await restoreSettings({ ...settings, campaigns: { ...settings.campaigns, ...file } });
      const { accountType, dailyCap } = await loadCampaignSettings();
      return { accountType, dailyCap };
    };
    expect(await restoreLimits({ accountType: 'gmail' }, { accountType: 'workspace', dailyCap: 1800 })).toEqual({ accountType: 'gmail', dailyCap: undefined });
    expect(await restoreLimits({ accountType: 'gmail', dailyCap: 100 }, { accountType: 'gmail', dailyCap: 400 })).toEqual({ accountType: 'gmail', dailyCap: 100 });
    expect(await restoreLimits({ accountType: 'gmail', dailyCap: 100 }, { accountType: 'gmail' })).toEqual({ accountType: 'gmail', dailyCap: 100 });
    expect(await restoreLimits({ accountType: 'workspace' }, { accountType: 'gmail', dailyCap: 300 })).toEqual({ accountType: 'gmail', dailyCap: 300 });
    expect(await restoreLimits({ accountType: 'gmail' }, { accountType: 'workspace', dailyCap: 200 })).toEqual({ accountType: 'gmail', dailyCap: 200 });
  });
});

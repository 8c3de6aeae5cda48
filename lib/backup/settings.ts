import { z } from 'zod';
import { SettingsSchema, settingsItem, loadSettings } from '../settings';
import { RiskSettingsSchema, riskSettingsItem, loadRiskSettings } from '../churn/settings';
import { CampaignSettingsSchema, campaignSettingsItem, loadCampaignSettings } from '../campaigns/settings';

/**
 * The settings a backup carries with the database: custom field definitions and the sidebar's
 * options, the risk rules and field mapping, and the campaign sending options. Secrets are left
 * out (the developer token stays in this browser; the Google sign-in token lives only in session
 * storage), and so is `sidebarCollapsed`, a choice about this screen.
 */
export const BackupSettingsSchema = z.object({
  general: SettingsSchema.omit({ sidebarCollapsed: true }),
  risk: RiskSettingsSchema,
  campaigns: CampaignSettingsSchema.omit({ developerToken: true }),
});
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

/** This browser's settings, for a backup. */
export async function readSettingsForBackup(): Promise<BackupSettings> {
  const [general, risk, campaigns] = await Promise.all([loadSettings(), loadRiskSettings(), loadCampaignSettings()]);
  const { sidebarCollapsed: _screen, ...generalRest } = general;
  const { developerToken: _secret, ...campaignsRest } = campaigns;
  return { general: generalRest, risk, campaigns: campaignsRest };
}

/** Replaces the settings with a (validated) backup's, keeping this browser's screen choice and developer token. */
export async function restoreSettings(backup: BackupSettings): Promise<void> {
  const [general, campaigns] = await Promise.all([loadSettings(), loadCampaignSettings()]);
  await Promise.all([
    settingsItem.setValue(SettingsSchema.parse({ ...backup.general, sidebarCollapsed: general.sidebarCollapsed })),
    riskSettingsItem.setValue(RiskSettingsSchema.parse(backup.risk)),
    campaignSettingsItem.setValue(CampaignSettingsSchema.parse({ ...backup.campaigns, developerToken: campaigns.developerToken })),
  ]);
}

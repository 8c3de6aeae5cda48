import { z } from 'zod';
import { z as mini } from '../zod';
import { SettingsSchema, settingsItem, loadSettings } from '../settings';
import { RiskSettingsSchema, riskSettingsItem, loadRiskSettings } from '../churn/settings';
import { CampaignSettingsSchema, campaignSettingsItem, loadCampaignSettings, type CampaignSettings } from '../campaigns/settings';
import { effectiveCap } from '../campaigns/ledger';
import { ACCOUNT_CAPS } from '../campaigns/types';

/**
 * The settings a backup carries with the database: custom field definitions and the sidebar's
 * options, the risk rules and field mapping, and the campaign sender and daily limits. Secrets are
 * left out (the developer token stays in this browser; the Google sign-in token lives only in
 * session storage), and so is `sidebarCollapsed`, a choice about this screen. So are the Gmail API
 * base URL and the OAuth client id: a restored file must never decide where campaign mail and the
 * developer token go, or which client signs in (issue #14). Older files that hold them still pass;
 * the keys are dropped.
 */
export const BackupSettingsSchema = z.object({
  general: mini.omit(SettingsSchema, { sidebarCollapsed: true }),
  risk: RiskSettingsSchema,
  campaigns: CampaignSettingsSchema.omit({ developerToken: true, baseUrl: true, clientId: true }),
});
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

/** This browser's settings, for a backup. */
export async function readSettingsForBackup(): Promise<BackupSettings> {
  const [general, risk, campaigns] = await Promise.all([loadSettings(), loadRiskSettings(), loadCampaignSettings()]);
  const { sidebarCollapsed: _screen, ...generalRest } = general;
  const { developerToken: _secret, baseUrl: _endpoint, clientId: _client, ...campaignsRest } = campaigns;
  return { general: generalRest, risk, campaigns: campaignsRest };
}

/**
 * Replaces the settings with a (validated) backup's, keeping this browser's screen choice, developer
 * token, API base URL and OAuth client id; the daily limits may only come down.
 */
export async function restoreSettings(backup: BackupSettings): Promise<void> {
  const [general, campaigns] = await Promise.all([loadSettings(), loadCampaignSettings()]);
  const { developerToken, baseUrl, clientId } = campaigns;
  await Promise.all([
    settingsItem.setValue(SettingsSchema.parse({ ...backup.general, sidebarCollapsed: general.sidebarCollapsed })),
    riskSettingsItem.setValue(RiskSettingsSchema.parse(backup.risk)),
    campaignSettingsItem.setValue(CampaignSettingsSchema.parse({ ...backup.campaigns, ...lowerLimits(campaigns, backup.campaigns), developerToken, baseUrl, clientId })),
  ]);
}

type Limits = Pick<CampaignSettings, 'accountType' | 'dailyCap'>;

// The restore screen does not show these values, so a file may bring back a lower limit (a user's
// own cap on a new browser) but never a higher one: that would raise sending unseen, past what the
// account may really send.
function lowerLimits(current: Limits, file: Limits): Limits {
  const accountType = ACCOUNT_CAPS[file.accountType] <= ACCOUNT_CAPS[current.accountType] ? file.accountType : current.accountType;
  const dailyCap = file.dailyCap !== undefined && file.dailyCap < effectiveCap(current.accountType, current.dailyCap) ? file.dailyCap : current.dailyCap;
  return { accountType, dailyCap };
}

import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { isValidAddress } from '../gmail-api/address';
import { DEFAULT_GMAIL_BASE_URL } from '../gmail-api/client';
import { ACCOUNT_TYPES } from './types';

/** The OAuth client id baked in at build time (WXT_GMAIL_CLIENT_ID in .env); empty when none was given. */
export const BUILD_CLIENT_ID: string = (import.meta.env?.WXT_GMAIL_CLIENT_ID as string | undefined) ?? '';

const emptyAsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const CampaignSettingsSchema = z.object({
  /** Overrides the build-time client id when set. */
  clientId: z.preprocess(
    emptyAsAbsent,
    z
      .string()
      .trim()
      .regex(/^[\w.-]+$/, 'not an OAuth client id')
      .max(200)
      .optional(),
  ),
  /** Where the Gmail API lives; tests and development point it at a local server. */
  baseUrl: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'http or https only')
    .default(DEFAULT_GMAIL_BASE_URL),
  accountType: z.enum(ACCOUNT_TYPES).default('gmail'),
  /** The user's own daily cap, used when lower than the account's. */
  dailyCap: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().positive().max(2000).optional()),
  /** The sending account's address (the From of every campaign message). */
  senderAddress: z.preprocess(emptyAsAbsent, z.string().trim().toLowerCase().refine(isValidAddress, 'not a valid address').optional()),
  senderName: z.string().trim().max(200).default(''),
  /**
   * Developer mode: a manually entered access token used instead of signing in (tests, a local fake
   * server). Kept in local storage so a test campaign survives a browser restart; the UI shows a warning
   * while it is set. A Google OAuth token is only ever sent to Google's own base URL (auth.ts).
   */
  developerToken: z.preprocess(emptyAsAbsent, z.string().trim().max(4096).optional()),
});
export type CampaignSettings = z.infer<typeof CampaignSettingsSchema>;
export type CampaignSettingsInput = z.input<typeof CampaignSettingsSchema>;

export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = CampaignSettingsSchema.parse({});

/** Campaign settings, in extension storage apart from the other settings. */
export const campaignSettingsItem = storage.defineItem<CampaignSettings>('local:campaignSettings', { fallback: DEFAULT_CAMPAIGN_SETTINGS, version: 1 });

/** Parses stored settings; a malformed value falls back to the defaults. */
export function parseCampaignSettings(raw: unknown): CampaignSettings {
  const parsed = CampaignSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_CAMPAIGN_SETTINGS;
}

export async function loadCampaignSettings(): Promise<CampaignSettings> {
  return parseCampaignSettings(await campaignSettingsItem.getValue());
}

/** Validates and saves; on bad input nothing is stored and the issues are returned per field. */
export async function saveCampaignSettings(input: CampaignSettingsInput): Promise<{ ok: true; settings: CampaignSettings } | { ok: false; issues: { path: string; message: string }[] }> {
  const parsed = CampaignSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  await campaignSettingsItem.setValue(parsed.data);
  return { ok: true, settings: parsed.data };
}

/** The client id in force: the settings' own, else the build's. */
export function effectiveClientId(settings: CampaignSettings): string {
  return settings.clientId ?? BUILD_CLIENT_ID;
}

import { storage } from 'wxt/utils/storage';
import { z } from './zod';

export const CustomFieldSchema = z.object({
  key: z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/)),
  label: z.string().check(z.minLength(1), z.maxLength(80)),
});
export type CustomField = z.infer<typeof CustomFieldSchema>;

export const SettingsSchema = z.object({
  /** Create a contact for each new correspondent seen in a thread. */
  autoCreate: z._default(z.boolean(), true),
  /** Addresses and domains Kizuna never records. */
  neverLog: z._default(z.array(z.string().check(z.maxLength(320))).check(z.maxLength(5000)), []),
  /** The user's other addresses, never treated as correspondents. */
  aliases: z._default(z.array(z.string().check(z.maxLength(320))).check(z.maxLength(100)), []),
  /** Gmail addresses the sidebar has seen signed in, most recent first: the mailbox import fills in the user's own addresses from them. */
  gmailAccounts: z._default(z.array(z.string().check(z.maxLength(320))).check(z.maxLength(20)), []),
  customFields: z._default(z.array(CustomFieldSchema).check(z.maxLength(100)), []),
  sidebarCollapsed: z._default(z.boolean(), false),
  /** Dock Kizuna inside Gmail's own side-panel column instead of the browser's side panel (off by default). */
  gmailDock: z._default(z.boolean(), false),
  /** ISO 4217 code revenue is shown in; unset means the UI language's default (JPY in Japanese, else USD). */
  currency: z.catch(z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))), undefined),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** The user's settings, in extension storage (never Gmail's), versioned for future migrations. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** The stored settings, with defaults for anything missing or malformed; `stored` is a raw read already under way. */
export async function loadSettings(stored?: Promise<unknown> | null): Promise<Settings> {
  return parseSettings(await (stored ?? settingsItem.getValue()));
}

/** Parses stored settings; a malformed value falls back to defaults instead of breaking the sidebar. */
export function parseSettings(raw: unknown): Settings {
  const parsed = SettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Saves part of the settings, keeping the rest. */
export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = SettingsSchema.parse({ ...(await loadSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** The settings change that records a Gmail address seen signed in (most recent first), or null when it is already first. */
export function rememberGmailAccount(settings: Pick<Settings, 'gmailAccounts'>, email: string | null | undefined): Pick<Settings, 'gmailAccounts'> | null {
  const address = email?.trim().toLowerCase();
  if (!address || !address.includes('@') || settings.gmailAccounts[0] === address) return null;
  return { gmailAccounts: [address, ...settings.gmailAccounts.filter((a) => a !== address)].slice(0, 20) };
}

/** The user's own addresses as the settings know them: Gmail accounts seen signed in, then aliases; lower-cased, each once. */
export function knownOwnAddresses(settings: Pick<Settings, 'gmailAccounts' | 'aliases'>): string[] {
  return [...new Set([...settings.gmailAccounts, ...settings.aliases].map((a) => a.trim().toLowerCase()).filter(Boolean))];
}

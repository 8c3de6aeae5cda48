// What the settings page and the page that holds the team's live documents share: the team the
// user joined (written by settings, read by the sync host) and the sync's health (written by the
// host, shown by settings and the app header). Both live in extension storage, so every context
// sees them and a change reaches the others through storage's change events.
import { storage } from 'wxt/utils/storage';
import { z } from '../zod';

/** A member's role on the team server (server/team-store.ts decides it from the invitation). */
export const TeamRoleSchema = z.enum(['admin', 'member', 'viewer']);
export type TeamRole = z.infer<typeof TeamRoleSchema>;

export { CONTACT_SHARDS, serverDocumentName, teamDocumentNames } from './documents';

/** Why the server refused this member for good. */
export const TeamLeftReasonSchema = z.enum(['member-removed', 'token-unknown', 'invitation-expired', 'other-team']);

/** The team this browser joined. Absent: Kizuna is local only. */
export const TeamConfigSchema = z.object({
  /** `wss://…`, or `ws://` to localhost / 127.0.0.1 only. */
  serverUrl: z.string().check(z.url()),
  /** The invitation token, `kzn1_<teamId>_<secret>`. */
  token: z.string().check(z.minLength(1), z.maxLength(200)),
  /** From the token: ten lower-case letters and digits. */
  teamId: z.string().check(z.regex(/^[a-z0-9]{10}$/)),
  /** The name other members see on notes and "changed by". */
  memberName: z.string().check(z.minLength(1), z.maxLength(80)),
  joinedAt: z.number(),
  /** Set when the server refused this member for good (removed, token rotated): the local copy stays, read-only. */
  leftReason: z.optional(TeamLeftReasonSchema),
});
export type TeamConfig = z.infer<typeof TeamConfigSchema>;

/** The state of one document's connection. */
export const ShardStateSchema = z.enum(['connecting', 'connected', 'offline', 'refused']);

export const ShardHealthSchema = z.object({
  state: ShardStateSchema,
  /** Local changes not yet acknowledged by the server. */
  pending: z.number().check(z.int(), z.nonnegative()),
  /** When the server last acknowledged everything of this document (ms since epoch). */
  lastSyncedAt: z.optional(z.number()),
  /** Since when it has been offline or refused. */
  since: z.optional(z.number()),
  /** Unloaded while idle (nothing pending, all synced): loaded again for a local edit or a change on the server. */
  idle: z.optional(z.boolean()),
});
export type ShardHealth = z.infer<typeof ShardHealthSchema>;

/** One entry of the sync's error log; `code` is translated in the UI (`teamError_<code>`). */
export const TeamLogEntrySchema = z.object({
  at: z.number(),
  code: z.enum(['server-unreachable', 'token-malformed', 'token-unknown', 'other-team', 'invitation-expired', 'member-removed', 'read-only', 'reconnected', 'merge-conflict']),
  /** A document name or a field, when it helps. */
  detail: z.optional(z.string().check(z.maxLength(200))),
});
export type TeamLogEntry = z.infer<typeof TeamLogEntrySchema>;

/** What the sync host last reported. */
export const TeamHealthSchema = z.object({
  /** The server's answer to this member: `readonly` for viewers. */
  scope: z.optional(z.enum(['read-write', 'readonly'])),
  role: z.optional(TeamRoleSchema),
  shards: z.record(z.string(), ShardHealthSchema),
  /** Newest first, at most 50. */
  log: z.array(TeamLogEntrySchema).check(z.maxLength(50)),
  updatedAt: z.number(),
});
export type TeamHealth = z.infer<typeof TeamHealthSchema>;

/** The joined team, in extension storage. */
export const teamConfigItem = storage.defineItem<TeamConfig | null>('local:team', { fallback: null });

/** The sync's health, in extension storage (the host writes it at most a few times a second). */
export const teamHealthItem = storage.defineItem<TeamHealth | null>('local:teamHealth', { fallback: null });

import * as z from 'zod/mini';
import { DOCK_REASONS } from './panel/messages';

/**
 * The messages between the Gmail content script and the sidebar, over a runtime Port tied to the
 * tab (the side panel connects with tabs.connect to its Gmail tab's top frame). zod/mini keeps the
 * content script small; every receiver parses what it gets.
 */

export const PersonSchema = z.object({
  email: z.string().check(z.maxLength(320)),
  name: z.string().check(z.maxLength(500)),
});
export type Person = z.infer<typeof PersonSchema>;

export const ThreadMessageSchema = z.object({
  messageId: z.string().check(z.minLength(1), z.maxLength(200)),
  from: PersonSchema,
  to: z.array(PersonSchema),
  cc: z.array(PersonSchema),
  /** Epoch ms, or null when Gmail's date could not be read. */
  at: z.nullable(z.number()),
  snippet: z.string().check(z.maxLength(400)),
});
export type ThreadMessage = z.infer<typeof ThreadMessageSchema>;

export const ThemeSchema = z.enum(['light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const UNREADABLE_REASONS = ['no-thread', 'no-messages', 'no-sender', 'layout-unknown'] as const;

export const SnapshotSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('thread'),
    threadId: z.string().check(z.minLength(1), z.maxLength(200)),
    subject: z.string().check(z.maxLength(1000)),
    /** The signed-in address as read from Gmail's page, when found. */
    userEmail: z.nullable(z.string()),
    messages: z.array(ThreadMessageSchema).check(z.minLength(1), z.maxLength(500)),
    theme: ThemeSchema,
  }),
  z.object({
    status: z.literal('none'),
    reason: z.enum(UNREADABLE_REASONS),
    userEmail: z.nullable(z.string()),
    theme: ThemeSchema,
  }),
]);
export type Snapshot = z.infer<typeof SnapshotSchema>;
export type ThreadSnapshot = Extract<Snapshot, { status: 'thread' }>;

/** Content script → sidebar. */
export const ToSidebarSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
  z.object({ type: z.literal('inserted'), requestId: z.number(), ok: z.boolean(), reason: z.optional(z.string()) }),
  /** A `;word ` typed in a compose box: the sidebar answers with an `expansion`. */
  z.object({ type: z.literal('expand'), requestId: z.number(), word: z.string().check(z.maxLength(32)) }),
  /** The user pressed the quick-reply shortcut in Gmail. */
  z.object({ type: z.literal('openPicker') }),
  /** Where the in-Gmail dock is for this tab (lib/panel/messages.ts DockStatus). */
  z.object({ type: z.literal('dock'), state: z.enum(['docked', 'off', 'fallback']), reason: z.optional(z.enum(DOCK_REASONS)) }),
]);
export type ToSidebar = z.infer<typeof ToSidebarSchema>;

export { SIDEBAR_PORT, ToContentSchema, type ToContent } from './protocol-to-content';

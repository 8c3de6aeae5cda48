import * as z from 'zod/mini';

/** Sidebar → content script. Kept apart from the snapshot schemas so the content script bundles only this. */
export const ToContentSchema = z.union([
  z.object({ type: z.literal('hello') }),
  z.object({ type: z.literal('layout'), collapsed: z.boolean() }),
]);
export type ToContent = z.infer<typeof ToContentSchema>;

export const SIDEBAR_PORT = 'kizuna-sidebar';

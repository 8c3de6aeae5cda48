import * as z from 'zod/mini';

/** Sidebar → content script. The schema states the contract; tests hold `readToContent` to it. */
export const ToContentSchema = z.union([
  z.object({ type: z.literal('hello') }),
  /** Insert text into the open reply or compose box, opening the reply when none is open. */
  z.object({ type: z.literal('insert'), requestId: z.number(), text: z.string().check(z.maxLength(200_000)) }),
  /** The answer to an `expand` request: the rendered template, or null when the word matches none. */
  z.object({ type: z.literal('expansion'), requestId: z.number(), text: z.nullable(z.string().check(z.maxLength(200_000))) }),
]);
export type ToContent = z.infer<typeof ToContentSchema>;

export { SIDEBAR_PORT } from './protocol-content-guard';

import { z } from 'zod';

// Answers from the network are untrusted: parse only what the sender needs, let the rest pass.

export const SentMessageSchema = z.looseObject({
  id: z.string().min(1),
  threadId: z.string().min(1),
  labelIds: z.array(z.string()).optional(),
});
export type SentMessage = z.infer<typeof SentMessageSchema>;

export const MessageListSchema = z.looseObject({
  messages: z.array(z.looseObject({ id: z.string(), threadId: z.string() })).optional(),
  resultSizeEstimate: z.number().optional(),
});
export type MessageRef = { id: string; threadId: string };

const HeaderSchema = z.object({ name: z.string(), value: z.string() });

export interface MessagePart {
  mimeType?: string;
  headers?: { name: string; value: string }[];
  body?: { size?: number; data?: string };
  parts?: MessagePart[];
}

const PartSchema: z.ZodType<MessagePart> = z.lazy(() =>
  z.looseObject({
    mimeType: z.string().optional(),
    headers: z.array(HeaderSchema).optional(),
    body: z.looseObject({ size: z.number().optional(), data: z.string().optional() }).optional(),
    parts: z.array(PartSchema).max(200).optional(),
  }),
);

export const ThreadMessageSchema = z.looseObject({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).optional(),
  snippet: z.string().optional(),
  internalDate: z.string().optional(),
  payload: PartSchema.optional(),
});
export type ThreadMessage = z.infer<typeof ThreadMessageSchema>;

export const ThreadSchema = z.looseObject({
  id: z.string(),
  messages: z.array(ThreadMessageSchema).max(1000).default([]),
});
export type GmailThread = z.infer<typeof ThreadSchema>;

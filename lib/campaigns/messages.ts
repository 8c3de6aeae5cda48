import { z } from 'zod';

/** Messages from the app page to the background's campaign queue (runtime.sendMessage); each gets a CampaignReply. */
export const CampaignMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('campaign:control'), action: z.enum(['start', 'pause', 'resume', 'cancel']), id: z.string().min(1).max(64) }),
  z.object({ type: z.literal('campaign:tick') }),
  z.object({ type: z.literal('campaign:test'), id: z.string().min(1).max(64), contactId: z.number().int(), step: z.number().int().min(0).max(9), to: z.string().max(254) }),
]);
export type CampaignMessage = z.infer<typeof CampaignMessageSchema>;

export type CampaignReply = { ok: true; changed?: boolean } | { ok: false; error: string; code?: 'quota' | 'auth' | 'other'; availableAt?: number };

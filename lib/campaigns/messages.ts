import type { Message } from '../messages/protocol';

/** Messages from the app page to the background's campaign queue (lib/messages/protocol.ts); each gets a CampaignReply. */
export type CampaignMessage = Message<'campaign:control' | 'campaign:tick' | 'campaign:test'>;

export type CampaignReply = { ok: true; changed?: boolean } | { ok: false; error: string; code?: 'quota' | 'auth' | 'other'; availableAt?: number };

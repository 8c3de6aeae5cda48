import { createContext } from 'react';

/** What the sidebar shell offers the quick replies: inserting into Gmail, and the picker shortcut. */
export interface ComposeBridge {
  insert(text: string): Promise<{ ok: boolean; reason?: string }>;
  focusToken: number;
}

// Apart from the quick replies, which load after the profile painted: the shell provides it from the first render.
export const ComposeBridgeContext = createContext<ComposeBridge>({ insert: async () => ({ ok: false, reason: 'no-gmail' }), focusToken: 0 });
